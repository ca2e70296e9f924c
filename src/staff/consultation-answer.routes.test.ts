import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fieldParts, multipartBody } from '../../test/multipart.ts';
import { caseCookie, caseLinkIn, catchMail, CASE_COOKIE, csrfOf, fieldError, getWithCase, shownValue, type MailCatcher } from '../../test/ask-fixtures.ts';
import { textOf } from '../../test/kb-fixtures.ts';
import { newId } from '../db/index.ts';
import { listConsultationEvents } from '../consultations/index.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type AskedConsultation, type SignedInMember } from './consultation-console.fixtures.ts';
import { csrfIn } from './staff.fixtures.ts';

// Answering a consultation end to end, on both databases: the answer page, the JavaScript-free
// preview, sending (status, clock, history, audit, the patient's e-mail through a real SMTP
// server), the patient reading the answer through the e-mailed link, later answers and
// follow-ups, a paused clock, closed and deletion-requested cases, and the live-preview endpoint.

const FOOTER = 'When to get urgent help';
const DISCLAIMER = 'This answer does not replace care from your own kidney team';
const ANSWER = 'Dear Ann,\n\nYour result is **reassuring**. Keep to:\n\n- a low-salt diet\n- your usual tablets\n\nSee [our diet guide](/articles/kidney-diet).';

describeEachDatabase('answering a consultation', (kind) => {
  let t: TestApp;
  let mail: MailCatcher;
  let clock = Date.parse('2026-11-23T09:00:00Z');
  let expert: SignedInMember;

  const answerUrl = (c: { id: string }) => `/staff/consultations/${c.id}/answer`;
  const send = async (c: { id: string }, markdown: string, action = 'send', who = expert) => {
    const response = await who.browser.post(answerUrl(c), { csrf: who.csrf, markdown, action });
    assert.ok(!String(response.headers.location ?? '').startsWith('/staff/login'), 'still signed in');
    return response;
  };
  const row = (id: string) => t.ctx.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const answers = (id: string) => t.ctx.db.selectFrom('consultation_messages').selectAll()
    .where('consultation_id', '=', id).where('kind', '=', 'answer').orderBy('created_at').orderBy('id').execute();
  const audits = (action: string, id: string) => t.ctx.db.selectFrom('audit_log').selectAll()
    .where('action', '=', action).where('subject_id', '=', id).execute();
  const tick = (ms: number) => { clock += ms; };
  /** Opens the case page the way the patient does: the e-mailed link, then its button. */
  const openWithLink = async (link: string): Promise<string> => {
    const path = new URL(link).pathname;
    assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 200);
    return caseCookie(await t.app.inject({ method: 'POST', url: path }));
  };
  const followUp = async (c: AskedConsultation, body: string) => {
    const page = await getWithCase(t.app, '/case', c.cookie);
    const form = multipartBody(fieldParts({ csrf: csrfOf(page.body), body }));
    const sent = await t.app.inject({ method: 'POST', url: '/case/messages', cookies: { [CASE_COOKIE]: c.cookie }, headers: { 'content-type': form.contentType }, payload: form.payload });
    assert.equal(sent.statusCode, 303, sent.body);
  };

  before(async () => {
    // Sessions that outlast the hours the clock jumps over.
    t = await createTestApp(kind, { env: { ...CONSOLE_TEST_ENV, STAFF_IDLE_MINUTES: '1440', STAFF_SESSION_HOURS: '168' }, now: () => new Date(clock) });
    mail = await catchMail(t);
    expert = await signedIn(t, 'expert', new Date(clock), { name: 'Dr Answer' });
  });
  after(async () => {
    await mail?.close();
    await t?.close();
  });

  it('answers end to end: page, preview, send, the e-mail and the patient reading it', async () => {
    const c = await askConsultation(t, { email: 'ann@example.com', description: 'My creatinine is <b>150</b>. Should I worry?' });
    await mail.deliver();

    const page = await expert.browser.get(answerUrl(c));
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('My creatinine is &lt;b&gt;150&lt;/b&gt;. Should I worry?'), 'the question is shown, escaped');
    assert.ok(page.body.includes(c.reference));
    assert.equal((await audits('consultation.viewed', c.id)).length, 1, 'opening the page is audited');

    // Preview without JavaScript: the page again, with the rendered answer and the footer; nothing sent.
    const preview = await send(c, ANSWER, 'preview');
    assert.equal(preview.statusCode, 200);
    const shown = preview.body.slice(preview.body.indexOf('id="answer-preview"'));
    assert.ok(shown.includes('<strong>reassuring</strong>') && shown.includes('<li>a low-salt diet</li>'), 'Markdown rendered');
    assert.ok(shown.includes('<a href="/articles/kidney-diet">our diet guide</a>'));
    assert.ok(shown.includes(FOOTER) && shown.includes(DISCLAIMER), 'the footer is in the preview');
    assert.equal(shownValue(preview.body, 'markdown'), ANSWER, 'the draft is kept');
    assert.equal((await answers(c.id)).length, 0);

    // Empty: 422 with the message beside the field; too long: the text is kept.
    const empty = await send(c, '  \n  ');
    assert.equal(empty.statusCode, 422);
    assert.equal(fieldError(empty.body, 'markdown'), 'Write the answer before sending it.');
    const long = 'x'.repeat(20_001);
    const tooLong = await send(c, long);
    assert.equal(tooLong.statusCode, 422);
    assert.match(fieldError(tooLong.body, 'markdown')!, /at most 20,000/);
    assert.equal(shownValue(tooLong.body, 'markdown'), long);
    assert.equal((await answers(c.id)).length, 0);
    assert.equal((await t.ctx.db.selectFrom('outbox').select('id').where('kind', '=', 'case-answered').execute()).length, 0);

    tick(60_000);
    const sent = await send(c, ANSWER);
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `/staff/consultations/${c.id}?done=answered`);

    const after = await row(c.id);
    assert.equal(after.status, 'answered');
    assert.equal(after.first_answered_at, new Date(clock).toISOString());
    assert.equal(after.first_answered_by, expert.member.id);
    assert.equal(after.assigned_to, expert.member.id, 'an unassigned case goes to the expert who answers');
    const [message] = await answers(c.id);
    assert.deepEqual([message!.author, message!.author_id, message!.body], ['expert', expert.member.id, ANSWER]);
    const events = await listConsultationEvents(t.ctx.db, c.id);
    const answered = events.filter((e) => e.kind === 'answered');
    assert.equal(answered.length, 1);
    assert.deepEqual(JSON.parse(answered[0]!.detail), { first: true });
    assert.equal(answered[0]!.actor_id, expert.member.id);
    assert.ok(events.some((e) => e.kind === 'claimed'));
    const audit = await audits('consultation.answered', c.id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_id, expert.member.id);

    const queued = await t.ctx.db.selectFrom('outbox').selectAll().where('kind', '=', 'case-answered').where('related_id', '=', c.id).execute();
    assert.equal(queued.length, 1);
    assert.equal(queued[0]!.recipient, 'ann@example.com');
    const delivered = (await mail.deliver()).filter((m) => m.envelopeTo.includes('ann@example.com'));
    assert.equal(delivered.length, 1);
    const received = delivered[0]!;
    assert.match(received.headers.get('subject') ?? '', /there is a reply to your question/);
    for (const part of [received.text ?? '', String(received.html ?? ''), received.raw]) {
      assert.ok(!part.includes('reassuring') && !part.includes('low-salt'), 'the answer is not in the e-mail');
    }
    const cookie = await openWithLink(caseLinkIn(received));
    const casePage = await getWithCase(t.app, '/case', cookie);
    assert.equal(casePage.statusCode, 200);
    assert.ok(casePage.body.includes('<strong>reassuring</strong>'), 'the patient sees the answer rendered');
    assert.ok(casePage.body.includes('<a href="/articles/kidney-diet">our diet guide</a>'));
    const text = textOf(casePage.body);
    assert.ok(text.includes(FOOTER) && text.includes(DISCLAIMER), 'with the footer');
    assert.ok(text.includes('Call 999'), 'the footer gives the emergency number');
    assert.ok(text.includes('Answered'));
  });

  it('a second answer keeps the first answer time; a follow-up and another answer work', async () => {
    const c = await askConsultation(t, { email: 'bob@example.com', description: 'A question from Bob about potassium.' });
    assert.equal((await send(c, 'First answer.')).statusCode, 303);
    const first = (await row(c.id)).first_answered_at;
    tick(3_600_000);
    assert.equal((await send(c, 'A second answer with *more*.')).statusCode, 303);
    assert.equal((await row(c.id)).first_answered_at, first);

    tick(3_600_000);
    await followUp(c, 'Thank you. What about bananas?');
    assert.equal((await row(c.id)).status, 'in_progress', 'the follow-up reopens the case');
    tick(60_000);
    assert.equal((await send(c, 'Bananas are **high** in potassium.')).statusCode, 303);
    const now = await row(c.id);
    assert.equal(now.status, 'answered');
    assert.equal(now.first_answered_at, first);
    const details = (await listConsultationEvents(t.ctx.db, c.id)).filter((e) => e.kind === 'answered').map((e) => JSON.parse(e.detail));
    assert.deepEqual(details, [{ first: true }, { first: false }, { first: false }]);
    assert.equal((await t.ctx.db.selectFrom('outbox').select('id').where('kind', '=', 'case-answered').where('related_id', '=', c.id).execute()).length, 3);

    const page = await getWithCase(t.app, '/case', c.cookie);
    const body = page.body;
    const order = ['First answer.', '<em>more</em>', 'What about bananas?', '<strong>high</strong>'].map((s) => body.indexOf(s));
    assert.ok(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!)), `messages in order: ${order.join(', ')}`);
    assert.equal(body.split(DISCLAIMER).length - 1, 3, 'every answer carries the footer');
    // The console shows the thread too: the patient's words escaped, the answers rendered.
    const consolePage = await expert.browser.get(answerUrl(c));
    assert.ok(consolePage.body.includes('What about bananas?') && consolePage.body.includes('<strong>high</strong>'));
  });

  it('a paused clock restarts at the answer by the rule of resuming; the paused time counts before a first answer only', async () => {
    const c = await askConsultation(t, { email: 'cat@example.com', description: 'A question from Cat about kidney results.' });
    const due = (await row(c.id)).due_at;
    await t.ctx.db.updateTable('consultations').set({ clock_paused_at: new Date(clock).toISOString(), status: 'in_progress' }).where('id', '=', c.id).execute();
    tick(2 * 3_600_000);
    assert.equal((await send(c, 'Thanks for waiting.')).statusCode, 303);
    const after = await row(c.id);
    assert.equal(after.clock_paused_at, null);
    assert.equal(after.paused_seconds, 7200);
    assert.equal(after.due_at, new Date(Date.parse(due) + 7_200_000).toISOString());
    const resumed = (await listConsultationEvents(t.ctx.db, c.id)).filter((e) => e.kind === 'clock_resumed');
    assert.equal(resumed.length, 1);
    assert.equal(JSON.parse(resumed[0]!.detail).pausedSeconds, 7200);

    // Paused again after the first answer: the due date moves, paused_seconds does not.
    await t.ctx.db.updateTable('consultations').set({ clock_paused_at: new Date(clock).toISOString() }).where('id', '=', c.id).execute();
    tick(3_600_000);
    assert.equal((await send(c, 'One more thing.')).statusCode, 303);
    const later = await row(c.id);
    assert.equal(later.paused_seconds, 7200);
    assert.equal(later.due_at, new Date(Date.parse(due) + 10_800_000).toISOString());
  });

  it('a closed consultation can be answered (it becomes answered); one the patient asked to delete cannot', async () => {
    const closed = await askConsultation(t, { email: 'dan@example.com', description: 'A question from Dan about kidney results.' });
    await t.ctx.db.updateTable('consultations').set({ status: 'closed', closed_at: new Date(clock).toISOString() }).where('id', '=', closed.id).execute();
    const page = await expert.browser.get(answerUrl(closed));
    assert.ok(page.body.includes('Sending an answer reopens it as answered.'));
    assert.equal((await send(closed, 'An answer after closing.')).statusCode, 303);
    const reopened = await row(closed.id);
    assert.deepEqual([reopened.status, reopened.closed_at], ['answered', null]);

    const deleting = await askConsultation(t, { email: 'eve@example.com', description: 'A question from Eve about kidney results.' });
    await t.ctx.db.updateTable('consultations').set({ deletion_requested_at: new Date(clock).toISOString() }).where('id', '=', deleting.id).execute();
    const refused = await send(deleting, 'Should not be sent.');
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.body.includes('asked for this consultation to be deleted'));
    assert.equal((await answers(deleting.id)).length, 0);
    assert.equal((await row(deleting.id)).status, 'received');
    assert.equal((await t.ctx.db.selectFrom('outbox').select('id').where('kind', '=', 'case-answered').where('related_id', '=', deleting.id).execute()).length, 0);
  });

  it('a consultation that does not exist is 404 on every answer route', async () => {
    for (const id of [newId(clock), 'no-such-case']) {
      assert.equal((await expert.browser.get(`/staff/consultations/${id}/answer`)).statusCode, 404);
      assert.equal((await send({ id }, 'Hello')).statusCode, 404);
      assert.equal((await send({ id }, 'Hello', 'preview')).statusCode, 404);
      const json = await expert.browser.post(`/staff/consultations/${id}/answer/preview`, { csrf: expert.csrf, markdown: 'x' }, { accept: 'application/json' });
      assert.equal(json.statusCode, 404);
      assert.equal(JSON.parse(json.body).error.code, 'NOT_FOUND');
    }
  });

  it('the live preview returns the rendered answer with its footer, and needs the CSRF token', async () => {
    const c = await askConsultation(t, { email: 'fay@example.com', description: 'A question from Fay about kidney results.' });
    const url = `/staff/consultations/${c.id}/answer/preview`;
    const page = await expert.browser.get(answerUrl(c));
    assert.match(page.body, new RegExp(`<textarea id="markdown" name="markdown"[^>]* data-preview-url="${url}" data-preview-target="answer-preview"`));
    assert.match(page.body, /<div id="answer-preview"/);
    assert.match(page.body, /<script src="\/static\/markdown-preview\.js\?v=[0-9a-f]+" defer><\/script>/);
    assert.match(page.body, /<script src="\/static\/answer-tools\.js\?v=[0-9a-f]+" defer><\/script>/);

    const json = { accept: 'application/json' };
    const ok = await expert.browser.post(url, { csrf: csrfIn(page.body), markdown: '*Hello* <script>alert(1)</script>' }, json);
    assert.equal(ok.statusCode, 200);
    const html = JSON.parse(ok.body).html as string;
    assert.ok(html.includes('<em>Hello</em>') && html.includes('&lt;script&gt;') && !html.includes('<script'));
    assert.ok(html.includes(FOOTER) && html.includes(DISCLAIMER));

    for (const form of [{ markdown: 'x' }, { markdown: 'x', csrf: 'forged' }] as Record<string, string>[]) {
      const refused = await expert.browser.post(url, form, json);
      assert.equal(refused.statusCode, 403);
      assert.equal(JSON.parse(refused.body).error.code, 'CSRF_FAILED');
    }
    const crossSite = await expert.browser.post(url, { csrf: expert.csrf, markdown: 'x' }, { ...json, 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403);
    const tooLong = await expert.browser.post(url, { csrf: expert.csrf, markdown: 'y'.repeat(20_001) }, json);
    assert.equal(tooLong.statusCode, 422);
    assert.equal(JSON.parse(tooLong.body).error.code, 'VALIDATION_FAILED');
    assert.equal((await answers(c.id)).length, 0, 'previews store nothing');
  });

  it('editors cannot open or send answers', async () => {
    const c = await askConsultation(t, { email: 'gus@example.com', description: 'A question from Gus about kidney results.' });
    const editor = await signedIn(t, 'editor', new Date(clock), { ip: '192.0.2.77' });
    assert.equal((await editor.browser.get(answerUrl(c))).statusCode, 403);
    assert.equal((await send(c, 'Editor answer', 'send', editor)).statusCode, 403);
    assert.equal((await answers(c.id)).length, 0);
  });
});
