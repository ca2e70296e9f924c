import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { elementHtml, textOf } from '../../test/kb-fixtures.ts';
import { importArticlesFromDir, setArticleStatus } from '../articles/index.ts';
import { SAMPLE_CONTENT_DIR } from '../main.ts';

// The calculator as the server serves it: the GET form, its results and errors, the converter
// and /api/egfr, on both databases (results link to articles, and only published ones).

const FEMALE_60 = '/tools/egfr?creatinine=1.0&unit=mg%2FdL&age=60&sex=female';
const MALE_80_G5 = 'creatinine=5&unit=mg%2FdL&age=80&sex=male';

interface BadInput { field: string; value: string; kind: string; expect: string; repeat?: number }
const BAD_INPUTS = JSON.parse(readFileSync(new URL('../../../shared/security/bad-inputs.json', import.meta.url), 'utf8')) as BadInput[];

/** The article links in the result panel, as slugs. */
function resultArticleSlugs(body: string): string[] {
  const list = elementHtml(body, '<ul class="egfr-articles">') ?? '';
  return [...list.matchAll(/href="\/articles\/([^"]+)"/g)].map((m) => m[1]!);
}

/** The message shown beside a field (its error element), or undefined when it is hidden. */
function fieldMessage(body: string, field: string): string | undefined {
  const match = new RegExp(`<p id="${field}-error" class="field-error"( hidden)?>([\\s\\S]*?)</p>`).exec(body);
  assert.ok(match, `${field} has an error slot`);
  return match[1] ? undefined : textOf(match[2]!).replace(/^Error: /, '');
}

describeEachDatabase('eGFR calculator pages and JSON', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
    const report = await importArticlesFromDir(t.ctx, SAMPLE_CONTENT_DIR, { sample: true });
    assert.equal(report.failedFiles, 0);
  });
  after(async () => {
    await t?.close();
  });

  it('the empty form is 200 with labelled fields, a fieldset for sex, the notices and no errors', async () => {
    const res = await t.app.inject({ url: '/tools/egfr' });
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.ok(body.includes('<h1>Understand your creatinine: eGFR calculator</h1>'));
    const form = elementHtml(body, '<form class="egfr-form"')!;
    assert.ok(body.includes('<form class="egfr-form" action="/tools/egfr" method="get"'), 'a GET form, so results have addresses');
    for (const [id, label] of [['creatinine', 'Creatinine result'], ['unit', 'Unit of your result'], ['age', 'Age in years']]) {
      assert.ok(form.includes(`<label for="${id}">${label}</label>`), label);
      assert.match(form, new RegExp(`id="${id}" name="${id}"`));
    }
    assert.ok(form.includes('<option value="mg/dL">mg/dL</option>') && form.includes('<option value="umol/L">µmol/L</option>'), 'both units');
    assert.match(form, /<fieldset[^>]*>\s*<legend>Sex<\/legend>/);
    assert.ok(form.includes('<input id="sex-female" name="sex" type="radio" value="female"') && form.includes('<label for="sex-female">Female</label>'));
    assert.ok(form.includes('<input id="sex-male" name="sex" type="radio" value="male"') && form.includes('<label for="sex-male">Male</label>'));
    for (const f of ['creatinine', 'unit', 'age', 'sex']) assert.equal(fieldMessage(body, f), undefined, `${f}: no message on the empty form`);
    assert.ok(!body.includes('error-summary') && !body.includes('aria-invalid'));
    const text = textOf(body);
    assert.ok(text.includes('Sample content — not medical advice.'));
    assert.ok(text.includes('When to get urgent help') && text.includes('Call 999 now'));
    assert.ok(text.includes('meant for adults aged 18 or over') && text.includes('eGFR is an estimate, and this page is not a diagnosis'));
    assert.ok(body.includes('<p id="egfr-status" class="visually-hidden" role="status" aria-live="polite"></p>'), 'a live region for the script');
    assert.match(body, /<script src="\/static\/egfr\.js\?v=[0-9a-f]+" defer><\/script>/);
    assert.ok(!/<script>|<script [^>]*>[^<]/.test(body.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, '')), 'no inline script');
  });

  it('a submitted form shows the rounded eGFR, the stage explained, both units, and can be shared and cached briefly', async () => {
    const res = await t.app.inject({ url: FEMALE_60 });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    const panel = textOf(elementHtml(res.body, '<div id="egfr-result"')!);
    assert.ok(panel.includes('eGFR 64 mL/min/1.73 m²'), panel);
    assert.ok(panel.includes('Stage G2 : mildly reduced (eGFR 60 to 89).'), panel);
    assert.ok(panel.includes('creatinine 1.00 mg/dL = 88 µmol/L, age 60, female'), panel);
    assert.ok(panel.includes('only counts as chronic kidney disease (CKD) when there are other signs of kidney damage'), 'G2 is only CKD with other signs');
    assert.ok(panel.includes('One result is not a diagnosis') && panel.includes('more than 3 months'));
    assert.deepEqual(resultArticleSlugs(res.body), ['egfr-and-ckd-stages', 'what-creatinine-means', 'proteinuria', 'high-blood-pressure-and-kidneys']);
    assert.ok(res.body.includes('Your estimated GFR is 64 mL/min/1.73 m²: stage G2, mildly reduced.'), 'announced in the live region');
    // The form keeps what was entered.
    assert.ok(res.body.includes('value="1.0"') && res.body.includes('<option value="mg/dL" selected>') && res.body.includes('value="female" checked'));
    assert.ok(res.body.includes('<meta name="robots" content="noindex">'), 'one person\'s numbers are not indexed');
    assert.ok(res.body.includes('<link rel="canonical" href="http://kidneydesk.test/tools/egfr">'));
  });

  it('each stage links its own articles, and only the published ones', async () => {
    const g5 = await t.app.inject({ url: `/tools/egfr?${MALE_80_G5}` });
    assert.ok(textOf(g5.body).includes('Stage G5 : kidney failure'));
    assert.deepEqual(resultArticleSlugs(g5.body),
      ['creatinine-and-starting-dialysis', 'haemodialysis-vs-peritoneal-dialysis', 'kidney-transplant-basics', 'conservative-kidney-management', 'egfr-and-ckd-stages']);

    assert.equal(await setArticleStatus(t.ctx, 'conservative-kidney-management', 'draft'), true);
    try {
      const page = await t.app.inject({ url: `/tools/egfr?${MALE_80_G5}` });
      assert.ok(!resultArticleSlugs(page.body).includes('conservative-kidney-management'), 'a draft is not linked from the page');
      assert.ok(!page.body.includes('/articles/conservative-kidney-management'));
      const json = (await t.app.inject({ url: `/api/egfr?${MALE_80_G5}` })).json() as { articles: { url: string }[]; html: string };
      assert.ok(!json.articles.some((a) => a.url === '/articles/conservative-kidney-management'), 'nor from the JSON');
      assert.ok(!json.html.includes('conservative-kidney-management'));
      assert.equal(json.articles.length, 4);
    } finally {
      await setArticleStatus(t.ctx, 'conservative-kidney-management', 'published');
    }
  });

  it('/api/egfr returns the result, or 422 with a stable code and a message per field', async () => {
    const ok = await t.app.inject({ url: '/api/egfr?creatinine=177&unit=umol%2FL&age=70&sex=male' });
    assert.equal(ok.statusCode, 200);
    const body = ok.json() as Record<string, unknown>;
    assert.equal(body.egfr, 35);
    assert.equal(body.stage, 'G3b');
    assert.equal(body.stageLabel, 'moderately to severely reduced');
    assert.deepEqual(body.creatinine, { mgPerDl: 2, umolPerL: 177 });
    assert.equal(body.summary, 'Your estimated GFR is 35 mL/min/1.73 m²: stage G3b, moderately to severely reduced.');
    assert.ok(String(body.html).includes('eGFR 35'), 'the same panel the page shows');
    assert.deepEqual((body.articles as { url: string }[])[0], { title: 'eGFR and the stages of chronic kidney disease', url: '/articles/egfr-and-ckd-stages' });

    const bad = await t.app.inject({ url: '/api/egfr?creatinine=0&unit=mg%2FdL&age=150' });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.headers['cache-control'], 'no-store');
    assert.deepEqual(bad.json(), {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention.',
        fields: [
          { field: 'creatinine', message: 'Creatinine must be more than zero.' },
          { field: 'age', message: 'Enter an age of 120 or under.' },
          { field: 'sex', message: 'Choose female or male.' },
        ],
      },
    });
  });

  it('a form with problems is 422, with each message beside its field, a summary, and the entries kept', async () => {
    const cases: [query: string, field: string, message: string][] = [
      ['creatinine=&unit=mg%2FdL&age=60&sex=female', 'creatinine', 'Enter your creatinine result.'],
      ['creatinine=abc&unit=mg%2FdL&age=60&sex=female', 'creatinine', 'Enter creatinine as a number, for example 1.2 or 106.'],
      ['creatinine=-2&unit=mg%2FdL&age=60&sex=female', 'creatinine', 'Creatinine cannot be a negative number.'],
      ['creatinine=0&unit=mg%2FdL&age=60&sex=female', 'creatinine', 'Creatinine must be more than zero.'],
      ['creatinine=31&unit=mg%2FdL&age=60&sex=female', 'creatinine', 'Creatinine above 30 mg/dL (2652 µmol/L) is not a result this tool can use. Check the number and the unit.'],
      ['creatinine=2700&unit=umol%2FL&age=60&sex=female', 'creatinine', 'Creatinine above 30 mg/dL (2652 µmol/L) is not a result this tool can use. Check the number and the unit.'],
      ['creatinine=1&unit=&age=60&sex=female', 'unit', 'Choose the unit of your result: mg/dL or µmol/L.'],
      ['creatinine=1&unit=g%2FL&age=60&sex=female', 'unit', 'Choose mg/dL or µmol/L. Other units are not supported.'],
      ['creatinine=1&unit=mg%2FdL&sex=female', 'age', 'Enter your age in years.'],
      ['creatinine=1&unit=mg%2FdL&age=x&sex=female', 'age', 'Enter your age as a whole number of years, for example 60.'],
      ['creatinine=1&unit=mg%2FdL&age=-1&sex=female', 'age', 'Age cannot be a negative number.'],
      ['creatinine=1&unit=mg%2FdL&age=0&sex=female', 'age', 'Age must be more than zero.'],
      ['creatinine=1&unit=mg%2FdL&age=12&sex=female', 'age', 'This equation is only for adults aged 18 or over. Children’s kidney function is worked out differently.'],
      ['creatinine=1&unit=mg%2FdL&age=130&sex=female', 'age', 'Enter an age of 120 or under.'],
      ['creatinine=1&unit=mg%2FdL&age=60', 'sex', 'Choose female or male.'],
      ['creatinine=1&unit=mg%2FdL&age=60&sex=x', 'sex', 'Choose female or male: the equation was developed for these two groups only.'],
    ];
    for (const [query, field, message] of cases) {
      const res = await t.app.inject({ url: `/tools/egfr?${query}` });
      assert.equal(res.statusCode, 422, query);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(fieldMessage(res.body, field), message, query);
      assert.ok(elementHtml(res.body, '<div class="error-summary"')!.includes(message), 'listed in the summary');
      assert.ok(!res.body.includes('<section class="egfr-result-card"'), 'no result');
      if (field === 'sex') {
        assert.match(res.body, /<fieldset class="field-group field field--error" aria-describedby="sex-hint sex-error">/);
        assert.match(res.body, /id="sex-female" name="sex" type="radio" value="female" aria-invalid="true"/);
      } else {
        assert.match(res.body, new RegExp(`id="${field}" name="${field}"[^>]*aria-describedby="[^"]*${field}-error" aria-invalid="true"`), query);
      }
      assert.ok(textOf(res.body).includes('Error: eGFR calculator') || res.body.includes('<title>Error: eGFR calculator'));
    }
    const kept = await t.app.inject({ url: '/tools/egfr?creatinine=106&unit=umol%2FL&age=12&sex=male' });
    assert.ok(kept.body.includes('value="106"') && kept.body.includes('<option value="umol/L" selected>') && kept.body.includes('value="male" checked'), 'nothing typed is lost');
  });

  it('the converter shows both units, and its own messages', async () => {
    const toUmol = await t.app.inject({ url: '/tools/egfr?convert=1.2&from=mg%2FdL' });
    assert.equal(toUmol.statusCode, 200);
    assert.ok(textOf(toUmol.body).includes('1.2 mg/dL is 106 µmol/L.'));
    const toMg = await t.app.inject({ url: '/tools/egfr?convert=100&from=umol%2FL' });
    assert.ok(textOf(toMg.body).includes('100 µmol/L is 1.13 mg/dL.'));
    assert.equal(fieldMessage(toMg.body, 'creatinine'), undefined, 'converting is not a calculation with missing fields');

    const bad = await t.app.inject({ url: '/tools/egfr?convert=-3&from=mg%2FdL' });
    assert.equal(bad.statusCode, 422);
    assert.equal(fieldMessage(bad.body, 'convert'), 'Creatinine cannot be a negative number.');
    const noUnit = await t.app.inject({ url: '/tools/egfr?convert=3&from=' });
    assert.equal(fieldMessage(noUnit.body, 'from'), 'Choose the unit of your result: mg/dL or µmol/L.');

    // A result and a conversion together: the converter form carries the calculation along.
    const both = await t.app.inject({ url: `${FEMALE_60}&convert=100&from=umol%2FL` });
    assert.equal(both.statusCode, 200);
    assert.ok(textOf(both.body).includes('eGFR 64') && textOf(both.body).includes('100 µmol/L is 1.13 mg/dL.'));
    const convertForm = elementHtml(both.body, '<form class="convert-form"')!;
    assert.ok(convertForm.includes('<input type="hidden" name="creatinine" value="1.0" data-carry="creatinine">'));
  });

  it('hostile text in the number fields is refused with a message and echoed escaped, never a 500', async () => {
    const entries = BAD_INPUTS.filter((e) => e.field === 'phone' || e.field === 'search');
    assert.ok(entries.length >= 10);
    for (const entry of entries) {
      const value = entry.value.repeat(entry.repeat ?? 1);
      for (const param of ['creatinine', 'age', 'convert']) {
        const values: Record<string, string> = { creatinine: '1', unit: 'mg/dL', age: '60', sex: 'female', [param]: value };
        if (param === 'convert') values.from = 'mg/dL';
        const url = `/tools/egfr?${new URLSearchParams(values).toString()}`;
        const res = await t.app.inject({ url });
        const what = `${param} = ${entry.kind} ${entry.value.slice(0, 30)}`;
        assert.ok(res.statusCode < 500, what);
        if (url.length > 16_384) {
          assert.equal(res.statusCode, 414, what);
          continue;
        }
        assert.equal(res.statusCode, 422, what);
        assert.ok(fieldMessage(res.body, param), `${what}: a message beside the field`);
        assert.ok(!res.body.includes(entry.value) || !/[<>"]/.test(entry.value), `${what}: not echoed raw`);
        assert.ok(!/<script>alert|<img src=x|<svg onload/.test(res.body), what);
        const api = await t.app.inject({ url: url.replace('/tools/egfr', '/api/egfr') });
        assert.ok(api.statusCode === 422 || (param === 'convert' && api.statusCode === 200), `${what}: JSON ${api.statusCode}`);
      }
    }
  });

  it('odd query strings are refused as bad requests, not server errors', async () => {
    assert.equal((await t.app.inject({ url: '/tools/egfr?age=1&age=2' })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/api/egfr?sex=female&sex=male' })).statusCode, 400);
    const unknownOnly = await t.app.inject({ url: '/tools/egfr?utm_source=mail' });
    assert.equal(unknownOnly.statusCode, 200, 'unrelated parameters show the empty form');
  });
});
