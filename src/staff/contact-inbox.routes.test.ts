import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { catchMail, type MailCatcher } from '../../test/ask-fixtures.ts';
import { contactFields, contactStamp, EMERGENCY_MESSAGE, postContact } from '../contact/contact.fixtures.ts';
import { Browser, createMember, csrfIn, signIn, type TestMember } from './staff.fixtures.ts';

// The contact inbox by HTTP on both databases: unhandled first then newest, filters, the
// emergency flag, each view audited, handled / unhandled, a reply delivered on a real SMTP server
// with the reply text, refused replies with the message beside the field, and who may use it.

const T0 = Date.parse('2026-11-22T09:00:00Z');
const MINUTE = 60_000;

describeEachDatabase('staff console: contact inbox', (kind) => {
  let t: TestApp;
  let clock = T0;
  let mail: MailCatcher;
  let expert: TestMember;
  const browser = () => expertBrowser;
  let expertBrowser: Browser;
  let editorBrowser: Browser;
  const ids = new Map<string, string>();

  const send = async (subject: string, overrides: Record<string, string> = {}) => {
    const stamp = await contactStamp(t.app);
    clock += MINUTE;
    const res = await postContact(t.app, contactFields({ subject, email: `${subject.toLowerCase().replace(/\W+/g, '-')}@example.com`, ...overrides }), { stamp });
    assert.equal(res.statusCode, 303);
    ids.set(subject, (await t.ctx.db.selectFrom('contact_messages').select('id').where('subject', '=', subject).executeTakeFirstOrThrow()).id);
  };
  const audits = (action: string, id: string) => t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('subject_id', '=', id).execute();
  const subjectsIn = (body: string) => [...body.matchAll(/<th scope="row"><a href="\/staff\/messages\/[0-9a-z]{26}"><bdi>([^<]*)<\/bdi><\/a>/g)].map((m) => m[1]);

  before(async () => {
    t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' }, now: () => new Date(clock) });
    mail = await catchMail(t);
    expert = await createMember(t.ctx, { role: 'expert', name: 'Erin Expert' });
    expertBrowser = new Browser(t.app, '192.0.2.20');
    await signIn(expertBrowser, expert, new Date(clock));
    editorBrowser = new Browser(t.app, '192.0.2.21');
    await signIn(editorBrowser, await createMember(t.ctx, { role: 'editor' }), new Date(clock));
    await send('First message');
    await send('Second message');
    await send('Chest pain now', { message: EMERGENCY_MESSAGE });
    await mail.deliver();
  });
  after(async () => {
    await mail?.close();
    await t?.close();
  });

  it('lists unhandled first, newest first, with the emergency flagged in words; filters count each state', async () => {
    const res = await browser().get('/staff/messages');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(subjectsIn(res.body), ['Chest pain now', 'Second message', 'First message']);
    assert.match(res.body, /Chest pain now<\/bdi>[\s\S]*?<span class="badge badge--emergency"><span aria-hidden="true">⚑ <\/span>Emergency<\/span>/);
    assert.ok(res.body.includes('Unhandled <span class="count">(3)</span>'));
    assert.ok(res.body.includes('<a href="/staff/messages">Contact messages</a>') || res.body.includes('href="/staff/messages" aria-current="page"'), 'in the console navigation');
  });

  it('viewing a message shows it and is audited contact.viewed (ids only)', async () => {
    const id = ids.get('Second message')!;
    const res = await browser().get(`/staff/messages/${id}`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('Is there parking at the clinic'));
    assert.ok(res.body.includes('second-message@example.com'));
    const rows = await audits('contact.viewed', id);
    assert.equal(rows.length, 1);
    assert.deepEqual({ actor: rows[0]!.actor_id, type: rows[0]!.subject_type, ip: rows[0]!.ip }, { actor: expert.id, type: 'contact_message', ip: '192.0.2.20' });
    assert.equal((await browser().get('/staff/messages/not-a-message-id')).statusCode, 404);
    assert.equal((await browser().get(`/staff/messages/${'0'.repeat(26)}`)).statusCode, 404);
  });

  it('mark handled moves it below the unhandled ones; mark unhandled brings it back; each change audited once', async () => {
    const id = ids.get('Chest pain now')!;
    const csrf = csrfIn((await browser().get(`/staff/messages/${id}`)).body);
    clock += MINUTE;
    const done = await browser().post(`/staff/messages/${id}/handled`, { csrf });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/staff/messages/${id}?done=handled`);
    const page = (await browser().get(String(done.headers.location))).body;
    assert.ok(page.includes('Marked as handled.') && page.includes('Handled by Erin Expert'));
    assert.deepEqual(subjectsIn((await browser().get('/staff/messages')).body), ['Second message', 'First message', 'Chest pain now']);
    assert.deepEqual(subjectsIn((await browser().get('/staff/messages?status=handled')).body), ['Chest pain now']);
    assert.deepEqual(subjectsIn((await browser().get('/staff/messages?status=unhandled')).body), ['Second message', 'First message']);
    assert.equal((await browser().post(`/staff/messages/${id}/handled`, { csrf })).headers.location, `/staff/messages/${id}?done=unchanged`);
    assert.equal((await audits('contact.handled', id)).length, 1, 'an unchanged state records nothing');

    assert.equal((await browser().post(`/staff/messages/${id}/unhandled`, { csrf })).statusCode, 303);
    const row = await t.ctx.db.selectFrom('contact_messages').select(['handled_at', 'handled_by']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { handled_at: null, handled_by: null });
    assert.equal((await audits('contact.unhandled', id)).length, 1);
    assert.deepEqual(subjectsIn((await browser().get('/staff/messages')).body), ['Chest pain now', 'Second message', 'First message']);
  });

  it('a reply goes by e-mail with its text (escaped in HTML), is kept, marks the message handled and is audited', async () => {
    const id = ids.get('First message')!;
    const csrf = csrfIn((await browser().get(`/staff/messages/${id}`)).body);
    clock += MINUTE;
    const text = 'Yes, there is free parking behind the clinic.\r\n\r\nYour husband is <b>welcome</b> to come with you.';
    const sent = await browser().post(`/staff/messages/${id}/reply`, { csrf, reply: text });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/staff/messages/${id}?done=replied`);

    const delivered = await mail.deliver();
    assert.equal(delivered.length, 1);
    const reply = delivered[0]!;
    assert.deepEqual(reply.envelopeTo, ['first-message@example.com']);
    assert.match(reply.headers.get('subject') ?? '', /our reply to your message \(M-[2-9A-Z]{6}\)/);
    assert.ok(reply.text.includes('Yes, there is free parking behind the clinic.'));
    assert.ok(reply.text.includes('Your husband is <b>welcome</b> to come with you.'));
    assert.ok(reply.html.includes('Your husband is &lt;b&gt;welcome&lt;/b&gt; to come with you.'));
    assert.ok(!reply.html.includes('<b>welcome'));
    assert.ok(reply.text.includes('http://kidneydesk.test/contact'), 'a way to write again');

    const row = await t.ctx.db.selectFrom('contact_messages').select(['handled_at', 'handled_by', 'replied_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.handled_by, expert.id);
    assert.ok(row.handled_at !== null && row.replied_at === row.handled_at);
    const kept = await t.ctx.db.selectFrom('contact_replies').selectAll().where('message_id', '=', id).execute();
    assert.deepEqual(kept.map((r) => [r.author_id, r.body]), [[expert.id, text.replace(/\r\n/g, '\n')]]);
    assert.equal((await audits('contact.replied', id)).length, 1);
    const page = (await browser().get(String(sent.headers.location))).body;
    assert.ok(page.includes('Reply sent by e-mail.') && page.includes('Your husband is &lt;b&gt;welcome&lt;/b&gt;'));
  });

  it('a refused reply: the message beside the field, the text kept, nothing sent or stored', async () => {
    const id = ids.get('Second message')!;
    const csrf = csrfIn((await browser().get(`/staff/messages/${id}`)).body);
    const cases: [string, number, RegExp][] = [
      ['   ', 422, /Please write your reply\./],
      ['R'.repeat(10_001), 422, /Please shorten your reply to 10,000 characters \(it has 10,001\)\./],
      ['A bell \u0007 rings', 422, /hidden control characters/],
      ['A NUL \u0000 here', 400, /cannot accept/],
    ];
    for (const [reply, status, message] of cases) {
      const res = await browser().post(`/staff/messages/${id}/reply`, { csrf, reply });
      assert.equal(res.statusCode, status, JSON.stringify(reply.slice(0, 20)));
      const error = /<p id="reply-error" class="field-error"><span class="visually-hidden">Error:<\/span> ([^<]*)<\/p>\s*<textarea id="reply"[^>]*aria-invalid="true">([^<]*)<\/textarea>/.exec(res.body);
      assert.ok(error, 'the message is beside the reply field');
      assert.match(error[1]!, message);
      if (status === 422 && reply.trim() !== '') assert.ok(error[2]!.startsWith(reply.slice(0, 10)), 'the typed text is kept');
    }
    assert.equal((await t.ctx.db.selectFrom('contact_replies').select('id').where('message_id', '=', id).execute()).length, 0);
    assert.equal((await mail.deliver()).length, 0);
    assert.equal((await audits('contact.replied', id)).length, 0);
  });

  it('an editor may not open the inbox, and the console does not offer it to them', async () => {
    assert.equal((await editorBrowser.get('/staff/messages')).statusCode, 403);
    assert.equal((await editorBrowser.get(`/staff/messages/${ids.get('First message')!}`)).statusCode, 403);
    const home = (await editorBrowser.get('/staff')).body;
    assert.ok(!home.includes('/staff/messages'));
    assert.ok((await browser().get('/staff')).body.includes('href="/staff/messages"'), 'experts see it on the console home');
  });
});
