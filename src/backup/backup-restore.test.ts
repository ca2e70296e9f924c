/**
 * The restore drill: a site with articles, a consultation with a PDF report, a staff account and
 * audit rows is backed up by the real CLI while the app is open and writing, restored into a new
 * DATA_DIR (and a new database on PostgreSQL), and opened: everything is there, the report
 * decrypts to the same bytes and the audit chain verifies. Damaged archives change nothing.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/index.ts';
import { openContext } from '../runtime.ts';
import { createTemporaryDatabase, type TemporaryDatabase } from '../db/index.ts';
import { importArticlesFromDir } from '../articles/index.ts';
import { recordAudit } from '../platform/audit.ts';
import { describeEachDatabase, POSTGRES_URL } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { askFields, postAsk, ROUTINE_QUESTION } from '../../test/ask-fixtures.ts';
import { filePart } from '../../test/multipart.ts';
import { buildPdf } from '../../test/fixtures/upload-fixtures.ts';
import { createMember } from '../staff/staff.fixtures.ts';
import { readArchive } from './archive-format.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'kidneydesk.js');
const OPEN_FORMS = { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' };

interface CliResult { status: number | null; stdout: string; stderr: string }

/** Runs the real CLI without blocking the event loop, so the test can keep writing meanwhile. */
function kd(env: { dataDir: string; url: string | undefined; extra?: Record<string, string> }, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: env.dataDir,
      env: { PATH: process.env.PATH, DATA_DIR: env.dataDir, LOG_LEVEL: 'silent', ...(env.url ? { DATABASE_URL: env.url } : {}), ...env.extra },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => { stdout += t; });
    child.stderr.setEncoding('utf8').on('data', (t: string) => { stderr += t; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Files under a directory, recursively (what "untouched" compares). */
function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describeEachDatabase('backup and restore', (kind) => {
  let source: TestApp;
  let work: string;
  let archive: string;
  const targets: TemporaryDatabase[] = [];
  const pdf = buildPdf();
  let reference = '';
  let staffEmail = '';
  let auditRowsBefore = 0;
  let articleCount = 0;

  const newTarget = async () => {
    const target = await createTemporaryDatabase(kind, POSTGRES_URL, 'kd_restore');
    targets.push(target);
    return target;
  };
  const sourceEnv = () => ({ dataDir: source.dataDir, url: source.config.databaseUrl });
  const targetEnv = (t: TemporaryDatabase, extra?: Record<string, string>) => ({ dataDir: t.dataDir, url: t.url, ...(extra ? { extra } : {}) });

  /** Opens a restored target as the app would and hands its context to `look`. */
  async function openRestored<T>(t: TemporaryDatabase, look: (ctx: Awaited<ReturnType<typeof openContext>>['ctx']) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
    const config = loadConfig({ DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', ...(t.url ? { DATABASE_URL: t.url } : {}), ...env });
    const { ctx, handle } = await openContext(config);
    try {
      return await look(ctx);
    } finally {
      await handle.close();
    }
  }

  before(async () => {
    source = await createTestApp(kind, { env: OPEN_FORMS });
    work = mkdtempSync(path.join(tmpdir(), 'kd-backup-test-'));
    archive = path.join(work, 'site.kdbackup');
    await importArticlesFromDir(source.ctx, path.join(ROOT, 'content', 'sample'), { sample: true });
    const sent = await postAsk(source.app, askFields(), [filePart('Blood results.pdf', pdf)]);
    assert.equal(sent.statusCode, 303);
    reference = (await source.ctx.db.selectFrom('consultations').select('reference').executeTakeFirstOrThrow()).reference;
    staffEmail = (await createMember(source.ctx, { role: 'expert' })).email;
    await writeAuditRows(5);
    auditRowsBefore = await countAudit();
    articleCount = Number((await source.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    assert.ok(articleCount >= 40);
  });
  after(async () => {
    await source?.close();
    for (const t of targets) await t.drop();
    rmSync(work, { recursive: true, force: true });
  });

  async function writeAuditRows(n: number): Promise<void> {
    for (let i = 0; i < n; i += 1) {
      await source.ctx.db.transaction().execute((trx) => recordAudit(trx, { actor: { type: 'system' }, action: 'backup.drill_write', at: new Date() }));
    }
  }
  async function countAudit(): Promise<number> {
    return Number((await source.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  }

  it('backs up while the app is open and writing, to a 0600 archive, and refuses to overwrite it', async () => {
    let writing = true;
    // Yield to the event loop between writes: node:sqlite is synchronous, and a loop of resolved
    // promises alone would starve the child process's I/O.
    const writer = (async () => {
      while (writing) {
        await writeAuditRows(1);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const result = await kd(sourceEnv(), 'backup', archive);
    writing = false;
    await writer;
    assert.ok(await countAudit() > auditRowsBefore, 'the app kept writing while the backup ran');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`Backed up ${kind} to `));
    assert.match(result.stdout, new RegExp(`${articleCount} article\\(s\\), 1 consultation\\(s\\), 1 message\\(s\\), 1 file row\\(s\\), 1 staff account\\(s\\), \\d+ audit row\\(s\\)`));
    assert.match(result.stdout, /1 report file\(s\), [\d.]+ (KiB|MiB), \d+ ms/);
    assert.match(result.stdout, /contains the master key/);
    assert.equal(statSync(archive).mode & 0o777, 0o600);
    assert.ok(!existsSync(`${archive}.part`));
    assert.deepEqual(readdirSync(work), ['site.kdbackup'], 'no work files left beside the archive');

    const before = readFileSync(archive);
    const again = await kd(sourceEnv(), 'backup', archive);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists; pass --force/);
    assert.ok(readFileSync(archive).equals(before), 'the existing archive is untouched');
    const forced = await kd(sourceEnv(), 'backup', archive, '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(statSync(archive).mode & 0o777, 0o600);
  });

  it('restores into a new DATA_DIR: articles, the consultation, its message and report, staff, an intact audit log', async () => {
    const target = await newTarget();
    const restored = await kd(targetEnv(target), 'restore', archive);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stdout, new RegExp(`Restored the ${kind} backup made `));
    assert.match(restored.stdout, /1 report file\(s\), the master key file/);
    assert.equal(statSync(path.join(target.dataDir, 'master.key')).mode & 0o777, 0o600);

    await openRestored(target, async (ctx) => {
      const articles = await ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(articles.n), articleCount);
      const consultation = await ctx.db.selectFrom('consultations').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
      const message = await ctx.db.selectFrom('consultation_messages').selectAll().where('consultation_id', '=', consultation.id).executeTakeFirstOrThrow();
      assert.equal(message.body, ROUTINE_QUESTION);
      const file = await ctx.db.selectFrom('consultation_files').selectAll().where('consultation_id', '=', consultation.id).executeTakeFirstOrThrow();
      const bytes = await ctx.files.read({ id: file.id, wrappedKey: file.wrapped_key });
      assert.equal(sha256(bytes), sha256(pdf), 'the report decrypts to the uploaded bytes');
      assert.equal(file.sha256, sha256(pdf));
      assert.ok(await ctx.db.selectFrom('staff').select('id').where('email', '=', staffEmail).executeTakeFirst(), 'the staff account is there');
      const audit = await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(audit.n) >= auditRowsBefore, 'every audit row written before the backup is there');
    });
    const verify = await kd(targetEnv(target), 'audit', 'verify');
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /Audit log intact/);

    // A second restore needs --force, and keeps what it replaces.
    const refused = await kd(targetEnv(target), 'restore', archive);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /already holds KidneyDesk data; pass --force/);
    const forced = await kd(targetEnv(target), 'restore', archive, '--force');
    assert.equal(forced.status, 0, forced.stderr);
    const aside = /moved to (\S+);/.exec(forced.stdout)?.[1];
    assert.ok(aside && existsSync(path.join(aside, 'files', 'blobs')), 'the replaced data is kept aside');
    assert.equal((await kd(targetEnv(target), 'audit', 'verify')).status, 0);
  });

  it('refuses a tampered or truncated archive with exit 1 and leaves the target untouched', async () => {
    const bytes = readFileSync(archive);
    const target = await newTarget();
    const cases: Array<[string, Buffer, RegExp]> = [
      ['flipped', Buffer.from(bytes).fill(bytes[Math.floor(bytes.length / 2)]! ^ 0x01, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 1), /checksum does not match/],
      ['flipped-manifest', Buffer.from(bytes).fill(bytes[bytes.length - 60]! ^ 0x20, bytes.length - 60, bytes.length - 59), /checksum|manifest/],
      ['truncated', bytes.subarray(0, bytes.length - 1000), /truncated/],
      ['cut-trailer', bytes.subarray(0, bytes.length - 5), /truncated/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(work, `${name}.kdbackup`);
      writeFileSync(file, content);
      const before = listing(target.dataDir);
      const result = await kd(targetEnv(target), 'restore', file);
      assert.equal(result.status, 1, `${name}: ${result.stderr}`);
      assert.match(result.stderr, message, name);
      assert.match(result.stderr, /Nothing was changed/);
      assert.deepEqual(listing(target.dataDir), before, `${name}: DATA_DIR untouched`);
    }
    if (target.url) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      await client.end();
      assert.equal(tables.rows[0].n, 0, 'the target database is untouched');
    }
  });

  it('refuses to restore over a data directory that the app is using', async () => {
    await source.ctx.db.selectFrom('articles').select('id').limit(1).execute(); // the app's connection is open
    const result = await kd(sourceEnv(), 'restore', archive, '--force');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /in use \(is a KidneyDesk server running\?\)/);
  });

  it('with MASTER_KEY from the environment, leaves the key out and needs it again to restore', async () => {
    const key = randomBytes(32).toString('base64');
    const keyed = await createTestApp(kind, { env: { ...OPEN_FORMS, MASTER_KEY: key } });
    try {
      assert.equal((await postAsk(keyed.app, askFields(), [filePart('Scan.pdf', pdf)])).statusCode, 303);
      const file = path.join(work, 'keyed.kdbackup');
      const made = await kd({ dataDir: keyed.dataDir, url: keyed.config.databaseUrl, extra: { MASTER_KEY: key } }, 'backup', file);
      assert.equal(made.status, 0, made.stderr);
      assert.match(made.stdout, /master key is NOT in the archive: it comes from MASTER_KEY \(key id [0-9a-f]{16}\)\. Keep MASTER_KEY/);
      const { entries } = await readArchive(file);
      assert.ok(!entries.some((e) => e.name.startsWith('key/')), 'no key entry');
      const raw = readFileSync(file);
      assert.equal(raw.indexOf(key), -1, 'the base64 key is nowhere in the archive');
      assert.equal(raw.indexOf(Buffer.from(key, 'base64')), -1, 'the raw key is nowhere in the archive');

      const target = await newTarget();
      const withoutKey = await kd(targetEnv(target), 'restore', file);
      assert.equal(withoutKey.status, 1);
      assert.match(withoutKey.stderr, /does not contain its master key .*Set MASTER_KEY/);
      assert.deepEqual(listing(target.dataDir), []);
      const restored = await kd(targetEnv(target, { MASTER_KEY: key }), 'restore', file);
      assert.equal(restored.status, 0, restored.stderr);
      assert.ok(!existsSync(path.join(target.dataDir, 'master.key')), 'no key file is written');
      await openRestored(target, async (ctx) => {
        const row = await ctx.db.selectFrom('consultation_files').selectAll().executeTakeFirstOrThrow();
        assert.equal(sha256(await ctx.files.read({ id: row.id, wrappedKey: row.wrapped_key })), sha256(pdf));
      }, { MASTER_KEY: key });
    } finally {
      await keyed.close();
    }
  });
});
