import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { Browser, createMember, csrfIn, signIn, type TestMember } from './staff.fixtures.ts';

// Every state-changing staff request carries the session's token and comes from this site.

describeEachDatabase('staff console: CSRF', (kind) => {
  let t: TestApp;
  let admin: TestMember;
  let now = Date.parse('2026-11-22T09:00:00Z');
  // Each sign-in uses a new 30-second step: a TOTP code is accepted once.
  const nextStep = () => new Date(now += 30_000);

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    admin = await createMember(t.ctx, { role: 'admin' });
  });
  after(async () => {
    await t?.close();
  });

  const invite = (csrf?: string) => ({ name: 'New Person', email: `p${Math.random().toString(36).slice(2, 8)}@clinic.example`, role: 'editor', ...(csrf === undefined ? {} : { csrf }) });
  const staffCount = async () => (await t.ctx.db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('rejects a form without the token, with a wrong one, or with another session\'s token, and changes nothing', async () => {
    const browser = new Browser(t.app);
    const csrf = await signIn(browser, admin, nextStep());
    const other = new Browser(t.app);
    const otherCsrf = await signIn(other, admin, nextStep());
    assert.notEqual(csrf, otherCsrf, 'each session has its own token');
    const before = await staffCount();
    for (const token of [undefined, '', 'x'.repeat(43), otherCsrf]) {
      const response = await browser.post('/staff/team', invite(token));
      assert.equal(response.statusCode, 403, String(token));
      assert.match(response.body, /This form has expired/);
    }
    const json = await browser.post('/staff/logout', {}, { accept: 'application/json' });
    assert.equal(json.statusCode, 403);
    assert.equal(JSON.parse(json.body).error.code, 'CSRF_FAILED');
    assert.equal(await staffCount(), before);
    assert.equal((await browser.get('/staff')).statusCode, 200, 'still signed in');
    assert.equal((await browser.post('/staff/team', invite(csrf))).statusCode, 303, 'the right token works');
  });

  it('rejects a cross-site Origin or Sec-Fetch-Site even with the right token', async () => {
    const browser = new Browser(t.app);
    const csrf = await signIn(browser, admin, nextStep());
    const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'http://kidneydesk.test.evil.example' },
      { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of crossSite) {
      const response = await browser.post('/staff/logout', { csrf }, headers);
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
    }
    assert.equal((await browser.get('/staff')).statusCode, 200, 'still signed in');
    const same = await browser.post('/staff/logout', { csrf }, { origin: 'http://kidneydesk.test', 'sec-fetch-site': 'same-origin' });
    assert.equal(same.statusCode, 303, 'this site\'s own Origin is fine');
  });

  it('the sign-in form has a token too (no login CSRF), bound to a pre-session cookie', async () => {
    const browser = new Browser(t.app);
    const page = await browser.get('/staff/login');
    assert.ok(browser.cookies.has('kd_staff_pre'));
    const without = await browser.post('/staff/login', { email: admin.email, password: admin.password });
    assert.equal(without.statusCode, 403);
    const stranger = new Browser(t.app);
    const foreign = await stranger.post('/staff/login', { email: admin.email, password: admin.password, csrf: csrfIn(page.body) });
    assert.equal(foreign.statusCode, 403, 'a token without its cookie is worthless');
    const crossSite = await browser.post('/staff/login', { email: admin.email, password: admin.password, csrf: csrfIn(page.body) }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403);
    const ok = await browser.post('/staff/login', { email: admin.email, password: admin.password, csrf: csrfIn(page.body) });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/staff/login', 'on to the code step');
  });

  it('cookies are HttpOnly, SameSite=Strict, Path=/; __Host- and Secure on https and localhost', async () => {
    const secure = await createTestApp(kind, { env: { BASE_URL: 'https://desk.clinic.example' }, now: () => new Date(now) });
    try {
      const page = await secure.app.inject({ method: 'GET', url: '/staff/login' });
      assert.match(String(page.headers['set-cookie']), /^__Host-kd_staff_pre=[A-Za-z0-9_-]{43}; Max-Age=86400; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
      const member = await createMember(secure.ctx, { role: 'editor', totp: false });
      const pre = /^__Host-kd_staff_pre=([^;]+)/.exec(String(page.headers['set-cookie']))![1]!;
      const login = await secure.app.inject({
        method: 'POST', url: '/staff/login', cookies: { '__Host-kd_staff_pre': pre },
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://desk.clinic.example' },
        payload: new URLSearchParams({ email: member.email, password: member.password, csrf: csrfIn(page.body) }).toString(),
      });
      assert.equal(login.statusCode, 303);
      assert.match(String(login.headers['set-cookie']), /^__Host-kd_staff=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    } finally {
      await secure.close();
    }
  });
});
