import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { csrfOf, getWithCase } from '../../test/ask-fixtures.ts';
import { filePart } from '../../test/multipart.ts';
import { buildPdf } from '../../test/fixtures/upload-fixtures.ts';
import { useCliDatabase } from '../../test/cli-harness.ts';
import { askConsultation, CONSOLE_TEST_ENV, type AskedConsultation } from '../staff/consultation-console.fixtures.ts';
import { ConfigError, loadConfig } from '../config/index.ts';
import { removeMailFiles } from '../notifications/index.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { openContext } from '../runtime.ts';
import { purgeExpiredConsultations, retentionCutoff } from './retention.ts';

// The retention purge: consultations closed RETENTION_DAYS ago go with everything that belongs to
// them; younger ones, open ones and reopened ones stay; each purge leaves one audit row.

const DAY = 86_400_000;
const CASE_TABLES = ['consultation_messages', 'consultation_files', 'consultation_events', 'consultation_notes', 'case_access_tokens', 'case_sessions'] as const;

/** A form on the patient's case page, sent as a browser sends it. */
async function patientPost(t: TestApp, asked: AskedConsultation, url: string, fields: Record<string, string> = {}) {
  const page = await getWithCase(t.app, '/case', asked.cookie);
  return t.app.inject({
    method: 'POST', url, cookies: { kd_case: asked.cookie },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, csrf: csrfOf(page.body) }).toString(),
  });
}

/** The patient closes their consultation from the case page. */
async function closeByPatient(t: TestApp, asked: AskedConsultation): Promise<void> {
  const closed = await patientPost(t, asked, '/case/close');
  assert.equal(closed.statusCode, 303, closed.body);
}

/** Rows about one consultation in each of its tables and the outbox. */
async function rowsFor(t: TestApp, id: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const count = (rows: unknown[]) => rows.length;
  out.consultations = count(await t.ctx.db.selectFrom('consultations').select('id').where('id', '=', id).execute());
  for (const table of CASE_TABLES) out[table] = count(await t.ctx.db.selectFrom(table).select('consultation_id').where('consultation_id', '=', id).execute());
  out.outbox = count(await t.ctx.db.selectFrom('outbox').select('id').where('related_type', '=', 'consultation').where('related_id', '=', id).execute());
  return out;
}

function blobPath(t: TestApp, fileId: string): string {
  return path.join(t.dataDir, 'files', 'blobs', fileId.slice(0, 2), fileId);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

describeEachDatabase('retention purge', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-20T09:00:00Z');
  let old: AskedConsultation;
  let young: AskedConsultation;
  let open: AskedConsultation;
  let reopened: AskedConsultation;

  before(async () => {
    t = await createTestApp(kind, { env: { ...CONSOLE_TEST_ENV, RETENTION_DAYS: '180' }, now: () => new Date(now) });
    old = await askConsultation(t, { email: 'old@example.com' }, [filePart('old.pdf', buildPdf({ text: 'old report' }))]);
    reopened = await askConsultation(t, { email: 'reopened@example.com' });
    open = await askConsultation(t, { email: 'open@example.com' }, [filePart('open.pdf', buildPdf())]);
    await closeByPatient(t, old);
    await closeByPatient(t, reopened);
    // The reopened case: a follow-up after closing makes it in progress again.
    const follow = await patientPost(t, reopened, '/case/messages', { body: 'One more question.' });
    assert.equal(follow.statusCode, 303, follow.body);
    now += 2 * DAY;
    young = await askConsultation(t, { email: 'young@example.com' }, [filePart('young.pdf', buildPdf())]);
    await closeByPatient(t, young);
  });
  after(async () => {
    await t?.close();
  });

  it('before RETENTION_DAYS nothing is due', async () => {
    now = Date.parse('2026-11-20T09:00:00Z') + 179 * DAY;
    const report = await purgeExpiredConsultations(t.ctx, { dryRun: true });
    assert.equal(report.consultations, 0);
    assert.equal(report.cutoff, retentionCutoff(new Date(now), 180).toISOString());
  });

  it('a dry run counts what is due and deletes nothing', async () => {
    now = Date.parse('2026-11-20T09:00:00Z') + 181 * DAY;
    const report = await purgeExpiredConsultations(t.ctx, { dryRun: true });
    assert.deepEqual({ consultations: report.consultations, files: report.files, mails: report.mails, dryRun: report.dryRun }, { consultations: 1, files: 1, mails: 1, dryRun: true });
    assert.equal((await rowsFor(t, old.id)).consultations, 1);
    assert.ok(await exists(blobPath(t, old.fileIds[0]!)));
  });

  it('purges a consultation closed 181 days ago with its rows, mail and report file, and audits it', async () => {
    const before = await rowsFor(t, old.id);
    assert.ok(before.consultation_messages! > 0 && before.consultation_files === 1 && before.case_access_tokens! > 0 && before.outbox! > 0, JSON.stringify(before));
    const report = await purgeExpiredConsultations(t.ctx);
    assert.deepEqual({ consultations: report.consultations, files: report.files, mails: report.mails, filesLeft: report.filesLeft }, { consultations: 1, files: 1, mails: 1, filesLeft: 0 });
    assert.deepEqual(Object.values(await rowsFor(t, old.id)).filter((n) => n !== 0), [], 'nothing of the case is left');
    assert.equal(await exists(blobPath(t, old.fileIds[0]!)), false, 'the encrypted report is deleted');

    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', old.id).where('action', '=', 'consultation.purged').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_type, 'system');
    assert.equal(audit[0]!.subject_type, 'consultation');
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true);

    // The patient's private link opens nothing any more.
    const caseLink = await getWithCase(t.app, '/case', old.cookie);
    assert.doesNotMatch(caseLink.body, new RegExp(old.reference));
  });

  it('keeps younger, open and reopened consultations, and their files', async () => {
    for (const kept of [young, open, reopened]) assert.equal((await rowsFor(t, kept.id)).consultations, 1, kept.reference);
    for (const kept of [young, open]) assert.ok(await exists(blobPath(t, kept.fileIds[0]!)), kept.reference);
  });

  it('a second run finds nothing more', async () => {
    const report = await purgeExpiredConsultations(t.ctx);
    assert.equal(report.consultations, 0);
  });

  it('the younger one goes once its own 180 days have passed', async () => {
    now = Date.parse('2026-11-20T09:00:00Z') + 183 * DAY;
    const report = await purgeExpiredConsultations(t.ctx);
    assert.equal(report.consultations, 1);
    assert.equal((await rowsFor(t, young.id)).consultations, 0);
    assert.equal((await rowsFor(t, open.id)).consultations, 1);
  });

  it('the privacy notice states the configured period', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/privacy' });
    assert.match(page.body, /180 days later/);
  });
});

describe('RETENTION_DAYS', () => {
  it('defaults to 180 and accepts 1 to 3650 days', () => {
    assert.equal(loadConfig({}).retentionDays, 180);
    assert.equal(loadConfig({ RETENTION_DAYS: '30' }).retentionDays, 30);
    assert.equal(loadConfig({ RETENTION_DAYS: '3650' }).retentionDays, 3650);
  });
  it('rejects zero, negatives, fractions and words, naming the key', () => {
    for (const value of ['0', '-5', '1.5', 'forever', '3651']) {
      assert.throws(() => loadConfig({ RETENTION_DAYS: value }), (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.startsWith('RETENTION_DAYS:')), value);
    }
  });
});

describe('removeMailFiles', () => {
  it('deletes the .eml copies (and half-written ones) of the given messages only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kd-mail-'));
    try {
      for (const name of ['2026-01-01T00-00-00-000Z-aaa.eml', '.2026-01-01T00-00-00-000Z-aaa.eml.tmp', '2026-01-01T00-00-00-000Z-bbb.eml']) await writeFile(path.join(dir, name), 'x');
      assert.equal(await removeMailFiles(dir, ['aaa']), 2);
      assert.deepEqual(await readdir(dir), ['2026-01-01T00-00-00-000Z-bbb.eml']);
      assert.equal(await removeMailFiles(path.join(dir, 'missing'), ['bbb']), 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describeEachDatabase('kidneydesk purge', (kind) => {
  const cli = useCliDatabase(kind, 'kd_purge', { RETENTION_DAYS: '30' });

  it('--dry-run counts, purge deletes, and both say how many', async () => {
    const config = loadConfig({ DATA_DIR: cli.dataDir(), LOG_LEVEL: 'silent', ...(cli.databaseUrl() ? { DATABASE_URL: cli.databaseUrl()! } : {}) });
    const { ctx, handle } = await openContext(config);
    const closedAt = new Date(Date.now() - 31 * DAY).toISOString();
    try {
      await ctx.db.insertInto('consultations').values({
        id: '01kdpurgecli0000000000000a', reference: 'KD-PURG-E1', status: 'closed', triage_level: 'routine', triage_reasons: '[]',
        patient_name: 'Cli Patient', patient_email: 'cli@example.com', patient_phone: null, condition: 'ckd-3',
        creatinine_value: null, creatinine_unit: null, creatinine_date: null, consent_version: 'v1', consented_at: closedAt,
        received_at: closedAt, due_at: closedAt, first_answered_at: null, closed_at: closedAt, deletion_requested_at: null, updated_at: closedAt,
        assigned_to: null, assigned_at: null, clock_paused_at: null, reminder_sent_at: null, breached_at: null, first_answered_by: null,
      }).execute();
    } finally {
      await handle.close();
    }
    const dry = cli.run('purge', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^Would delete 1 consultation\(s\) closed on or before .* \(RETENTION_DAYS=30\), with 0 report file\(s\) and 0 message\(s\) in the outbox\.$/m);
    const real = cli.run('purge');
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, /^Deleted 1 consultation\(s\)/m);
    assert.match(cli.run('purge', '--dry-run').stdout, /^Would delete 0 consultation\(s\)/m);
  });
});
