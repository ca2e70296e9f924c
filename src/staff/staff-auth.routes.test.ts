import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { createStaffAccount } from './staff.service.ts';
import { SIGN_IN_REFUSED } from './staff-auth.views.ts';
import { totpCode } from './totp.ts';
import { Browser, createMember, csrfIn, secretShownIn, signIn, TEST_PASSWORD } from './staff.fixtures.ts';

// Sign-in, set-up and sign-out by HTTP on both databases, with an injected clock.

const T0 = Date.parse('2026-11-22T09:00:00Z');
const REFUSED = SIGN_IN_REFUSED.replace(/[.]/g, '\\.');

async function tryPassword(browser: Browser, email: string, password: string) {
  const page = await browser.get('/staff/login');
  return browser.post('/staff/login', { email, password, csrf: csrfIn(page.body) });
}

describeEachDatabase('staff sign-in: set-up link to sign-out', (kind) => {
  let t: TestApp;
  let now = T0;
  const tick = (ms: number) => { now += ms; };
  const actions = async () => (await t.ctx.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_id', 'actor_type']).orderBy('seq').execute());

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
  });
  after(async () => {
    await t?.close();
  });

  it('set-up link → password → TOTP → sign in with a code → console → sign out', async () => {
    const { id, setupLink } = await createStaffAccount(t.ctx, { email: 'nina.nephro@clinic.example', name: 'Nina Nephro', role: 'expert', isReviewer: false }, { type: 'system' }, { mail: false });
    assert.match(setupLink, /^http:\/\/kidneydesk\.test\/staff\/setup\/[A-Za-z0-9_-]{43}$/);
    const setupPath = new URL(setupLink).pathname;
    const nina = new Browser(t.app, '192.0.2.10');

    const form = await nina.get(setupPath);
    assert.equal(form.statusCode, 200);
    assert.equal(form.headers['referrer-policy'], 'no-referrer');
    assert.equal(form.headers['cache-control'], 'no-store');
    assert.match(form.body, /<meta name="robots" content="noindex">/);
    assert.match(form.body, /your role needs them/);

    const weak = await nina.post(setupPath, { password: 'password1234', confirm: 'password1234', csrf: csrfIn(form.body) });
    assert.equal(weak.statusCode, 422);
    assert.match(weak.body, /<title>Error: Set up your staff account/);
    assert.match(weak.body, /class="error-summary"[\s\S]*<a href="#password">That password is too common/);
    assert.match(weak.body, /aria-invalid="true"/);
    const mismatch = await nina.post(setupPath, { password: TEST_PASSWORD, confirm: `${TEST_PASSWORD}!`, csrf: csrfIn(form.body) });
    assert.equal(mismatch.statusCode, 422);
    assert.match(mismatch.body, /<a href="#confirm">The two passwords are not the same/);

    const set = await nina.post(setupPath, { password: TEST_PASSWORD, confirm: TEST_PASSWORD, csrf: csrfIn(form.body) });
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, `${setupPath}/code`);

    // An expert cannot reach the console with a password alone.
    const early = await tryPassword(new Browser(t.app, '192.0.2.11'), 'nina.nephro@clinic.example', TEST_PASSWORD);
    assert.equal(early.statusCode, 403);
    assert.match(early.body, /set-up is not finished/);

    const codePage = await nina.get(`${setupPath}/code`);
    assert.equal(codePage.statusCode, 200);
    assert.match(codePage.body, /<svg class="qr-code"[^>]*role="img"/);
    assert.doesNotMatch(codePage.body.slice(codePage.body.indexOf('<main')), /style=|<script/);
    const secret = secretShownIn(codePage.body);
    const wrong = await nina.post(`${setupPath}/code`, { code: '000000', csrf: csrfIn(codePage.body) });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /That code did not match/);
    const confirmed = await nina.post(`${setupPath}/code`, { code: totpCode(secret, new Date(now)), csrf: csrfIn(codePage.body) });
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/staff/login?done=setup');
    assert.equal((await nina.get(setupPath)).statusCode, 404, 'the link works once');

    const login = await nina.get('/staff/login?done=setup');
    assert.match(login.body, /Your account is set up/);
    const password = await nina.post('/staff/login', { email: 'Nina.Nephro@clinic.example ', password: TEST_PASSWORD, csrf: csrfIn(login.body) });
    assert.equal(password.statusCode, 303);
    assert.equal(password.headers.location, '/staff/login');
    const pendingCookie = nina.cookies.get('kd_staff');
    assert.ok(pendingCookie);
    assert.match(String(password.headers['set-cookie']), /kd_staff=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict/);
    assert.equal((await nina.get('/staff')).statusCode, 303, 'the code step is not a session for the console');

    const step = await nina.get('/staff/login');
    assert.match(step.body, /Enter your sign-in code/);
    const replay = await nina.post('/staff/login/code', { code: totpCode(secret, new Date(now)), csrf: csrfIn(step.body) });
    assert.equal(replay.statusCode, 401, 'the code used at set-up is not accepted again');
    assert.match(replay.body, new RegExp(REFUSED));
    tick(30_000);
    const signedIn = await nina.post('/staff/login/code', { code: totpCode(secret, new Date(now)), csrf: csrfIn(step.body) });
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/staff');
    assert.notEqual(nina.cookies.get('kd_staff'), pendingCookie, 'a new session id at sign-in');

    const home = await nina.get('/staff');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Consultation queue/);
    assert.doesNotMatch(home.body, /href="\/staff\/team"|href="\/staff\/audit"/, 'an expert is not offered admin pages');
    assert.equal((await nina.get('/staff/team')).statusCode, 403);

    const session = nina.cookies.get('kd_staff')!;
    const out = await nina.post('/staff/logout', { csrf: csrfIn(home.body) });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/staff/login?done=out');
    assert.equal(nina.cookies.has('kd_staff'), false, 'the cookie is cleared');
    const reused = await t.app.inject({ method: 'GET', url: '/staff', cookies: { kd_staff: session } });
    assert.equal(reused.statusCode, 303, 'the old session id no longer works');
    assert.equal(reused.headers.location, '/staff/login');

    const log = (await actions()).filter((a) => a.actor_id === id || a.action === 'staff.created');
    assert.deepEqual(log.map((a) => `${a.action}:${a.outcome}`), [
      'staff.created:ok', 'staff.password_set:ok', 'staff.login_failed:denied', 'staff.totp_enabled:ok', 'staff.setup_completed:ok',
      'staff.login_failed:failed', 'staff.login:ok', 'staff.logout:ok',
    ]);
    assert.equal(log[0]!.actor_type, 'system');
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true);
  });

  it('an editor may skip TOTP: the password alone signs in', async () => {
    const { setupLink } = await createStaffAccount(t.ctx, { email: 'ed@clinic.example', name: 'Ed Itor', role: 'editor', isReviewer: true }, { type: 'system' }, { mail: false });
    const ed = new Browser(t.app, '192.0.2.20');
    const form = await ed.get(new URL(setupLink).pathname);
    assert.match(form.body, /name="totp" type="checkbox"/);
    const set = await ed.post(new URL(setupLink).pathname, { password: TEST_PASSWORD, confirm: TEST_PASSWORD, csrf: csrfIn(form.body) });
    assert.equal(set.headers.location, '/staff/login?done=setup');
    const login = await ed.get('/staff/login');
    const done = await ed.post('/staff/login', { email: 'ed@clinic.example', password: TEST_PASSWORD, csrf: csrfIn(login.body) });
    assert.equal(done.headers.location, '/staff');
    const home = await ed.get('/staff');
    assert.match(home.body, /Articles/);
    assert.doesNotMatch(home.body, /Consultation queue/);
    assert.match(home.body, /password only/);
  });

  it('idle for 30 minutes ends a session; activity keeps it, up to 12 hours', async () => {
    const admin = await createMember(t.ctx, { role: 'admin' });
    const browser = new Browser(t.app, '192.0.2.30');
    tick(60_000);
    await signIn(browser, admin, new Date(now));
    tick(29 * 60_000);
    assert.equal((await browser.get('/staff')).statusCode, 200, 'after 29 idle minutes');
    tick(29 * 60_000);
    assert.equal((await browser.get('/staff')).statusCode, 200, 'idle time counts from the last request');
    tick(30 * 60_000 + 1000);
    const idle = await browser.get('/staff/team');
    assert.equal(idle.statusCode, 303, 'after 30 idle minutes');
    assert.equal(idle.headers.location, '/staff/login?next=%2Fstaff%2Fteam');

    tick(60_000);
    await signIn(browser, admin, new Date(now));
    const started = now;
    while (now + 20 * 60_000 < started + 12 * 3_600_000) {
      tick(20 * 60_000);
      assert.equal((await browser.get('/staff')).statusCode, 200, `at ${(now - started) / 60_000} minutes`);
    }
    now = started + 12 * 3_600_000;
    assert.equal((await browser.get('/staff')).statusCode, 303, 'twelve hours after sign-in, however active');
  });
});

describeEachDatabase('staff sign-in: failures and throttling', (kind) => {
  let t: TestApp;
  let now = T0;
  const tick = (ms: number) => { now += ms; };

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
  });
  after(async () => {
    await t?.close();
  });

  it('an unknown address, a wrong password and a disabled account get the same answer', async () => {
    const expert = await createMember(t.ctx, { role: 'expert', email: 'known@clinic.example' });
    await createMember(t.ctx, { role: 'editor', email: 'gone@clinic.example', disabled: true });
    const browser = new Browser(t.app, '198.51.100.1');
    const unknown = await tryPassword(browser, 'nobody@clinic.example', TEST_PASSWORD);
    const wrong = await tryPassword(browser, expert.email, 'not the password at all');
    const disabled = await tryPassword(browser, 'gone@clinic.example', TEST_PASSWORD);
    for (const r of [unknown, wrong, disabled]) {
      assert.equal(r.statusCode, 401);
      assert.match(r.body, new RegExp(`<a href="#email">${REFUSED}</a>`));
    }
    const strip = (body: string) => body.replace(/value="[^"]*"/g, '');
    assert.equal(strip(unknown.body), strip(wrong.body));
    const rows = await t.ctx.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_id']).orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => [r.action, r.outcome, r.actor_id === null]), [
      ['staff.login_failed', 'failed', true], ['staff.login_failed', 'failed', false], ['staff.login_failed', 'denied', false],
    ]);
  });

  it('five wrong passwords lock the account for 15 minutes with 429 and Retry-After, even for the right one', async () => {
    const member = await createMember(t.ctx, { role: 'editor', email: 'locked@clinic.example' });
    const browser = new Browser(t.app, '198.51.100.2');
    for (let i = 0; i < 5; i++) {
      tick(1000);
      assert.equal((await tryPassword(browser, member.email, `wrong password ${i}!`)).statusCode, 401);
    }
    tick(1000);
    const locked = await tryPassword(new Browser(t.app, '198.51.100.3'), member.email, member.password);
    assert.equal(locked.statusCode, 429, 'the account is locked from any address');
    assert.ok(Number(locked.headers['retry-after']) > 840 && Number(locked.headers['retry-after']) <= 900, String(locked.headers['retry-after']));
    assert.match(locked.body, new RegExp(REFUSED));
    const rows = await t.ctx.db.selectFrom('audit_log').select(['action', 'outcome']).where('actor_id', '=', member.id).orderBy('seq', 'desc').limit(1).execute();
    assert.deepEqual({ ...rows[0] }, { action: 'staff.login_throttled', outcome: 'denied' });

    tick(15 * 60_000);
    const open = await tryPassword(new Browser(t.app, '198.51.100.3'), member.email, member.password);
    assert.equal(open.statusCode, 303, 'open again once the failures leave the window');
  });

  it('an unknown address is throttled the same way (throttling says nothing about which accounts exist)', async () => {
    const browser = new Browser(t.app, '198.51.100.4');
    for (let i = 0; i < 5; i++) {
      tick(1000);
      assert.equal((await tryPassword(browser, 'ghost@clinic.example', 'some password!!')).statusCode, 401);
    }
    assert.equal((await tryPassword(browser, 'ghost@clinic.example', 'some password!!')).statusCode, 429);
  });

  it('twenty failures from one address throttle it for every account', async () => {
    const member = await createMember(t.ctx, { role: 'editor', email: 'innocent@clinic.example' });
    const browser = new Browser(t.app, '198.51.100.5');
    for (let i = 0; i < 20; i++) {
      tick(1000);
      assert.equal((await tryPassword(browser, `guess${i}@clinic.example`, 'some password!!')).statusCode, 401, `attempt ${i}`);
    }
    assert.equal((await tryPassword(browser, member.email, member.password)).statusCode, 429);
    assert.equal((await tryPassword(new Browser(t.app, '198.51.100.6'), member.email, member.password)).statusCode, 303, 'other addresses are unaffected');
  });

  it('wrong codes count against the account too, and a right password does not reset them', async () => {
    const expert = await createMember(t.ctx, { role: 'expert', email: 'coded@clinic.example' });
    const browser = new Browser(t.app, '198.51.100.7');
    for (let i = 0; i < 5; i++) {
      tick(1000);
      const pw = await tryPassword(browser, expert.email, expert.password);
      assert.equal(pw.statusCode, 303);
      const step = await browser.get('/staff/login');
      const bad = await browser.post('/staff/login/code', { code: String(100000 + i), csrf: csrfIn(step.body) });
      assert.equal(bad.statusCode, 401);
      assert.match(bad.body, new RegExp(REFUSED));
      assert.equal((await browser.post('/staff/logout', { csrf: csrfIn(bad.body) })).statusCode, 303, 'start again');
    }
    tick(1000);
    const locked = await tryPassword(browser, expert.email, expert.password);
    assert.equal(locked.statusCode, 429);
    assert.ok(Number(locked.headers['retry-after']) > 0);
  });
});
