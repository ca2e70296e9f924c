import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { csrfOf, getWithCase } from '../../test/ask-fixtures.ts';
import { filePart } from '../../test/multipart.ts';
import { buildPdf } from '../../test/fixtures/upload-fixtures.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type AskedConsultation, type SignedInMember } from './consultation-console.fixtures.ts';

// Carrying out a patient's deletion request in the console: the list for admins, the box on the
// consultation view, and the confirmation (admins only, CSRF, audited), which deletes at once.

describeEachDatabase('staff console: deletion requests', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-22T09:00:00Z');
  let asked: AskedConsultation;
  let other: AskedConsultation;
  let admin: SignedInMember;
  let expert: SignedInMember;

  before(async () => {
    t = await createTestApp(kind, { env: CONSOLE_TEST_ENV, now: () => new Date(now) });
    asked = await askConsultation(t, { email: 'erase-me@example.com' }, [filePart('report.pdf', buildPdf())]);
    other = await askConsultation(t, { email: 'keep-me@example.com' });
    const page = await getWithCase(t.app, '/case', asked.cookie);
    const request = await t.app.inject({
      method: 'POST', url: '/case/delete-request', cookies: { kd_case: asked.cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ csrf: csrfOf(page.body) }).toString(),
    });
    assert.equal(request.statusCode, 303);
    now += 60_000;
    admin = await signedIn(t, 'admin', new Date(now), { ip: '192.0.2.41' });
    expert = await signedIn(t, 'expert', new Date(now), { ip: '192.0.2.42' });
  });
  after(async () => {
    await t?.close();
  });

  it('admins see the waiting requests, by reference only; experts may not', async () => {
    const list = await admin.browser.get('/staff/deletions');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`<a href="/staff/consultations/${asked.id}">${asked.reference}</a>`));
    assert.doesNotMatch(list.body, new RegExp(other.reference));
    assert.doesNotMatch(list.body, /erase-me@example\.com|Ann Patient/);
    assert.match(list.body, /<a href="\/staff\/deletions" aria-current="page">Deletion requests<\/a>/);
    assert.equal((await expert.browser.get('/staff/deletions')).statusCode, 403);
  });

  it('the consultation view says the patient asked; only admins get "Confirm deletion"', async () => {
    const adminView = await admin.browser.get(`/staff/consultations/${asked.id}`);
    assert.match(adminView.body, /The patient asked for this consultation to be deleted/);
    assert.match(adminView.body, new RegExp(`<form method="post" action="/staff/consultations/${asked.id}/erase"><input type="hidden" name="csrf"`));
    assert.match(adminView.body, />Confirm deletion<\/button>/);
    const expertView = await expert.browser.get(`/staff/consultations/${asked.id}`);
    assert.match(expertView.body, /The patient asked for this consultation to be deleted/);
    assert.doesNotMatch(expertView.body, /Confirm deletion/);
    assert.match(expertView.body, /An admin confirms deletions\./);
    const plain = await admin.browser.get(`/staff/consultations/${other.id}`);
    assert.doesNotMatch(plain.body, /asked for this consultation to be deleted|Confirm deletion/);
  });

  it('refuses without a CSRF token, from an expert, for a case without a request, and for ids that cannot be ours', async () => {
    assert.equal((await admin.browser.post(`/staff/consultations/${asked.id}/erase`, {})).statusCode, 403);
    assert.equal((await expert.browser.post(`/staff/consultations/${asked.id}/erase`, { csrf: expert.csrf })).statusCode, 403);
    const refused = await admin.browser.post(`/staff/consultations/${other.id}/erase`, { csrf: admin.csrf });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /The patient has not asked for this consultation to be deleted\./);
    for (const bad of ['../../../../etc/passwd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '<script>alert(1)</script>', 'kidney-stones%00.md', '0'.repeat(26)]) {
      const response = await admin.browser.post(`/staff/consultations/${encodeURIComponent(bad)}/erase`, { csrf: admin.csrf });
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${bad}: ${response.statusCode}`);
      assert.ok(!response.body.includes('<script>alert(1)'), bad);
    }
    for (const c of [asked, other]) {
      assert.equal((await t.ctx.db.selectFrom('consultations').select('id').where('id', '=', c.id).execute()).length, 1, c.reference);
    }
  });

  it('"Confirm deletion" deletes the consultation at once, audited by the admin', async () => {
    const erased = await admin.browser.post(`/staff/consultations/${asked.id}/erase`, { csrf: admin.csrf });
    assert.equal(erased.statusCode, 303);
    assert.equal(erased.headers.location, '/staff/deletions?done=erased');
    const list = await admin.browser.get('/staff/deletions?done=erased');
    assert.match(list.body, /The consultation was deleted\./);
    assert.match(list.body, /No deletion requests are waiting\./);

    assert.equal((await admin.browser.get(`/staff/consultations/${asked.id}`)).statusCode, 404);
    for (const table of ['consultation_messages', 'consultation_files', 'case_access_tokens', 'case_sessions'] as const) {
      assert.equal((await t.ctx.db.selectFrom(table).select('consultation_id').where('consultation_id', '=', asked.id).execute()).length, 0, table);
    }
    assert.equal((await t.ctx.db.selectFrom('outbox').select('id').where('related_id', '=', asked.id).execute()).length, 0);
    const blob = path.join(t.dataDir, 'files', 'blobs', asked.fileIds[0]!.slice(0, 2), asked.fileIds[0]!);
    await assert.rejects(access(blob), { code: 'ENOENT' });
    // The patient's case page no longer opens it.
    assert.doesNotMatch((await getWithCase(t.app, '/case', asked.cookie)).body, new RegExp(asked.reference));

    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'consultation.erased').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_type, 'staff');
    assert.equal(audit[0]!.actor_id, admin.member.id);
    assert.equal(audit[0]!.subject_id, asked.id);
    assert.equal(audit[0]!.ip, '192.0.2.41');
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true);

    // The other consultation is untouched; a second confirmation finds nothing.
    assert.equal((await t.ctx.db.selectFrom('consultations').select('id').where('id', '=', other.id).execute()).length, 1);
    assert.equal((await admin.browser.post(`/staff/consultations/${asked.id}/erase`, { csrf: admin.csrf })).statusCode, 404);
  });
});
