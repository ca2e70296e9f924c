import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fieldParts, filePart, multipartBody } from '../../test/multipart.ts';
import { buildPdf, plainPng } from '../../test/fixtures/upload-fixtures.ts';
import {
  askFields, assertStoresNothing, caseCookie, caseLinkIn, catchMail, CASE_COOKIE, csrfOf, getWithCase, postAsk, type MailCatcher,
} from '../../test/ask-fixtures.ts';
import type { ConsultationStatus } from './consultation.table.ts';

// The patient's case page, on both databases: one patient never reaches another's case or files,
// links and cookies open only their own case, follow-ups (with reports) reopen a case, close,
// deletion request, sign-out, and every POST needs the page's form token.

interface Patient {
  readonly id: string;
  readonly reference: string;
  readonly cookie: string;
  readonly link: string;
  readonly fileId: string;
}

describeEachDatabase('the patient case page', (kind) => {
  let t: TestApp;
  let mail: MailCatcher;
  let clock = Date.parse('2026-11-22T09:00:00Z');
  let a: Patient;
  let b: Patient;

  const submit = async (email: string, description: string, report: Buffer): Promise<Patient> => {
    const sent = await postAsk(t.app, askFields({ email, description }), [filePart('report.pdf', report)]);
    assert.equal(sent.statusCode, 303);
    const [message] = await mail.deliver();
    const row = await t.ctx.db.selectFrom('consultations').select(['id', 'reference']).where('patient_email', '=', email).executeTakeFirstOrThrow();
    const file = await t.ctx.db.selectFrom('consultation_files').select('id').where('consultation_id', '=', row.id).executeTakeFirstOrThrow();
    return { ...row, cookie: caseCookie(sent), link: new URL(caseLinkIn(message!)).pathname, fileId: file.id };
  };
  const page = (p: { cookie: string }, query = '') => getWithCase(t.app, `/case${query}`, p.cookie);
  const post = (url: string, p: { cookie: string }, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, cookies: { [CASE_COOKIE]: p.cookie }, payload });
  const setStatus = (id: string, status: ConsultationStatus) => t.ctx.db.updateTable('consultations').set({ status }).where('id', '=', id).execute();
  const statusOf = async (id: string) => t.ctx.db.selectFrom('consultations').select(['status', 'closed_at', 'deletion_requested_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const followUp = async (p: Patient, body: string, files: ReturnType<typeof filePart>[], csrf?: string): Promise<LightMyRequestResponse> => {
    const form = multipartBody([...fieldParts({ csrf: csrf ?? csrfOf((await page(p)).body), body }), ...files]);
    return t.app.inject({ method: 'POST', url: '/case/messages', cookies: { [CASE_COOKIE]: p.cookie }, headers: { 'content-type': form.contentType }, payload: form.payload });
  };

  before(async () => {
    t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' }, now: () => new Date(clock) });
    mail = await catchMail(t);
    a = await submit('patient.a@example.com', 'Patient A asks about her potassium results.', buildPdf({ text: 'Patient A' }));
    b = await submit('patient.b@example.com', 'Patient B asks about his blood pressure tablets.', buildPdf({ text: 'Patient B' }));
  });
  after(async () => {
    await mail?.close();
    await t?.close();
  });

  it("A's cookie shows A's case only and never reaches B's file; no cookie reaches no file", async () => {
    const own = await page(a);
    assert.ok(own.body.includes(a.reference) && own.body.includes('Patient A asks'));
    assert.ok(!own.body.includes(b.reference) && !own.body.includes('Patient B asks'));
    assert.equal((await getWithCase(t.app, `/case/files/${a.fileId}`, a.cookie)).statusCode, 200);
    for (const [cookie, id] of [[a.cookie, b.fileId], [b.cookie, a.fileId], [a.cookie, randomBytes(16).toString('hex')], [a.cookie, '../../kidneydesk.sqlite']] as const) {
      const denied = await getWithCase(t.app, `/case/files/${encodeURIComponent(id)}`, cookie);
      assert.equal(denied.statusCode, 404);
      assert.ok(!denied.rawPayload.includes('%PDF'), 'no file bytes');
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/case/files/${a.fileId}` });
    assert.equal(anonymous.statusCode, 404);
    const noSession = await t.app.inject({ method: 'GET', url: '/case' });
    assert.ok(noSession.body.includes('Open your case page from your e-mail'));
    assert.ok(!noSession.body.includes(a.reference));
    const forgedCookie = await getWithCase(t.app, '/case', randomBytes(32).toString('base64url'));
    assert.ok(forgedCookie.body.includes('Open your case page from your e-mail'));
  });

  it("A's link opens A's case only; forged, short and mangled tokens get the 404 link page and no cookie", async () => {
    const opened = await t.app.inject({ method: 'POST', url: a.link });
    const shown = await page({ cookie: caseCookie(opened) });
    assert.ok(shown.body.includes(a.reference) && !shown.body.includes(b.reference));
    const token = a.link.slice(a.link.lastIndexOf('/') + 1);
    for (const bad of [randomBytes(32).toString('base64url'), 'abc', `${token.slice(0, -1)}`, `${token}x`, `${token.slice(0, -1)}${token.at(-1) === 'A' ? 'B' : 'A'}`]) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url: `/case/access/${bad}` });
        assert.equal(res.statusCode, 404, `${method} ${bad}`);
        assert.ok(res.body.includes('This link does not work any more'));
        assert.equal(res.headers['set-cookie'], undefined);
      }
    }
    const tooLong = await t.app.inject({ method: 'GET', url: `/case/access/${'A'.repeat(400)}` });
    assert.ok(tooLong.statusCode >= 400 && tooLong.statusCode < 500);
  });

  it('a link stops working after 180 days; a case session after 12 hours', async () => {
    const start = clock;
    try {
      clock = start + 13 * 3_600_000;
      assert.ok((await page(a)).body.includes('Open your case page from your e-mail'), 'the cookie has expired');
      clock = start + 181 * 86_400_000;
      assert.equal((await t.app.inject({ method: 'POST', url: a.link })).statusCode, 404);
    } finally {
      clock = start;
    }
    a = { ...a, cookie: caseCookie(await t.app.inject({ method: 'POST', url: a.link })) };
  });

  it('a follow-up with a report reopens an answered case, and again a closed one', async () => {
    await setStatus(a.id, 'answered');
    assert.ok((await page(a)).body.includes('<strong>Answered</strong>'));
    const report = await plainPng(64, 48);
    const sent = await followUp(a, 'Here are my new results from this week.', [filePart('results.png', report, 'image/png')]);
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/case?done=message');
    const after = await page(a, '?done=message');
    assert.ok(after.body.includes('Your message has been added.'));
    assert.ok(after.body.includes('<strong>Being answered</strong>'));
    assert.equal((await statusOf(a.id)).status, 'in_progress');
    assert.ok(after.body.includes('Here are my new results from this week.'));
    const attachment = /<a href="(\/case\/files\/[0-9a-f]{32})" download><bdi>results\.png<\/bdi><\/a>/.exec(after.body);
    assert.ok(attachment, 'the follow-up lists its attachment');
    const download = await getWithCase(t.app, attachment[1]!, a.cookie);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.match(String(download.headers['content-disposition']), /^attachment; /);

    const closed = await post('/case/close', a, { csrf: csrfOf(after.body) });
    assert.equal(closed.statusCode, 303);
    assert.equal(closed.headers.location, '/case?done=closed');
    const state = await statusOf(a.id);
    assert.equal(state.status, 'closed');
    assert.ok(state.closed_at);
    const closedPage = await page(a, '?done=closed');
    assert.ok(closedPage.body.includes('<strong>Closed</strong>'));
    assert.ok(!closedPage.body.includes('Close my question'), 'a closed case offers no close button');

    assert.equal((await followUp(a, '', [filePart('more.pdf', buildPdf({ text: 'more' }))])).statusCode, 303, 'a report alone is a follow-up');
    const reopened = await statusOf(a.id);
    assert.deepEqual([reopened.status, reopened.closed_at], ['in_progress', null]);
    assert.ok((await page(a)).body.includes('(Reports attached.)'));
  });

  it('an empty follow-up, or one with a bad report, is shown again with the problem beside its field and stores nothing', async () => {
    const empty = await assertStoresNothing(t, () => followUp(a, '   ', []));
    assert.equal(empty.statusCode, 422);
    assert.ok(empty.body.includes('<p id="body-error" class="field-error"><span class="visually-hidden">Error:</span> Please write a message or attach a report.</p>'));
    const html = await assertStoresNothing(t, () => followUp(a, 'My scan, please have a look.', [filePart('scan.pdf', Buffer.from('<html><script>alert(1)</script></html>'))]));
    assert.equal(html.statusCode, 415);
    assert.ok(html.body.includes('<p id="files-error" class="field-error">'));
    assert.ok(html.body.includes('>My scan, please have a look.</textarea>'), 'the typed message is kept');
    const nul = await assertStoresNothing(t, () => followUp(a, 'Nul \u0000 here', []));
    assert.equal(nul.statusCode, 400);
  });

  it('every case-page POST without the right form token is refused with 403 and changes nothing', async () => {
    await setStatus(b.id, 'answered');
    const before = await statusOf(b.id);
    const foreignToken = csrfOf((await page(a)).body);
    for (const url of ['/case/close', '/case/delete-request', '/case/sign-out']) {
      for (const payload of [{}, { csrf: '' }, { csrf: foreignToken }, { csrf: 'x'.repeat(43) }] as Record<string, string>[]) {
        const res = await post(url, b, payload);
        assert.equal(res.statusCode, 403, `${url} ${JSON.stringify(payload)}`);
        assert.ok(res.body.includes('This form has expired.'));
      }
      assert.equal((await t.app.inject({ method: 'POST', url, payload: { csrf: csrfOf((await page(b)).body) } })).statusCode, 403, `${url} without a session`);
    }
    const message = await assertStoresNothing(t, () => followUp(b, 'A forged follow-up', [filePart('x.pdf', buildPdf())], foreignToken));
    assert.equal(message.statusCode, 403);
    const anonymous = multipartBody([...fieldParts({ csrf: foreignToken, body: 'no session' }), filePart('x.pdf', buildPdf())]);
    const noSession = await assertStoresNothing(t, () => t.app.inject({ method: 'POST', url: '/case/messages', headers: { 'content-type': anonymous.contentType }, payload: anonymous.payload }));
    assert.equal(noSession.statusCode, 403);
    assert.deepEqual(await statusOf(b.id), before);
    assert.ok((await page(b)).body.includes(b.reference), 'still signed in');
  });

  it('a deletion request is recorded once and the page then offers no more messages; sign-out ends the session', async () => {
    const csrf = csrfOf((await page(b)).body);
    const requested = await post('/case/delete-request', b, { csrf });
    assert.equal(requested.statusCode, 303);
    assert.equal(requested.headers.location, '/case?done=deletion');
    const first = (await statusOf(b.id)).deletion_requested_at;
    assert.ok(first);
    clock += 60_000;
    await post('/case/delete-request', b, { csrf });
    assert.equal((await statusOf(b.id)).deletion_requested_at, first, 'the first request is kept');
    const audited = await t.ctx.db.selectFrom('audit_log').select(['actor_type', 'actor_id', 'subject_id'])
      .where('action', '=', 'consultation.deletion_requested').execute().then((rows) => rows.map((r) => ({ ...r })));
    assert.deepEqual(audited, [{ actor_type: 'patient', actor_id: b.id, subject_id: b.id }], 'the request is audited once, by the patient');
    const shown = await page(b, '?done=deletion');
    assert.ok(shown.body.includes('We have your request to delete this question.'));
    assert.ok(shown.body.includes('You asked us to delete this question on'));
    assert.ok(!shown.body.includes('action="/case/messages"'), 'no follow-up form');

    const out = await post('/case/sign-out', b, { csrf });
    assert.equal(out.statusCode, 303);
    assert.match(String(out.headers['set-cookie']), new RegExp(`^${CASE_COOKIE}=;`));
    assert.ok((await page(b)).body.includes('Open your case page from your e-mail'), 'the old cookie opens nothing');
  });

  it('?done= only ever shows one of the known notices', async () => {
    for (const done of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'unknown']) {
      const res = await page(a, `?done=${done}`);
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes('class="notice" role="status"'), done);
      assert.ok(!res.body.includes('[native code]') && !res.body.includes('[object Object]'), done);
    }
  });
});
