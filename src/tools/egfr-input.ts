import type { FieldProblem } from '../platform/errors.ts';
import {
  CREATININE_UNITS, MAX_AGE, MAX_CREATININE_MG_DL, MIN_AGE, MIN_CREATININE_MG_DL, toMgPerDl, UMOL_PER_MG,
  type CreatinineUnit, type Sex,
} from './egfr.ts';

// Turns what a person typed (query-string text) into typed values, or a message per field saying
// exactly what to fix. The page and the JSON endpoint both go through here.

/** The calculator's fields as they arrive: text, possibly missing. */
export interface EgfrFormValues {
  readonly creatinine?: string | undefined;
  readonly unit?: string | undefined;
  readonly age?: string | undefined;
  readonly sex?: string | undefined;
}

/** The converter's fields as they arrive. */
export interface ConvertFormValues {
  readonly convert?: string | undefined;
  readonly from?: string | undefined;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export interface ValidEgfrInput {
  readonly creatinine: number;
  readonly unit: CreatinineUnit;
  readonly age: number;
  readonly sex: Sex;
}

export interface ValidConvertInput {
  readonly value: number;
  readonly from: CreatinineUnit;
}

const MAX_CREATININE_UMOL = Math.round(MAX_CREATININE_MG_DL * UMOL_PER_MG);
const MIN_CREATININE_UMOL = Math.round(MIN_CREATININE_MG_DL * UMOL_PER_MG);
// Plain decimals only: no exponents, hex, "Infinity" or thousands separators. Longer text is not a result.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const MAX_NUMBER_LENGTH = 12;

type NumberParse = { kind: 'missing' } | { kind: 'comma' } | { kind: 'invalid' } | { kind: 'number'; value: number };

function parseNumber(raw: string | undefined): NumberParse {
  const text = (raw ?? '').trim();
  if (text === '') return { kind: 'missing' };
  if (text.length <= MAX_NUMBER_LENGTH && /^\d+,\d+$/.test(text)) return { kind: 'comma' };
  if (text.length > MAX_NUMBER_LENGTH || !DECIMAL.test(text)) return { kind: 'invalid' };
  return { kind: 'number', value: Number(text) };
}

function parseUnit(raw: string | undefined, field: string, problems: FieldProblem[]): CreatinineUnit | undefined {
  const text = (raw ?? '').trim();
  const unit = CREATININE_UNITS.find((u) => u.value === text)?.value;
  if (text === '') problems.push({ field, message: 'Choose the unit of your result: mg/dL or µmol/L.' });
  else if (!unit) problems.push({ field, message: 'Choose mg/dL or µmol/L. Other units are not supported.' });
  return unit;
}

/** Checks a creatinine value; range checks need the unit, so they are skipped when it is unknown. */
function checkCreatinine(raw: string | undefined, unit: CreatinineUnit | undefined, field: string, problems: FieldProblem[]): number | undefined {
  const parsed = parseNumber(raw);
  const fail = (message: string): undefined => {
    problems.push({ field, message });
    return undefined;
  };
  if (parsed.kind === 'missing') return fail('Enter your creatinine result.');
  if (parsed.kind === 'comma') return fail('Use a dot for decimals, for example 1.2 rather than 1,2.');
  if (parsed.kind === 'invalid') return fail('Enter creatinine as a number, for example 1.2 or 106.');
  const value = parsed.value;
  if (value < 0) return fail('Creatinine cannot be a negative number.');
  if (value === 0) return fail('Creatinine must be more than zero.');
  if (!unit) return value;
  const mg = toMgPerDl(value, unit);
  if (mg > MAX_CREATININE_MG_DL) {
    return fail(`Creatinine above ${MAX_CREATININE_MG_DL} mg/dL (${MAX_CREATININE_UMOL} µmol/L) is not a result this tool can use. Check the number and the unit.`);
  }
  if (mg < MIN_CREATININE_MG_DL) {
    return fail(`Creatinine below ${MIN_CREATININE_MG_DL} mg/dL (${MIN_CREATININE_UMOL} µmol/L) is lower than any real blood result. Check the number and the unit.`);
  }
  return value;
}

function checkAge(raw: string | undefined, problems: FieldProblem[]): number | undefined {
  const parsed = parseNumber(raw);
  const fail = (message: string): undefined => {
    problems.push({ field: 'age', message });
    return undefined;
  };
  if (parsed.kind === 'missing') return fail('Enter your age in years.');
  if (parsed.kind !== 'number') return fail('Enter your age as a whole number of years, for example 60.');
  const age = parsed.value;
  if (age < 0) return fail('Age cannot be a negative number.');
  if (age === 0) return fail('Age must be more than zero.');
  if (!Number.isInteger(age)) return fail('Enter your age in whole years, for example 60.');
  if (age < MIN_AGE) return fail(`This equation is only for adults aged ${MIN_AGE} or over. Children’s kidney function is worked out differently.`);
  if (age > MAX_AGE) return fail(`Enter an age of ${MAX_AGE} or under.`);
  return age;
}

function checkSex(raw: string | undefined, problems: FieldProblem[]): Sex | undefined {
  const text = (raw ?? '').trim();
  if (text === 'female' || text === 'male') return text;
  problems.push({
    field: 'sex',
    message: text === '' ? 'Choose female or male.' : 'Choose female or male: the equation was developed for these two groups only.',
  });
  return undefined;
}

/** The calculator's four fields checked together, so every problem is reported at once. */
export function parseEgfrForm(values: EgfrFormValues): Parsed<ValidEgfrInput> {
  const problems: FieldProblem[] = [];
  const unit = parseUnit(values.unit, 'unit', problems);
  const creatinine = checkCreatinine(values.creatinine, unit, 'creatinine', problems);
  const age = checkAge(values.age, problems);
  const sex = checkSex(values.sex, problems);
  // Report fields in the order the form shows them.
  const order = ['creatinine', 'unit', 'age', 'sex'];
  problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (problems.length > 0 || creatinine === undefined || unit === undefined || age === undefined || sex === undefined) {
    return { ok: false, problems };
  }
  return { ok: true, value: { creatinine, unit, age, sex } };
}

/** The unit converter's two fields. */
export function parseConvertForm(values: ConvertFormValues): Parsed<ValidConvertInput> {
  const problems: FieldProblem[] = [];
  const from = parseUnit(values.from, 'from', problems);
  const value = checkCreatinine(values.convert, from, 'convert', problems);
  problems.sort((a, b) => (a.field === 'convert' ? -1 : 0) - (b.field === 'convert' ? -1 : 0));
  if (problems.length > 0 || value === undefined || from === undefined) return { ok: false, problems };
  return { ok: true, value: { value, from } };
}
