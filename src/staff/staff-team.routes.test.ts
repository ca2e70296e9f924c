import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { recordAudit, verifyAuditChain } from '../platform/audit.ts';
import { Browser, createMember, csrfIn, secretShownIn, signIn, TEST_PASSWORD, type TestMember } from './staff.fixtures.ts';
import { totpCode } from './totp.ts';

// Admins' pages by HTTP: the team (invite, disable, re-enable), password reset by mail, the audit log.

const T0 = Date.parse('2026-11-22T09:00:00Z');

describeEachDatabase('staff console: team, password reset, audit log', (kind) => {
  let t: TestApp;
  let now = T0;
  const nextStep = () => new Date(now += 30_000);
  let admin: TestMember;
  let adminBrowser: Browser;
  let csrf: string;

  const outbox = () => t.ctx.db.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('id').execute();
  const linkIn = (text: string) => /https?:\/\/\S+\/staff\/(?:setup|password-reset)\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  const lastAudit = async () => ({ ...(await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id', 'subject_id', 'outcome']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()) });

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    admin = await createMember(t.ctx, { role: 'admin', name: 'Ada Admin' });
    adminBrowser = new Browser(t.app, '203.0.113.1');
    csrf = await signIn(adminBrowser, admin, nextStep());
  });
  after(async () => {
    await t?.close();
  });

  it('invites through the outbox; the invitee sets up from the mailed link', async () => {
    const bad = await adminBrowser.post('/staff/team', { name: '', email: 'not an address', role: 'boss', csrf });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /<title>Error: Team/);
    for (const field of ['name', 'email', 'role']) assert.match(bad.body, new RegExp(`<li><a href="#${field}">`));
    assert.equal((await outbox()).length, 0);

    const sent = await adminBrowser.post('/staff/team', { name: 'Eve Editor', email: 'Eve@Clinic.example', role: 'editor', reviewer: 'yes', csrf });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/staff/team?done=invited');
    const [mail, ...rest] = await outbox();
    assert.equal(rest.length, 0);
    assert.equal(mail!.kind, 'staff-setup');
    assert.equal(mail!.recipient, 'eve@clinic.example');
    const eve = await t.ctx.db.selectFrom('staff').selectAll().where('email', '=', 'eve@clinic.example').executeTakeFirstOrThrow();
    assert.deepEqual([eve.role, eve.is_reviewer, eve.password_hash], ['editor', 1, null]);
    assert.deepEqual(await lastAudit(), { action: 'staff.created', actor_id: admin.id, subject_id: eve.id, outcome: 'ok' });

    const again = await adminBrowser.post('/staff/team', { name: 'Eve Again', email: 'eve@clinic.example', role: 'expert', csrf });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already an account with that e-mail/);

    const link = linkIn(mail!.text_body);
    assert.ok(link);
    const eveBrowser = new Browser(t.app, '203.0.113.2');
    const form = await eveBrowser.get(new URL(link).pathname);
    const set = await eveBrowser.post(new URL(link).pathname, { password: TEST_PASSWORD, confirm: TEST_PASSWORD, totp: 'yes', csrf: csrfIn(form.body) });
    assert.equal(set.headers.location, `${new URL(link).pathname}/code`, 'an editor who asks for codes gets them');
    const codePage = await eveBrowser.get(`${new URL(link).pathname}/code`);
    const done = await eveBrowser.post(`${new URL(link).pathname}/code`, { code: totpCode(secretShownIn(codePage.body), new Date(now)), csrf: csrfIn(codePage.body) });
    assert.equal(done.headers.location, '/staff/login?done=setup');
    const team = await adminBrowser.get('/staff/team');
    assert.match(team.body, /Eve Editor<\/th>\s*<td>eve@clinic\.example<\/td>\s*<td>Editor, reviewer<\/td>\s*<td>Password and code<\/td>/);
  });

  it('disabling ends the person\'s sessions at once; re-enabling lets them sign in again', async () => {
    const expert = await createMember(t.ctx, { role: 'expert', name: 'Xavier Expert' });
    const phone = new Browser(t.app, '203.0.113.3');
    const laptop = new Browser(t.app, '203.0.113.4');
    await signIn(phone, expert, nextStep());
    await signIn(laptop, expert, nextStep());
    const oldCookie = laptop.cookies.get('kd_staff')!;

    const disabled = await adminBrowser.post(`/staff/team/${expert.id}/disable`, { csrf });
    assert.equal(disabled.statusCode, 303);
    assert.equal(disabled.headers.location, '/staff/team?done=disabled');
    for (const b of [phone, laptop]) assert.equal((await b.get('/staff')).statusCode, 303, 'signed out at once');
    const sessions = await t.ctx.db.selectFrom('staff_sessions').select('revoked_at').where('staff_id', '=', expert.id).where('stage', '=', 'active').execute();
    assert.ok(sessions.length === 2 && sessions.every((s) => s.revoked_at !== null));
    assert.deepEqual(await lastAudit(), { action: 'staff.disabled', actor_id: admin.id, subject_id: expert.id, outcome: 'ok' });

    const login = await phone.get('/staff/login');
    const refused = await phone.post('/staff/login', { email: expert.email, password: expert.password, csrf: csrfIn(login.body) });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.body, /E-mail, password or code not recognised/);

    assert.match((await adminBrowser.get('/staff/team')).body, /Xavier Expert<\/th>[\s\S]*?<strong>Disabled<\/strong>[\s\S]*?action="\/staff\/team\/[0-9a-z]{26}\/enable"/);
    const enabled = await adminBrowser.post(`/staff/team/${expert.id}/enable`, { csrf });
    assert.equal(enabled.headers.location, '/staff/team?done=enabled');
    assert.deepEqual(await lastAudit(), { action: 'staff.enabled', actor_id: admin.id, subject_id: expert.id, outcome: 'ok' });
    assert.equal((await t.app.inject({ method: 'GET', url: '/staff', cookies: { kd_staff: oldCookie } })).statusCode, 303, 'old sessions stay ended');
    await signIn(phone, expert, nextStep());
  });

  it('an admin cannot disable their own account; unknown ids are 404', async () => {
    const self = await adminBrowser.post(`/staff/team/${admin.id}/disable`, { csrf });
    assert.equal(self.statusCode, 403);
    assert.equal((await adminBrowser.post('/staff/team/0000000000aaaaaaaaaaaaaaaa/disable', { csrf })).statusCode, 404);
    assert.equal((await adminBrowser.post('/staff/team/not-an-id/disable', { csrf })).statusCode, 400);
    assert.equal((await adminBrowser.get('/staff')).statusCode, 200);
  });

  it('a new set-up link replaces the old one and goes out through the outbox', async () => {
    const eve = await t.ctx.db.selectFrom('staff').select('id').where('email', '=', 'eve@clinic.example').executeTakeFirstOrThrow();
    const before = (await outbox()).length;
    const sent = await adminBrowser.post(`/staff/team/${eve.id}/setup-link`, { csrf });
    assert.equal(sent.headers.location, '/staff/team?done=link');
    const mails = (await outbox()).slice(before);
    assert.deepEqual(mails.map((m) => [m.kind, m.recipient]), [['staff-setup', 'eve@clinic.example']]);
    assert.deepEqual(await lastAudit(), { action: 'staff.setup_link_sent', actor_id: admin.id, subject_id: eve.id, outcome: 'ok' });
    assert.equal((await new Browser(t.app, '203.0.113.10').get(new URL(linkIn(mails[0]!.text_body)!).pathname)).statusCode, 200);
  });

  it('password reset: the same answer for any address, a link by mail, all sessions ended, TOTP kept', async () => {
    const expert = await createMember(t.ctx, { role: 'expert', email: 'rita@clinic.example' });
    const signedIn = new Browser(t.app, '203.0.113.5');
    await signIn(signedIn, expert, nextStep());
    const mailsBefore = (await outbox()).length;

    const asker = new Browser(t.app, '203.0.113.6');
    const page = await asker.get('/staff/password-reset');
    const unknown = await asker.post('/staff/password-reset', { email: 'nobody@clinic.example', csrf: csrfIn(page.body) });
    const known = await asker.post('/staff/password-reset', { email: 'Rita@clinic.example', csrf: csrfIn(page.body) });
    assert.equal(unknown.statusCode, 200);
    assert.equal(known.statusCode, 200);
    assert.equal(unknown.body.replace(/value="[^"]*"/g, ''), known.body.replace(/value="[^"]*"/g, ''));
    assert.match(known.body, /If that address belongs to a staff account/);
    const mails = (await outbox()).slice(mailsBefore);
    assert.equal(mails.length, 1, 'one mail, for the known address only');
    assert.equal(mails[0]!.kind, 'staff-password-reset');
    assert.equal(mails[0]!.recipient, 'rita@clinic.example');
    const link = new URL(linkIn(mails[0]!.text_body)!).pathname;
    assert.match(link, /^\/staff\/password-reset\/[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await lastAudit(), { action: 'staff.password_reset_requested', actor_id: null, subject_id: expert.id, outcome: 'ok' });

    const form = await asker.get(link);
    assert.equal(form.statusCode, 200);
    const weak = await asker.post(link, { password: 'rita@clinic.example', confirm: 'rita@clinic.example', csrf: csrfIn(form.body) });
    assert.equal(weak.statusCode, 422);
    const newPassword = 'a brand new kidney phrase';
    const reset = await asker.post(link, { password: newPassword, confirm: newPassword, csrf: csrfIn(form.body) });
    assert.equal(reset.statusCode, 303);
    assert.equal(reset.headers.location, '/staff/login?done=reset');
    assert.equal((await asker.get(link)).statusCode, 404, 'the link works once');
    assert.equal((await signedIn.get('/staff')).statusCode, 303, 'every session of the account ended');
    assert.deepEqual(await lastAudit(), { action: 'staff.password_reset', actor_id: expert.id, subject_id: expert.id, outcome: 'ok' });

    const fresh = new Browser(t.app, '203.0.113.7');
    const login = await fresh.get('/staff/login');
    assert.equal((await fresh.post('/staff/login', { email: expert.email, password: TEST_PASSWORD, csrf: csrfIn(login.body) })).statusCode, 401, 'the old password is gone');
    await signIn(fresh, { ...expert, password: newPassword }, nextStep());
  });

  it('a disabled account gets no reset mail', async () => {
    const gone = await createMember(t.ctx, { role: 'editor', email: 'gone@clinic.example', disabled: true });
    const before = (await outbox()).length;
    const asker = new Browser(t.app, '203.0.113.8');
    const page = await asker.get('/staff/password-reset');
    assert.equal((await asker.post('/staff/password-reset', { email: gone.email, csrf: csrfIn(page.body) })).statusCode, 200);
    assert.equal((await outbox()).length, before);
  });

  it('the audit log page filters and pages; only admins may open it', async () => {
    await t.ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 60; i++) await recordAudit(trx, { actor: { type: 'system' }, action: 'test.filler', subject: { type: 'consultation', id: `c${i}` }, at: new Date(now) });
    });
    const first = await adminBrowser.get('/staff/audit');
    assert.equal(first.statusCode, 200);
    assert.equal([...first.body.matchAll(/<tr>\s*<td>\d+<\/td>/g)].length, 50);
    const older = /href="(\/staff\/audit\?before=\d+)" rel="next"/.exec(first.body)?.[1];
    assert.ok(older);
    const second = await adminBrowser.get(older.replace(/&amp;/g, '&'));
    assert.equal(second.statusCode, 200);
    assert.ok([...second.body.matchAll(/<tr>\s*<td>\d+<\/td>/g)].length > 0);
    assert.match(second.body, /href="\/staff\/audit\?">Newest<\/a>|href="\/staff\/audit\?"/);

    const filtered = await adminBrowser.get('/staff/audit?action=staff.disabled');
    const rows = [...filtered.body.matchAll(/<code>(staff\.[a-z_]+|test\.filler)<\/code>/g)].map((m) => m[1]);
    assert.deepEqual(rows, ['staff.disabled']);
    assert.match(filtered.body, /Ada Admin <code>/, 'staff actors are shown by name');
    const prefix = await adminBrowser.get('/staff/audit?action=staff.&outcome=failed');
    assert.ok([...prefix.body.matchAll(/<code>(staff\.login_failed)<\/code>/g)].length >= 1);
    assert.doesNotMatch(prefix.body, /<code>staff\.login<\/code>/);
    assert.equal((await adminBrowser.get('/staff/audit?from=2026-11-22&to=2026-11-22')).statusCode, 200);
    assert.equal((await adminBrowser.get('/staff/audit?action=%3Cscript%3E')).statusCode, 400);

    const expert = await createMember(t.ctx, { role: 'expert' });
    const expertBrowser = new Browser(t.app, '203.0.113.9');
    await signIn(expertBrowser, expert, nextStep());
    assert.equal((await expertBrowser.get('/staff/audit')).statusCode, 403);
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true);
  });
});
