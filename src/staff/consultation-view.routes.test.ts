import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { EMERGENCY_QUESTION } from '../../test/ask-fixtures.ts';
import { filePart } from '../../test/multipart.ts';
import { buildPdf, plainPng } from '../../test/fixtures/upload-fixtures.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type AskedConsultation, type SignedInMember } from './consultation-console.fixtures.ts';

// The expert's view of one consultation and its files, on both databases: every detail shown,
// every look audited (ids only), files only of their own consultation, never cached or sniffed.

describeEachDatabase('the consultation view and its files', (kind) => {
  let t: TestApp;
  let clock = Date.parse('2026-11-22T09:00:00Z');
  let expert: SignedInMember;
  let editor: SignedInMember;
  let a: AskedConsultation;
  let b: AskedConsultation;
  const pdf = buildPdf({ text: 'Lab report for A' });

  const audits = (action: string) => t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

  before(async () => {
    t = await createTestApp(kind, { env: CONSOLE_TEST_ENV, now: () => new Date(clock) });
    a = await askConsultation(t, {
      email: 'anna@example.com', name: 'Anna Example', phone: '+44 20 7946 0001', condition: 'haemodialysis',
      creatinine: '612', creatinineUnit: 'umol/L', creatinineDate: '2026-11-20', description: EMERGENCY_QUESTION,
    }, [filePart('blood results.pdf', pdf), filePart('fistula.png', await plainPng(64, 48), 'image/png')]);
    b = await askConsultation(t, { email: 'bert@example.com', name: 'Bert Other' }, [filePart('bert.pdf', buildPdf({ text: 'Bert' }))]);
    clock += 60_000;
    expert = await signedIn(t, 'expert', new Date(clock), { name: 'Dr Eva Expert', ip: '192.0.2.21' });
    editor = await signedIn(t, 'editor', new Date(clock), { ip: '192.0.2.22' });
  });
  after(async () => {
    await t?.close();
  });

  it('shows the patient, the clinical details, triage in plain words, the clock and the question', async () => {
    const before = (await audits('consultation.viewed')).length;
    const response = await expert.browser.get(`/staff/consultations/${a.id}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    const body = response.body;
    for (const text of [
      `Consultation ${a.reference}`, '<dd><bdi>Anna Example</bdi></dd>', '<dd>anna@example.com</dd>', '<dd>+44 20 7946 0001</dd>', '<dd>On haemodialysis</dd>',
      '612 µmol/L, tested 2026-11-20', '(wording of 2026-11-22)', 'Emergency</span>', '<li>Chest pain, pressure or tightness</li>',
      '<strong>Received</strong>', '<dd>Unassigned</dd>', '22 Nov 2026, 09:00 UTC', '23 Nov 2026, 09:00 UTC', '23 h 59 min left',
      'I have crushing chest pain and I cannot breathe properly', '<strong>Question</strong> from <bdi>Anna Example (patient)</bdi>',
      `<a class="button answer-link" href="/staff/consultations/${a.id}/answer">Write an answer</a>`,
      `<a href="/staff/consultations/${a.id}/files/${a.fileIds[0]}"><bdi>blood results.pdf</bdi></a>`,
      `<a href="/staff/consultations/${a.id}/files/${a.fileIds[0]}?download=1">Download`,
    ]) assert.ok(body.includes(text), text);
    assert.ok(!body.includes('Bert Other') && !body.includes(b.reference), 'nothing of another patient');

    const rows = await audits('consultation.viewed');
    assert.equal(rows.length, before + 1);
    const row = rows.at(-1)!;
    assert.deepEqual([row.actor_type, row.actor_id, row.subject_type, row.subject_id, row.outcome, row.ip],
      ['staff', expert.member.id, 'consultation', a.id, 'ok', '192.0.2.21']);
    await expert.browser.get(`/staff/consultations/${a.id}`);
    assert.equal((await audits('consultation.viewed')).length, before + 2, 'every view is audited');
  });

  it('streams a file inline or as a download, never cached, sandboxed, audited without its name', async () => {
    const inline = await expert.browser.get(`/staff/consultations/${a.id}/files/${a.fileIds[0]}`);
    assert.equal(inline.statusCode, 200);
    assert.deepEqual(inline.rawPayload, pdf);
    assert.equal(inline.headers['content-type'], 'application/pdf');
    assert.equal(inline.headers['content-disposition'], `inline; filename="blood results.pdf"; filename*=UTF-8''blood%20results.pdf`);
    assert.equal(inline.headers['x-content-type-options'], 'nosniff');
    assert.equal(inline.headers['content-security-policy'], "sandbox; default-src 'none'");
    assert.equal(inline.headers['cache-control'], 'no-store');
    const image = await expert.browser.get(`/staff/consultations/${a.id}/files/${a.fileIds[1]}`);
    assert.equal(image.headers['content-type'], 'image/png');
    assert.match(String(image.headers['content-disposition']), /^inline; /);
    const download = await expert.browser.get(`/staff/consultations/${a.id}/files/${a.fileIds[0]}?download=1`);
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="blood results\.pdf"/);
    assert.equal(download.headers['cache-control'], 'no-store');

    const viewed = await audits('consultation.file_viewed');
    const downloaded = await audits('consultation.file_downloaded');
    assert.deepEqual(viewed.map((r) => [r.actor_id, r.subject_type, r.subject_id]),
      [[expert.member.id, 'consultation_file', a.fileIds[0]], [expert.member.id, 'consultation_file', a.fileIds[1]]]);
    assert.deepEqual(downloaded.map((r) => [r.actor_id, r.subject_type, r.subject_id]), [[expert.member.id, 'consultation_file', a.fileIds[0]]]);
    const all = JSON.stringify(await t.ctx.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of ['blood results', 'fistula', 'Anna', 'anna@example.com', 'chest']) assert.ok(!all.includes(secret), `no ${secret} in the audit log`);
  });

  it('a file of another consultation, an unknown file or consultation, or a malformed id is not found and not audited', async () => {
    const before = (await t.ctx.db.selectFrom('audit_log').select('seq').execute()).length;
    for (const url of [
      `/staff/consultations/${a.id}/files/${b.fileIds[0]}`,
      `/staff/consultations/${b.id}/files/${a.fileIds[0]}`,
      `/staff/consultations/${a.id}/files/${'0'.repeat(32)}`,
      `/staff/consultations/${a.id}/files/..%2F..%2Fkidneydesk.sqlite`,
      `/staff/consultations/${'0'.repeat(26)}/files/${a.fileIds[0]}`,
      `/staff/consultations/${'0'.repeat(26)}`,
      '/staff/consultations/not-an-id',
      `/staff/consultations/${a.id.toUpperCase()}`,
    ]) {
      const response = await expert.browser.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.ok(!response.rawPayload.includes('%PDF'), `${url}: no file bytes`);
    }
    assert.equal((await t.ctx.db.selectFrom('audit_log').select('seq').execute()).length, before);
  });

  it('editors and strangers reach neither the view nor the files', async () => {
    assert.equal((await editor.browser.get(`/staff/consultations/${a.id}`)).statusCode, 403);
    const file = await editor.browser.get(`/staff/consultations/${a.id}/files/${a.fileIds[0]}`);
    assert.equal(file.statusCode, 403);
    assert.ok(!file.rawPayload.includes('%PDF'));
    const stranger = await t.app.inject({ method: 'GET', url: `/staff/consultations/${a.id}/files/${a.fileIds[0]}` });
    assert.equal(stranger.statusCode, 303);
    assert.match(String(stranger.headers.location), /^\/staff\/login/);
  });
});
