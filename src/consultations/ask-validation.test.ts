import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import {
  askFields, askStamp, assertStoresNothing, caseCookie, fieldError, fieldsWithErrors, getWithCase, postAsk, shownValue,
} from '../../test/ask-fixtures.ts';
import { escapeHtml } from '../web/html.ts';

// Every rule of the ask form by HTTP, on both databases: the message beside its field, the typed
// values kept, nothing stored; then every name/email/phone/description entry of
// shared/security/bad-inputs.json.

const ROOT = path.join(import.meta.dirname, '..', '..');
interface BadInput { field: string; value: string; repeat?: number; suffix?: string; expect: 'rejected' | 'stored-escaped'; kind: string; note?: string }
const BAD_INPUTS = (JSON.parse(readFileSync(path.join(ROOT, '..', 'shared', 'security', 'bad-inputs.json'), 'utf8')) as BadInput[])
  .filter((entry) => ['name', 'email', 'phone', 'description'].includes(entry.field));

/** An entry's value as sent: `value` repeated `repeat` times, then `suffix`. */
function valueOf(entry: BadInput): string {
  return entry.value.repeat(entry.repeat ?? 1) + (entry.suffix ?? '');
}


function label(entry: BadInput): string {
  const value = valueOf(entry);
  return `${entry.field} ${entry.kind} ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}… (${value.length})` : value)}`;
}

describeEachDatabase('ask form validation', (kind) => {
  let t: TestApp;
  let stamp: string;

  before(async () => {
    t = await createTestApp(kind, {
      env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' },
      now: () => new Date('2026-11-22T09:00:00Z'),
    });
    stamp = await askStamp(t.app);
  });
  after(async () => {
    await t?.close();
  });

  const rejected = async (overrides: Record<string, string | undefined>, field: string, message: string | RegExp, status = 422) => {
    const res = await assertStoresNothing(t, () => postAsk(t.app, askFields(overrides as Record<string, string>), [], { stamp }));
    assert.equal(res.statusCode, status, `${JSON.stringify(overrides).slice(0, 80)} → ${status}`);
    assert.deepEqual(fieldsWithErrors(res.body), [field], 'one problem, beside its own field');
    const shown = fieldError(res.body, field);
    if (typeof message === 'string') assert.equal(shown, message);
    else assert.match(shown ?? '', message);
    assert.ok(res.body.includes('<title>Error: Ask an expert'), 'the title says there is an error');
    assert.ok(res.body.includes(`<li><a href="#${field}">${escapeHtml(shown!)}</a></li>`), 'the error summary links to the field');
    return res;
  };

  it('each rule: the message beside its field, the typed values kept, nothing stored', async () => {
    await rejected({ name: '' }, 'name', 'Please tell us your name.');
    await rejected({ name: 'N'.repeat(101) }, 'name', 'Please keep your name to 100 characters.');
    await rejected({ name: 'Ann\tPatient' }, 'name', /Please type it on one line/);
    await rejected({ email: '' }, 'email', 'Please give your e-mail address so we can send you the link to your answer.');
    await rejected({ email: 'ann@example' }, 'email', 'Please enter one e-mail address, like name@example.com.');
    await rejected({ phone: '12345' }, 'phone', /6 to 15 digits/);
    await rejected({ phone: '0800 CALL ME' }, 'phone', /6 to 15 digits/);
    await rejected({ condition: '' }, 'condition', 'Please choose the condition that fits best, or "Other, or not sure".');
    await rejected({ condition: 'kidney-stones' }, 'condition', /Please choose the condition/);
    await rejected({ creatinine: 'high' }, 'creatinine', /more than 0 and at most 2700 µmol\/L/);
    await rejected({ creatinine: '0' }, 'creatinine', /more than 0/);
    await rejected({ creatinine: '31', creatinineUnit: 'mg/dL' }, 'creatinine', /at most 30 mg\/dL/);
    await rejected({ creatinine: '2701' }, 'creatinine', /at most 2700/);
    await rejected({ creatinineUnit: 'mmol/L' }, 'creatinineUnit', 'Please choose the unit shown on your lab report.');
    await rejected({ creatinineDate: '2026-11-23' }, 'creatinineDate', 'Please enter the date of the test (not in the future), or leave it empty.');
    await rejected({ creatinineDate: '1989-12-31' }, 'creatinineDate', /not in the future/);
    await rejected({ creatinineDate: '2026-02-30' }, 'creatinineDate', /not in the future/);
    await rejected({ creatinine: '', creatinineDate: '2026-11-01' }, 'creatinine', 'Please enter the creatinine result that goes with the date, or clear the date.');
    await rejected({ description: 'Too short, sorry.' }, 'description', 'Please describe your question in a little more detail (at least 20 characters).');
    await rejected({ description: `${'x'.repeat(15)}\n\n\n   ` }, 'description', /at least 20 characters/);
    await rejected({ description: 'D'.repeat(10_001) }, 'description', 'Please shorten your description to 10,000 characters (it has 10,001).');
    await rejected({ description: 'A bell \u0007 rings in my question text' }, 'description', 'Your description contains hidden control characters. Please retype it.');
    await rejected({ consent: undefined }, 'consent', 'Please confirm that you agree to us handling your health information to answer your question.');
    await rejected({ consent: 'no' }, 'consent', /Please confirm that you agree/);
  });

  it('everything wrong at once: every message beside its field, in page order, and every typed value shown again', async () => {
    const typed = {
      website: '', name: '', email: 'not-an-address', phone: 'call me', condition: 'none', creatinine: '-3', creatinineUnit: 'mg/dL',
      creatinineDate: '2030-01-01', description: 'Help <b>please</b>', consent: undefined,
    };
    const res = await assertStoresNothing(t, () => postAsk(t.app, typed, [], { stamp }));
    assert.equal(res.statusCode, 422);
    assert.deepEqual(fieldsWithErrors(res.body), ['name', 'email', 'phone', 'condition', 'creatinine', 'creatinineDate', 'description', 'consent']);
    assert.ok(res.body.includes('Please check 8 things'));
    for (const field of ['email', 'phone', 'creatinine', 'creatinineUnit', 'creatinineDate', 'description'] as const) {
      assert.equal(shownValue(res.body, field), typed[field], `${field} is kept`);
    }
    assert.equal(shownValue(res.body, 'condition'), '', 'an unknown condition is not selected');
    assert.ok(!res.body.includes('<b>please</b>'), 'typed text is escaped');

    const ticked = await postAsk(t.app, { ...typed, consent: 'yes' }, [], { stamp });
    assert.equal(shownValue(ticked.body, 'consent'), 'yes', 'a ticked consent stays ticked');
  });

  it('the limits themselves are accepted: 20 and 10,000 characters, "2,5" mg/dL, no phone, no creatinine', async () => {
    for (const overrides of [
      { description: 'Q'.repeat(20) },
      { description: 'Q'.repeat(10_000) },
      { description: `  ${'é'.repeat(19)}\u0065\u0301  ` }, // NFC: 20 characters once the accent is combined
      { creatinine: '2,5', creatinineUnit: 'mg/dL', creatinineDate: '' },
      { phone: '', creatinine: '', creatinineDate: '' },
    ] as Record<string, string>[]) {
      const res = await postAsk(t.app, askFields(overrides), [], { stamp });
      assert.equal(res.statusCode, 303, JSON.stringify(overrides).slice(0, 60));
    }
    const row = await t.ctx.db.selectFrom('consultations').select(['creatinine_value', 'creatinine_unit']).where('creatinine_unit', '=', 'mg/dL').executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { creatinine_value: '2.5', creatinine_unit: 'mg/dL' });
  });

  for (const entry of BAD_INPUTS) {
    it(`bad input: ${label(entry)} → ${entry.expect}`, async () => {
      const value = valueOf(entry);
      if (entry.expect === 'rejected') {
        const started = performance.now();
        const res = await assertStoresNothing(t, () => postAsk(t.app, askFields({ [entry.field]: value }), [], { stamp }));
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `4xx, got ${res.statusCode}`);
        if (value.includes('\u0000')) assert.equal(res.statusCode, 400, 'NUL is malformed: 400 on both databases');
        assert.deepEqual(fieldsWithErrors(res.body), [entry.field], 'the message is beside that field');
        assert.ok(!/<script>alert|<svg onload/.test(res.body), 'the echoed value is escaped');
        assert.ok(performance.now() - started < 5_000);
        return;
      }
      const started = performance.now();
      const res = await postAsk(t.app, askFields({ [entry.field]: value, ...(entry.field === 'email' ? {} : { email: 'escaped@example.com' }) }), [], { stamp });
      assert.equal(res.statusCode, 303, `accepted, got ${res.statusCode}: ${fieldsWithErrors(res.body).join(',')}`);
      assert.ok(performance.now() - started < 5_000, 'no time-based injection');
      const cookie = caseCookie(res);
      const reference = /Your case reference: <strong>([^<]+)</.exec((await getWithCase(t.app, '/ask/received', cookie)).body)![1]!;
      const row = await t.ctx.db.selectFrom('consultations').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
      const message = await t.ctx.db.selectFrom('consultation_messages').select('body').where('consultation_id', '=', row.id).executeTakeFirstOrThrow();
      const expected = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
      const stored = { name: row.patient_name, email: row.patient_email, phone: row.patient_phone, description: message.body }[entry.field];
      assert.equal(stored, expected, 'stored verbatim (NFC)');

      const page = (await getWithCase(t.app, '/case', cookie)).body;
      assert.ok(!page.includes('<script>alert'), 'no raw script');
      assert.ok(!/<(img|svg|iframe)[\s>]/i.test(page.slice(page.indexOf('<main'))), 'no raw markup from the patient');
      if (entry.field === 'description') {
        for (const line of expected.split('\n')) assert.ok(page.includes(escapeHtml(line)), `shown escaped: ${line.slice(0, 30)}`);
        assert.match(page, /<div class="message-body" dir="auto">/, 'isolated from the page’s own direction');
      }
      if (entry.field === 'name') {
        const mail = await t.ctx.db.selectFrom('outbox').select(['text_body', 'html_body']).where('related_id', '=', row.id).executeTakeFirstOrThrow();
        assert.ok(mail.text_body.includes(`Hello ${expected},`), 'the mail greets by the literal name');
        assert.ok(mail.html_body!.includes(escapeHtml(expected)), 'escaped in the HTML mail');
        assert.ok(!mail.html_body!.includes('<script>alert'));
      }
    });
  }
});
