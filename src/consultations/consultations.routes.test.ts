import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { filePart } from '../../test/multipart.ts';
import { buildPdf } from '../../test/fixtures/upload-fixtures.ts';
import {
  askFields, caseCookie, caseLinkIn, catchMail, csrfOf, EMERGENCY_QUESTION, getWithCase, postAsk, ROUTINE_QUESTION,
  SAME_DAY_QUESTION, shownValue, unescapeHtml, type MailCatcher,
} from '../../test/ask-fixtures.ts';
import { CONSENT_VERSION } from './consultation-form.ts';

// The patient's whole journey by HTTP, on both databases: ask with a report, get the private link
// by e-mail from a real SMTP server, open the case page, download the report; triage on the
// confirmation page; "resend my link".

const REFERENCE = /^KD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;

/** The text of the first heading inside <main>. */
function firstHeading(page: string): string | undefined {
  return /<h[12][^>]*>([^<]*)<\/h[12]>/.exec(page.slice(page.indexOf('<main')))?.[1];
}

describeEachDatabase('ask an expert: the whole flow', (kind) => {
  let t: TestApp;
  let mail: MailCatcher;
  const clock = Date.parse('2026-11-22T09:00:00Z');

  before(async () => {
    t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' }, now: () => new Date(clock) });
    mail = await catchMail(t);
  });
  after(async () => {
    await mail?.close();
    await t?.close();
  });

  it('/ask shows an empty form with consent unticked; ?q= fills in the description', async () => {
    const empty = await t.app.inject({ method: 'GET', url: '/ask' });
    assert.equal(empty.statusCode, 200);
    assert.equal(shownValue(empty.body, 'consent'), '', 'consent is not ticked by default');
    assert.equal(shownValue(empty.body, 'description'), '');
    assert.match(empty.body, /<input id="files" name="files" type="file" multiple/);
    const prefilled = await t.app.inject({ method: 'GET', url: `/ask?q=${encodeURIComponent('Is <b>potassium</b> in bananas a problem?')}` });
    assert.equal(shownValue(prefilled.body, 'description'), 'Is <b>potassium</b> in bananas a problem?');
    assert.ok(!prefilled.body.includes('<b>potassium'), 'the pre-filled text is escaped');
  });

  it('submit with a PDF → 303 → confirmation with reference → e-mail link → View my case → case page → download', async () => {
    const pdf = buildPdf({ text: 'eGFR 38' });
    const sent = await postAsk(t.app, askFields(), [filePart('My report.pdf', pdf)]);
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/ask/received');
    assert.equal(sent.headers['cache-control'], 'no-store');
    const setCookie = String(sent.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);

    const received = await getWithCase(t.app, '/ask/received', caseCookie(sent));
    assert.equal(received.statusCode, 200);
    const reference = /Your case reference: <strong>([^<]+)<\/strong>/.exec(received.body)?.[1];
    assert.match(reference ?? '', REFERENCE);
    assert.equal(firstHeading(received.body), 'We have received your question', 'no urgent notice for a routine question');

    const row = await t.ctx.db.selectFrom('consultations').selectAll().where('reference', '=', reference!).executeTakeFirstOrThrow();
    assert.equal(row.status, 'received');
    assert.equal(row.triage_level, 'routine');
    assert.equal(row.consent_version, CONSENT_VERSION);
    assert.equal(row.patient_phone, '+44 20 7946 0000');
    assert.deepEqual([row.creatinine_value, row.creatinine_unit, row.creatinine_date], ['150', 'umol/L', '2026-11-01']);

    const [message, ...others] = await mail.deliver();
    assert.equal(others.length, 0, 'one mail');
    assert.deepEqual(message!.envelopeTo, ['ann@example.com']);
    assert.ok(message!.headers.get('subject')!.includes(reference!));
    const link = caseLinkIn(message!);
    for (const body of [message!.text, message!.html]) {
      assert.ok(body.includes(reference!), 'the mail names the reference');
      assert.ok(unescapeHtml(body).includes(link), 'the mail carries the link');
      for (const health of ['creatinine went up', 'Should I worry', 'Chronic kidney disease', 'ckd-3', '150', 'mol/L', 'eGFR', 'My report']) {
        assert.ok(!body.includes(health), `no health data in the mail: ${health}`);
      }
    }

    // Only a hash of the link's 256-bit token is stored.
    const token = link.slice(link.lastIndexOf('/') + 1);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    const stored = await t.ctx.db.selectFrom('case_access_tokens').select('token_hash').where('consultation_id', '=', row.id).execute();
    assert.deepEqual(stored.map((s) => s.token_hash), [createHash('sha256').update(token).digest('hex')]);

    const path = new URL(link).pathname;
    const sessionsBefore = await t.ctx.db.selectFrom('case_sessions').select('id_hash').execute();
    const access = await t.app.inject({ method: 'GET', url: path });
    assert.equal(access.statusCode, 200);
    assert.ok(access.body.includes(`<form method="post" action="${path}"><button class="button" type="submit">View my case</button></form>`));
    assert.equal(access.headers['set-cookie'], undefined, 'GET does not sign in (a mail scanner may follow the link)');
    assert.equal(access.headers['referrer-policy'], 'no-referrer');
    assert.deepEqual(await t.ctx.db.selectFrom('case_sessions').select('id_hash').execute(), sessionsBefore, 'GET starts no session');

    const opened = await t.app.inject({ method: 'POST', url: path });
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, '/case');
    const page = await getWithCase(t.app, '/case', caseCookie(opened));
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.ok(page.body.includes(`<h1>Your question ${reference}</h1>`));
    assert.ok(page.body.includes('<dt>Status</dt><dd><strong>Received</strong>.'));
    assert.ok(page.body.includes(ROUTINE_QUESTION));
    assert.ok(page.body.includes('Chronic kidney disease, stage 3 (not on dialysis)'));
    const fileLink = /<a href="(\/case\/files\/[0-9a-f]{32})" download><bdi>My report\.pdf<\/bdi><\/a>/.exec(page.body);
    assert.ok(fileLink, 'the report is listed with a download link');

    const download = await getWithCase(t.app, fileLink[1]!, caseCookie(opened));
    assert.equal(download.statusCode, 200);
    assert.ok(download.rawPayload.equals(pdf), 'the downloaded bytes are the uploaded bytes');
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['content-disposition'], `attachment; filename="My report.pdf"; filename*=UTF-8''My%20report.pdf`);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['content-security-policy'], "sandbox; default-src 'none'");
    assert.equal(download.headers['cache-control'], 'no-store');
  });

  it('emergency and same-day descriptions are flagged, and the confirmation and case pages lead with urgent help', async () => {
    for (const [question, level, title] of [
      [EMERGENCY_QUESTION, 'emergency', 'Get urgent help now'],
      [SAME_DAY_QUESTION, 'same-day', 'Get urgent help today'],
    ] as const) {
      const sent = await postAsk(t.app, askFields({ description: question, email: `${level}@example.com` }));
      assert.equal(sent.statusCode, 303);
      const received = await getWithCase(t.app, '/ask/received', caseCookie(sent));
      assert.equal(firstHeading(received.body), title, `${level}: the confirmation page leads with "${title}"`);
      assert.ok(received.body.includes('role="alert"'));
      const reference = /Your case reference: <strong>([^<]+)<\/strong>/.exec(received.body)![1]!;
      const row = await t.ctx.db.selectFrom('consultations').select(['triage_level', 'triage_reasons']).where('reference', '=', reference).executeTakeFirstOrThrow();
      assert.equal(row.triage_level, level);
      const reasons = JSON.parse(row.triage_reasons) as string[];
      assert.ok(reasons.length > 0 && reasons.every((r) => /^[a-z-]+$/.test(r)), 'reason codes only, never the patient’s words');
      assert.equal(firstHeading((await getWithCase(t.app, '/case', caseCookie(sent))).body), title, 'the case page leads with it too');

      const live = await t.app.inject({ method: 'POST', url: '/api/triage', payload: { text: question } });
      assert.equal(live.statusCode, 200);
      assert.equal(live.json<{ title: string }>().title, title, 'the live hint agrees');
    }
  });

  it('"resend my link" answers the same for known and unknown addresses, and mails only the known one', async () => {
    await postAsk(t.app, askFields({ email: 'Resend.Me@example.com', description: 'A question that will need its link again later on.' }));
    await mail.deliver();
    const form = await t.app.inject({ method: 'GET', url: '/case/resend' });
    assert.equal(form.statusCode, 200);
    const ask = (email: string) => t.app.inject({ method: 'POST', url: '/case/resend', payload: { email } });
    const known = await ask('resend.me@EXAMPLE.com');
    const unknown = await ask('nobody-here@example.com');
    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, known.statusCode);
    assert.equal(unknown.body, known.body, 'the same page either way');
    assert.ok(known.body.includes('If we have a question from that address, we have sent a new private link to it.'));

    const mails = await mail.deliver();
    assert.deepEqual(mails.map((m) => m.envelopeTo), [['Resend.Me@example.com']], 'one mail, to the known address only');
    const opened = await t.app.inject({ method: 'POST', url: new URL(caseLinkIn(mails[0]!)).pathname });
    assert.equal(opened.statusCode, 303, 'the new link opens the case');
    assert.ok((await getWithCase(t.app, '/case', caseCookie(opened))).body.includes('A question that will need its link again later on.'));

    const bad = await ask('not an address');
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes('Please enter one e-mail address, like name@example.com.'));
  });
});
