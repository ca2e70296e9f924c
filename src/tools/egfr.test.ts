import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calculateEgfr, convertCreatinine, estimateGfr, stageFor, toMgPerDl } from './egfr.ts';
import { parseConvertForm, parseEgfrForm, type EgfrFormValues } from './egfr-input.ts';

// Worked examples from the published CKD-EPI 2021 creatinine equation (no race term):
//   eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [female]
//   κ = 0.7 (F) / 0.9 (M), α = −0.241 (F) / −0.302 (M), Scr in mg/dL.
// The arithmetic is done by hand with natural logs, to four or five significant figures.

describe('CKD-EPI 2021 worked examples', () => {
  it('female, 60 years, creatinine 1.0 mg/dL → 64 (G2)', () => {
    // Scr/κ = 1.0/0.7 = 1.42857 > 1, so the min term is 1.
    // max term: 1.42857^−1.2 = e^(−1.2 × 0.35667) = e^−0.42801 = 0.65180
    // age: 0.9938^60 = e^(60 × −0.0062193) = e^−0.37316 = 0.68858
    // 142 × 0.65180 × 0.68858 × 1.012 = 64.50 → 64
    const raw = estimateGfr({ creatinineMgPerDl: 1.0, age: 60, sex: 'female' });
    assert.ok(Math.abs(raw - 64.50) < 0.05, String(raw));
    assert.deepEqual(calculateEgfr({ creatinine: 1.0, unit: 'mg/dL', age: 60, sex: 'female' }),
      { egfr: 64, stage: 'G2', creatinine: { mgPerDl: 1, umolPerL: 88 } });
  });

  it('male, 50 years, creatinine 1.2 mg/dL → 74 (G2)', () => {
    // Scr/κ = 1.2/0.9 = 1.33333; max term: e^(−1.2 × 0.28768) = e^−0.34522 = 0.70808
    // age: 0.9938^50 = e^−0.31097 = 0.73273
    // 142 × 0.70808 × 0.73273 = 73.67 → 74 (no sex factor for men)
    const raw = estimateGfr({ creatinineMgPerDl: 1.2, age: 50, sex: 'male' });
    assert.ok(Math.abs(raw - 73.67) < 0.05, String(raw));
    assert.equal(calculateEgfr({ creatinine: 1.2, unit: 'mg/dL', age: 50, sex: 'male' }).egfr, 74);
  });

  it('a µmol/L input: male, 70 years, 177 µmol/L → 35 (G3b)', () => {
    // 177 / 88.4 = 2.00226 mg/dL; Scr/κ = 2.22474; max term: e^(−1.2 × 0.79962) = e^−0.95955 = 0.38308
    // age: 0.9938^70 = e^−0.43535 = 0.64704
    // 142 × 0.38308 × 0.64704 = 35.20 → 35
    const raw = estimateGfr({ creatinineMgPerDl: toMgPerDl(177, 'umol/L'), age: 70, sex: 'male' });
    assert.ok(Math.abs(raw - 35.20) < 0.05, String(raw));
    assert.deepEqual(calculateEgfr({ creatinine: 177, unit: 'umol/L', age: 70, sex: 'male' }),
      { egfr: 35, stage: 'G3b', creatinine: { mgPerDl: 2, umolPerL: 177 } });
  });

  it('a value below κ uses the α exponent: female, 30 years, 0.5 mg/dL → 129 (G1)', () => {
    // Scr/κ = 0.5/0.7 = 0.71429 < 1, so the max term is 1.
    // min term: 0.71429^−0.241 = e^(−0.241 × −0.33647) = e^0.081090 = 1.08447
    // age: 0.9938^30 = e^−0.18658 = 0.82979
    // 142 × 1.08447 × 0.82979 × 1.012 = 129.32 → 129
    const raw = estimateGfr({ creatinineMgPerDl: 0.5, age: 30, sex: 'female' });
    assert.ok(Math.abs(raw - 129.32) < 0.05, String(raw));
    assert.equal(calculateEgfr({ creatinine: 0.5, unit: 'mg/dL', age: 30, sex: 'female' }).stage, 'G1');
  });

  it('kidney failure: male, 80 years, 5.0 mg/dL → 11 (G5)', () => {
    // Scr/κ = 5.55556; max term: e^(−1.2 × 1.71480) = e^−2.05776 = 0.12777
    // age: 0.9938^80 = e^−0.49754 = 0.60802
    // 142 × 0.12777 × 0.60802 = 11.03 → 11
    assert.deepEqual(calculateEgfr({ creatinine: 5, unit: 'mg/dL', age: 80, sex: 'male' }).egfr, 11);
    assert.equal(calculateEgfr({ creatinine: 5, unit: 'mg/dL', age: 80, sex: 'male' }).stage, 'G5');
  });

  it('at exactly κ both terms are 1: male, 40 years, 0.9 mg/dL → 142 × 0.9938^40 = 142 × 0.77980 = 110.73 → 111', () => {
    assert.equal(calculateEgfr({ creatinine: 0.9, unit: 'mg/dL', age: 40, sex: 'male' }).egfr, 111);
  });
});

describe('CKD G stages are read from the rounded eGFR', () => {
  const cases: [raw: number, rounded: number, stage: string][] = [
    [89.5, 90, 'G1'], [89.49, 89, 'G2'], [90, 90, 'G1'],
    [59.5, 60, 'G2'], [59.49, 59, 'G3a'], [60, 60, 'G2'], [59, 59, 'G3a'],
    [44.5, 45, 'G3a'], [44.49, 44, 'G3b'], [45, 45, 'G3a'], [44, 44, 'G3b'],
    [29.5, 30, 'G3b'], [29.49, 29, 'G4'], [30, 30, 'G3b'], [29, 29, 'G4'],
    [14.5, 15, 'G4'], [14.49, 14, 'G5'], [15, 15, 'G4'], [14, 14, 'G5'], [1, 1, 'G5'],
  ];
  for (const [raw, rounded, stage] of cases) {
    it(`${raw} rounds to ${rounded}: ${stage}`, () => {
      assert.equal(Math.round(raw), rounded);
      assert.equal(stageFor(Math.round(raw)), stage);
    });
  }
});

describe('creatinine unit conversion', () => {
  it('mg/dL → µmol/L multiplies by 88.4 and rounds to a whole number', () => {
    assert.deepEqual(convertCreatinine(1, 'mg/dL'), { mgPerDl: 1, umolPerL: 88 });
    assert.deepEqual(convertCreatinine(1.2, 'mg/dL'), { mgPerDl: 1.2, umolPerL: 106 }); // 106.08
    assert.deepEqual(convertCreatinine(30, 'mg/dL'), { mgPerDl: 30, umolPerL: 2652 });
  });

  it('µmol/L → mg/dL divides by 88.4 and keeps two decimals', () => {
    assert.deepEqual(convertCreatinine(100, 'umol/L'), { mgPerDl: 1.13, umolPerL: 100 }); // 1.1312
    assert.deepEqual(convertCreatinine(442, 'umol/L'), { mgPerDl: 5, umolPerL: 442 });
    assert.equal(toMgPerDl(88.4, 'umol/L'), 1);
  });
});

describe('the calculator refuses impossible or missing values with a message per field', () => {
  const valid = { creatinine: '1.0', unit: 'mg/dL', age: '60', sex: 'female' };
  const problemFor = (values: EgfrFormValues, field: string): string | undefined => {
    const parsed = parseEgfrForm(values);
    return parsed.ok ? undefined : parsed.problems.find((p) => p.field === field)?.message;
  };
  const expectations: [Partial<EgfrFormValues>, string, string][] = [
    [{ creatinine: '' }, 'creatinine', 'Enter your creatinine result.'],
    [{ creatinine: '   ' }, 'creatinine', 'Enter your creatinine result.'],
    [{ creatinine: 'abc' }, 'creatinine', 'Enter creatinine as a number, for example 1.2 or 106.'],
    [{ creatinine: '1e3' }, 'creatinine', 'Enter creatinine as a number, for example 1.2 or 106.'],
    [{ creatinine: 'Infinity' }, 'creatinine', 'Enter creatinine as a number, for example 1.2 or 106.'],
    [{ creatinine: '1,2' }, 'creatinine', 'Use a dot for decimals, for example 1.2 rather than 1,2.'],
    [{ creatinine: '-1' }, 'creatinine', 'Creatinine cannot be a negative number.'],
    [{ creatinine: '0' }, 'creatinine', 'Creatinine must be more than zero.'],
    [{ creatinine: '0.0' }, 'creatinine', 'Creatinine must be more than zero.'],
    [{ creatinine: '30.01' }, 'creatinine', 'Creatinine above 30 mg/dL (2652 µmol/L) is not a result this tool can use. Check the number and the unit.'],
    [{ creatinine: '2653', unit: 'umol/L' }, 'creatinine', 'Creatinine above 30 mg/dL (2652 µmol/L) is not a result this tool can use. Check the number and the unit.'],
    [{ creatinine: '1.2', unit: 'umol/L' }, 'creatinine', 'Creatinine below 0.1 mg/dL (9 µmol/L) is lower than any real blood result. Check the number and the unit.'],
    [{ unit: '' }, 'unit', 'Choose the unit of your result: mg/dL or µmol/L.'],
    [{ unit: 'mmol/L' }, 'unit', 'Choose mg/dL or µmol/L. Other units are not supported.'],
    [{ age: '' }, 'age', 'Enter your age in years.'],
    [{ age: 'sixty' }, 'age', 'Enter your age as a whole number of years, for example 60.'],
    [{ age: '-5' }, 'age', 'Age cannot be a negative number.'],
    [{ age: '0' }, 'age', 'Age must be more than zero.'],
    [{ age: '45.5' }, 'age', 'Enter your age in whole years, for example 60.'],
    [{ age: '17' }, 'age', 'This equation is only for adults aged 18 or over. Children’s kidney function is worked out differently.'],
    [{ age: '121' }, 'age', 'Enter an age of 120 or under.'],
    [{ sex: '' }, 'sex', 'Choose female or male.'],
    [{ sex: 'other' }, 'sex', 'Choose female or male: the equation was developed for these two groups only.'],
  ];
  for (const [change, field, message] of expectations) {
    it(`${JSON.stringify(change)} → ${field}: ${message}`, () => {
      assert.equal(problemFor({ ...valid, ...change }, field), message);
    });
  }

  it('the limits themselves are accepted: 30 mg/dL, 2652 µmol/L, ages 18 and 120', () => {
    for (const change of [{ creatinine: '30' }, { creatinine: '2652', unit: 'umol/L' }, { age: '18' }, { age: '120' }, { creatinine: ' .9 ' }]) {
      assert.equal(parseEgfrForm({ ...valid, ...change }).ok, true, JSON.stringify(change));
    }
  });

  it('a missing field is reported, and every problem is reported at once in form order', () => {
    const parsed = parseEgfrForm({});
    assert.equal(parsed.ok, false);
    assert.deepEqual(!parsed.ok && parsed.problems.map((p) => p.field), ['creatinine', 'unit', 'age', 'sex']);
  });

  it('the converter checks its own two fields the same way', () => {
    const parsed = parseConvertForm({ convert: '0', from: 'mg/dL' });
    assert.deepEqual(!parsed.ok && parsed.problems, [{ field: 'convert', message: 'Creatinine must be more than zero.' }]);
    const both = parseConvertForm({ convert: 'x', from: 'g' });
    assert.deepEqual(!both.ok && both.problems.map((p) => p.field), ['convert', 'from']);
    assert.deepEqual(parseConvertForm({ convert: '106', from: 'umol/L' }), { ok: true, value: { value: 106, from: 'umol/L' } });
  });
});
