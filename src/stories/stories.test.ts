import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { catchMail, fieldError, unescapeHtml, type MailCatcher } from '../../test/ask-fixtures.ts';
import { Browser, createMember, csrfIn, signIn } from '../staff/staff.fixtures.ts';

// Patient stories: sharing one (consent, anti-spam, the mail with the withdrawal link on a real
// SMTP server), moderation in the console, "never without consent", withdrawal, the contact
// address kept off public pages, and the bad inputs of /work/shared/security/bad-inputs.json.

interface BadInput { field: string; value: string; kind: string; expect: 'rejected' | 'stored-escaped' | 'ignored'; repeat?: number }
const BAD_INPUTS: BadInput[] = (JSON.parse(readFileSync('/work/shared/security/bad-inputs.json', 'utf8')) as BadInput[])
  .map((b) => ({ ...b, value: b.repeat ? b.value.repeat(b.repeat) : b.value }));
const STORY = 'I started haemodialysis last spring. The first weeks were hard, but the nurses showed me how to manage my fluids and now I walk every day.';
const SECRET_EMAIL = 'private.author@example.com';

describeEachDatabase('patient stories', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-23T09:00:00Z');
  let mail: MailCatcher;
  let editor: Browser;
  let expert: Browser;
  let ip = 10;

  const fields = (overrides: Record<string, string> = {}) => ({
    website: '', displayName: 'Ann', condition: 'haemodialysis', title: 'Finding my feet on dialysis', body: STORY, email: SECRET_EMAIL, consent: 'yes', ...overrides,
  });
  /** Shows the form, waits like a person, and sends it from a fresh address. */
  const share = async (form: Record<string, string>, options: { wait?: number; remoteAddress?: string } = {}): Promise<LightMyRequestResponse> => {
    const page = await t.app.inject({ url: '/stories/share' });
    const stamp = /name="started" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    now += options.wait ?? 5_000;
    return t.app.inject({
      method: 'POST', url: '/stories/share', remoteAddress: options.remoteAddress ?? `198.51.100.${ip++ % 250}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ started: stamp, ...form }).toString(),
    });
  };
  const count = async (table: 'stories' | 'outbox') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const latest = () => t.ctx.db.selectFrom('stories').selectAll().orderBy('submitted_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const moderate = async (id: string, action: string, form: Record<string, string> = {}) =>
    editor.post(`/staff/stories/${id}${action ? `/${action}` : ''}`, { ...form, csrf: csrfIn((await editor.get('/staff')).body) });
  const submitted = async (overrides: Record<string, string> = {}) => {
    const sent = await share(fields(overrides));
    assert.equal(sent.statusCode, 303, sent.body);
    return (await latest()).id;
  };

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    mail = await catchMail(t);
    editor = new Browser(t.app, '192.0.2.70');
    await signIn(editor, await createMember(t.ctx, { role: 'editor' }), new Date(now));
    now += 30_000;
    expert = new Browser(t.app, '192.0.2.71');
    await signIn(expert, await createMember(t.ctx, { role: 'expert' }), new Date(now));
  });
  after(async () => {
    await mail?.close();
    await t?.close();
  });

  it('sharing a story stores it with its consent and mails a private withdrawal link, never the story', async () => {
    const form = await t.app.inject({ url: '/stories/share' });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<input id="consent" name="consent" type="checkbox" value="yes">/, 'the consent box is not ticked');
    assert.match(form.body, /I agree that the clinic may publish my story/);

    const sent = await share(fields());
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/stories/share/thanks');
    assert.match((await t.app.inject({ url: '/stories/share/thanks' })).body, /Thank you for sharing your story/);
    const row = await latest();
    assert.equal(row.status, 'submitted');
    assert.equal(row.display_name, 'Ann');
    assert.equal(row.contact_email, SECRET_EMAIL);
    assert.equal(row.consented_at, new Date(now).toISOString());
    assert.ok(row.consent_version.length > 0);
    assert.match(row.withdrawal_token_hash, /^[0-9a-f]{64}$/);

    const received = await mail.deliver();
    assert.equal(received.length, 1);
    const [message] = received;
    assert.deepEqual(message!.envelopeTo, [SECRET_EMAIL]);
    assert.match(message!.headers.get('subject') ?? '', /thank you for sharing your story/);
    const link = /http:\/\/kidneydesk\.test\/stories\/withdraw\/([A-Za-z0-9_-]{43})/.exec(message!.text)?.[1];
    assert.ok(link, message!.text);
    assert.ok(!message!.text.includes('haemodialysis last spring'), 'the story is not in the mail');
    assert.ok(!JSON.stringify(row).includes(link), 'the token itself is not stored');
    assert.equal((await t.app.inject({ url: `/stories/${row.id}` })).statusCode, 404, 'not public before moderation');
  });

  it('without the consent box ticked: 422 beside the checkbox and nothing stored', async () => {
    const before = [await count('stories'), await count('outbox')];
    const { consent: _consent, ...withoutConsent } = fields({ displayName: 'Bea' });
    const sent = await share(withoutConsent);
    assert.equal(sent.statusCode, 422);
    assert.match(fieldError(sent.body, 'consent') ?? '', /tick the box/);
    assert.match(sent.body, /value="Bea"/, 'what was typed is kept');
    assert.ok(sent.body.includes('haemodialysis last spring'));
    assert.deepEqual([await count('stories'), await count('outbox')], before);
  });

  it('the display name is a first name or initials only', async () => {
    for (const good of ['Ann', 'A. K.', 'J.K.', 'Zoë', "O'Brien", 'Jean-Luc', 'Mary Ann', '李小龍']) {
      assert.equal((await share(fields({ displayName: good }))).statusCode, 303, good);
      assert.equal((await latest()).display_name, good);
    }
    const before = await count('stories');
    for (const bad of ['Ann Marie Smith', 'ann@example.com', 'Ann 07700900123', 'R2D2', 'x'.repeat(41), '', 'Ann!', 'Ann\nSmith', '-Ann']) {
      const sent = await share(fields({ displayName: bad }));
      assert.ok(sent.statusCode === 422 || sent.statusCode === 400, `${JSON.stringify(bad)}: ${sent.statusCode}`);
      assert.ok(fieldError(sent.body, 'displayName'), bad);
    }
    assert.equal(await count('stories'), before);
  });

  it('the honeypot and a form sent too fast are refused and store nothing', async () => {
    const before = await count('stories');
    assert.equal((await share(fields({ website: 'http://spam.example' }))).statusCode, 422);
    const quick = await share(fields(), { wait: 500 });
    assert.equal(quick.statusCode, 422);
    assert.match(quick.body, /very quick/);
    assert.equal(await count('stories'), before);
  });

  it('moderation: submitted first, edit keeps consent, publish, reject, unpublish; all audited by id; experts cannot moderate', async () => {
    const first = await submitted({ title: 'Story to publish', displayName: 'Cy' });
    const second = await submitted({ title: 'Story to reject', displayName: 'Di' });
    assert.equal((await expert.get('/staff/stories')).statusCode, 403);

    const list = await editor.get('/staff/stories');
    assert.equal(list.statusCode, 200);
    const view = await editor.get(`/staff/stories/${first}`);
    assert.equal(view.statusCode, 200);
    assert.ok(view.body.includes(SECRET_EMAIL), 'moderators see the contact address');
    const consentBefore = (await t.ctx.db.selectFrom('stories').select(['consented_at', 'consent_version']).where('id', '=', first).executeTakeFirstOrThrow());

    const bad = await moderate(first, '', { displayName: 'Cy Smith Jones', title: 'Edited title', body: 'Too short.' });
    assert.equal(bad.statusCode, 422);
    assert.ok(fieldError(bad.body, 'displayName'));
    assert.ok(fieldError(bad.body, 'body'));
    assert.match(bad.body, /value="Edited title"/);
    const edited = await moderate(first, '', { displayName: 'C.', title: 'An edited title', body: `${STORY} Edited.` });
    assert.equal(edited.statusCode, 303);
    assert.deepEqual(await t.ctx.db.selectFrom('stories').select(['consented_at', 'consent_version']).where('id', '=', first).executeTakeFirstOrThrow(), consentBefore);

    assert.equal((await moderate(first, 'publish')).statusCode, 303);
    assert.equal((await moderate(first, 'publish')).statusCode, 409);
    const page = await t.app.inject({ url: `/stories/${first}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /An edited title/);
    assert.match(page.body, /<bdi>C\.<\/bdi> · On haemodialysis/);
    assert.match((await t.app.inject({ url: '/stories' })).body, new RegExp(`<a href="/stories/${first}" dir="auto">An edited title</a>`));

    assert.equal((await moderate(second, 'reject')).statusCode, 303);
    assert.equal((await t.app.inject({ url: `/stories/${second}` })).statusCode, 404);
    assert.equal((await moderate(second, 'unpublish')).statusCode, 409);

    const order = await editor.get('/staff/stories');
    const positions = [/Waiting for moderation/, /Published/, /Rejected/].map((r) => order.body.search(r));
    assert.ok(positions[0]! < positions[1]! && positions[1]! < positions[2]!, 'submitted first, then published, then rejected');

    assert.equal((await moderate(first, 'unpublish')).statusCode, 303);
    assert.equal((await t.app.inject({ url: `/stories/${first}` })).statusCode, 404, 'unpublished at once');
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'subject_id']).where('subject_type', '=', 'story').where('subject_id', 'in', [first, second]).orderBy('seq').execute();
    assert.deepEqual(audit.map((r) => r.action), [
      'story.submitted', 'story.submitted', 'story.viewed', 'story.edited', 'story.published', 'story.rejected', 'story.unpublished',
    ]);
    const rows = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_type', '=', 'story').execute();
    assert.ok(!JSON.stringify(rows).includes('@'), 'no e-mail address in the audit log');
  });

  it('a story is never published without recorded consent', async () => {
    const id = await submitted({ displayName: 'Ed' });
    for (const consent of [{ consent_version: '' }, { consented_at: '' }]) {
      await t.ctx.db.updateTable('stories').set(consent).where('id', '=', id).execute();
      const refused = await moderate(id, 'publish');
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /consent is not recorded/);
      assert.equal((await t.ctx.db.selectFrom('stories').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'submitted');
      await t.ctx.db.updateTable('stories').set({ consent_version: '2026-11-23', consented_at: new Date(now).toISOString() }).where('id', '=', id).execute();
    }
    assert.ok((await editor.get(`/staff/stories/${id}`)).body.includes(`/staff/stories/${id}/publish"`), 'with consent the Publish button is offered');
    assert.equal((await moderate(id, 'publish')).statusCode, 303);
  });

  it('the withdrawal link unpublishes at once: the page 404s and leaves the list; it cannot be published again', async () => {
    await mail.deliver();
    const id = await submitted({ title: 'A story to withdraw', displayName: 'Flo' });
    const [message] = await mail.deliver();
    const link = /http:\/\/kidneydesk\.test(\/stories\/withdraw\/[A-Za-z0-9_-]{43})/.exec(message!.text)![1]!;
    assert.equal((await moderate(id, 'publish')).statusCode, 303);
    assert.equal((await t.app.inject({ url: `/stories/${id}` })).statusCode, 200);
    assert.match((await t.app.inject({ url: '/stories' })).body, /A story to withdraw/);

    const confirm = await t.app.inject({ url: link });
    assert.equal(confirm.statusCode, 200);
    assert.equal(confirm.headers['referrer-policy'], 'no-referrer');
    assert.match(confirm.body, /<form method="post" action="\/stories\/withdraw\//);
    assert.equal((await t.app.inject({ url: `/stories/${id}` })).statusCode, 200, 'opening the link alone changes nothing');
    const done = await t.app.inject({ method: 'POST', url: link });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Your story has been withdrawn/);
    assert.equal((await t.app.inject({ url: `/stories/${id}` })).statusCode, 404);
    assert.ok(!(await t.app.inject({ url: '/stories' })).body.includes('A story to withdraw'));
    const row = await t.ctx.db.selectFrom('stories').select(['status', 'withdrawn_at', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { status: 'withdrawn', withdrawn_at: new Date(now).toISOString(), published_at: null });
    assert.equal((await moderate(id, 'publish')).statusCode, 409);
    assert.equal((await moderate(id, '', { displayName: 'Flo', title: 'Changed', body: STORY })).statusCode, 409);
    assert.match((await t.app.inject({ url: link })).body, /has been withdrawn/, 'the link says so afterwards');
    assert.equal((await t.app.inject({ url: `/stories/withdraw/${'A'.repeat(43)}` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'POST', url: '/stories/withdraw/not-a-token' })).statusCode, 404);
  });

  it('the contact address never appears on public pages', async () => {
    const id = await submitted({ title: 'Public but private', displayName: 'Gus' });
    await moderate(id, 'publish');
    for (const url of ['/stories', `/stories/${id}`, '/', '/sitemap.xml', '/site-map', '/experts']) {
      const response = await t.app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.ok(!response.body.includes(SECRET_EMAIL) && !response.body.includes('private.author'), url);
    }
  });

  it('bad inputs for the display name, title, story and e-mail: rejected with a message, or stored verbatim and shown escaped; never a 5xx', async () => {
    const map: Record<string, string> = { name: 'displayName', subject: 'title', description: 'body', email: 'email' };
    const padding = ' This sentence makes the story long enough to be accepted by the form.';
    for (const bad of BAD_INPUTS.filter((b) => b.field in map)) {
      const field = map[bad.field]!;
      // The story must be 50 characters long: short values are sent with a sentence after them.
      const value = field === 'body' && [...bad.value].length < 50 && bad.expect !== 'rejected' ? `${bad.value}${padding}` : bad.value;
      const before = await count('stories');
      const sent = await share(fields({ [field]: value }));
      const label = `${bad.field}→${field} ${bad.kind}: ${JSON.stringify(bad.value.slice(0, 40))}`;
      assert.ok(sent.statusCode < 500, `${label}: ${sent.statusCode}`);
      // A display name is held to a first name or initials, so most "stored-escaped" names (markup,
      // SQL, formulas, templates, three-word names) are refused here with a message; the
      // positive controls that are first names pass. The story's limit is 5,000 characters.
      const shortName = field !== 'displayName' || !/[^\p{L}\p{M}'\u2019 -]/u.test(bad.value) && bad.value.trim().split(/\s+/).length <= 2 && [...bad.value.normalize('NFC')].length <= 40;
      const tooLong = field === 'body' && [...value].length > 5000;
      if (bad.expect === 'rejected' || !shortName || tooLong) {
        assert.ok(sent.statusCode >= 400 && sent.statusCode < 500, `${label}: ${sent.statusCode}`);
        if (sent.statusCode !== 413) assert.ok(fieldError(sent.body, field), `${label}: a message beside the field`);
        assert.equal(await count('stories'), before, label);
        continue;
      }
      assert.equal(sent.statusCode, 303, `${label}: ${sent.statusCode} ${/field-error">[^]*?<\/p>/.exec(sent.body)?.[0] ?? ''}`);
      const row = await latest();
      const stored = field === 'displayName' ? row.display_name : field === 'title' ? row.title : field === 'body' ? row.body : row.contact_email;
      const expected = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
      assert.equal(stored, expected, label);
      if (field === 'email') continue;
      await moderate(row.id, 'publish');
      const page = await t.app.inject({ url: `/stories/${row.id}` });
      assert.equal(page.statusCode, 200, label);
      assert.ok(!/<script>alert|<img src=x onerror|<iframe|<svg><foreignObject/i.test(page.body), `${label}: nothing active`);
      const text = unescapeHtml(page.body.replace(/<br>/g, '\n'));
      assert.ok(text.includes(field === 'body' ? expected.split('\n')[0]! : expected), `${label}: shown literally`);
    }
    // A body over the form limit is refused before it is read.
    assert.equal((await share(fields({ body: 'X'.repeat(1_000_000) }))).statusCode, 413);
    const limit = await share(fields({ body: 'X'.repeat(5000) }));
    assert.equal(limit.statusCode, 303, 'exactly 5,000 characters fit');
    assert.equal((await share(fields({ body: 'X'.repeat(5001) }))).statusCode, 422);
  });

  it('more than the hourly limit of forms from one address gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await share(fields(), { remoteAddress: '203.0.113.99' })).statusCode);
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429]);
  });
});
