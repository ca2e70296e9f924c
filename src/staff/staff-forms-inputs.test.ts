import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { escapeHtml } from '../web/html.ts';
import { Browser, createMember, csrfIn, signIn } from './staff.fixtures.ts';

// The shared bad inputs (../shared/security/bad-inputs.json) in the staff forms not covered
// beside their own routes: the team invitation (name, e-mail), sign-in and password reset
// (e-mail). Each entry gets what it says: refused with a message beside the field and nothing
// stored, or stored exactly and shown escaped; never a server error.

interface BadInput { readonly field: string; readonly value: string; readonly kind: string; readonly expect: 'rejected' | 'stored-escaped' | 'ignored'; readonly repeat?: number }
const BAD_INPUTS: BadInput[] = (JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'shared', 'security', 'bad-inputs.json'), 'utf8')) as BadInput[])
  .map((b) => ({ ...b, value: b.repeat ? b.value.repeat(b.repeat) : b.value }));
const of = (field: string) => BAD_INPUTS.filter((b) => b.field === field);
const label = (b: BadInput) => `${b.field}/${b.kind}: ${JSON.stringify(b.value.slice(0, 40))}${b.value.length > 40 ? '…' : ''}`;

describeEachDatabase('staff forms: the shared bad inputs', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-22T09:00:00Z');
  let admin: Browser;
  let csrf: string;
  let n = 0;

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    admin = new Browser(t.app, '203.0.113.40');
    csrf = await signIn(admin, await createMember(t.ctx, { role: 'admin', name: 'Ada Admin' }), new Date(now));
  });
  after(async () => {
    await t?.close();
  });

  const staffCount = async () => (await t.ctx.db.selectFrom('staff').select('id').execute()).length;

  it('team invitation, name: refused beside the field or stored exactly and shown escaped', async () => {
    for (const bad of of('name')) {
      const before = await staffCount();
      const email = `invitee${n++}@clinic.example`;
      const res = await admin.post('/staff/team', { name: bad.value, email, role: 'editor', csrf });
      assert.ok(res.statusCode < 500, `${label(bad)}: no server error (${res.statusCode})`);
      if (bad.expect === 'rejected') {
        assert.ok([400, 413, 422].includes(res.statusCode), `${label(bad)}: refused, got ${res.statusCode}`);
        if (res.statusCode === 422) assert.match(res.body, /id="name-error"/, `${label(bad)}: the message is beside the name`);
        assert.equal(await staffCount(), before, `${label(bad)}: nobody invited`);
        continue;
      }
      assert.equal(res.statusCode, 303, `${label(bad)}: accepted, got ${res.statusCode}: ${res.body.slice(0, 300)}`);
      const row = await t.ctx.db.selectFrom('staff').select('name').where('email', '=', email).executeTakeFirstOrThrow();
      assert.equal(row.name, bad.value.normalize('NFC'), `${label(bad)}: stored as typed`);
      const team = await admin.get('/staff/team');
      assert.ok(team.body.includes(escapeHtml(bad.value.normalize('NFC'))), `${label(bad)}: shown escaped on the team page`);
      if (/[<>"]/.test(bad.value)) assert.ok(!team.body.includes(bad.value), `${label(bad)}: never raw`);
    }
  });

  it('team invitation, e-mail: refused beside the field or accepted as an address', async () => {
    for (const bad of of('email')) {
      const before = await staffCount();
      const res = await admin.post('/staff/team', { name: `Invitee ${n++}`, email: bad.value, role: 'editor', csrf });
      assert.ok(res.statusCode < 500, `${label(bad)}: no server error (${res.statusCode})`);
      if (bad.expect === 'rejected') {
        assert.ok([400, 413, 422].includes(res.statusCode), `${label(bad)}: refused, got ${res.statusCode}`);
        if (res.statusCode === 422) assert.match(res.body, /id="email-error"/, `${label(bad)}: the message is beside the e-mail`);
        assert.equal(await staffCount(), before, `${label(bad)}: nobody invited`);
        assert.ok(!res.body.includes('<script>alert'), `${label(bad)}: echoed escaped`);
        continue;
      }
      assert.equal(res.statusCode, 303, `${label(bad)}: accepted, got ${res.statusCode}`);
      const row = await t.ctx.db.selectFrom('staff').select('email').where('email', '=', bad.value.toLowerCase()).executeTakeFirst();
      assert.ok(row, `${label(bad)}: stored`);
    }
  });

  it('sign-in and password reset, e-mail: a plain refusal or the usual answer, never a server error or an echo that runs', async () => {
    for (const bad of of('email')) {
      now += 1_000;
      // A fresh client address each time: the per-address throttle is not what this is about.
      const browser = new Browser(t.app, `198.51.100.${(n++ % 200) + 20}`);
      const page = await browser.get('/staff/login');
      const login = await browser.post('/staff/login', { email: bad.value, password: 'not the password at all', csrf: csrfIn(page.body) });
      assert.ok([400, 401, 413, 422, 429].includes(login.statusCode), `${label(bad)}: sign-in refused, got ${login.statusCode}`);
      assert.ok(!login.body.includes('<script>alert'), `${label(bad)}: echoed escaped`);

      const mailsBefore = (await t.ctx.db.selectFrom('outbox').select('id').execute()).length;
      const resetPage = await browser.get('/staff/password-reset');
      const reset = await browser.post('/staff/password-reset', { email: bad.value, csrf: csrfIn(resetPage.body) });
      assert.ok([200, 400, 413, 422, 429].includes(reset.statusCode), `${label(bad)}: reset answered, got ${reset.statusCode}`);
      assert.ok(!reset.body.includes('<script>alert'), `${label(bad)}: echoed escaped`);
      assert.equal((await t.ctx.db.selectFrom('outbox').select('id').execute()).length, mailsBefore, `${label(bad)}: no mail to an address nobody has`);
    }
  });
});
