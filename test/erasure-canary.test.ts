import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loggerOptions } from '../src/platform/logging.ts';
import { verifyAuditChain } from '../src/platform/audit.ts';
import { createTransport, startMailSender } from '../src/notifications/index.ts';
import { startTestSmtpServer } from '../src/notifications/smtp-test-server.ts';
import { startRetentionPurge } from '../src/consultations/index.ts';
import { CONSOLE_TEST_ENV, signedIn } from '../src/staff/consultation-console.fixtures.ts';
import { csrfIn } from '../src/staff/staff.fixtures.ts';
import { createTestEnv, describeEachDatabase } from './databases.ts';
import type { TestApp } from './test-app.ts';
import { askFields, caseCookie, csrfOf, getWithCase, postAsk } from './ask-fixtures.ts';
import { filePart } from './multipart.ts';
import { buildPdf } from './fixtures/upload-fixtures.ts';

// The canary: a unique word in the patient's name, e-mail address, question, a report's file name
// and the report's own text goes in through /ask, is mailed, answered (and quoted in a note and the
// answer), closed, and then purged (by retention, 181 days on) or erased (the patient asked, an
// admin confirmed). Afterwards the word, as UTF-8 and as UTF-16, is nowhere the application keeps
// anything: no table row (both databases); on SQLite, not in the database file, its -wal or -shm;
// no file under DATA_DIR (report blobs, temp files, .eml copies); not in the server's own logs,
// captured at trace level the whole time; and the case's outbox rows are gone.
//
// What this cannot check: mail already delivered (the test SMTP server's inbox stands for the
// patient's mailbox: it cannot be recalled, so it still has the confirmation); on PostgreSQL the
// server's own table files, WAL segments and backups, which live outside the application (see
// db/erase-compaction.ts); and disk blocks the file system or SSD has not reused yet.

const DAY = 86_400_000;

/** Letters only (names accept them everywhere), 16 of them: nothing else on the site contains it. */
function newMarker(): string {
  return `Zq${[...randomBytes(14)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
}

/** The marker's byte forms a file could hold it in. */
function forms(marker: string): Buffer[] {
  const utf16be = Buffer.from(marker, 'utf16le');
  utf16be.swap16();
  return [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le'), utf16be, Buffer.from(marker.toLowerCase(), 'utf8')];
}

function contains(content: Buffer, marker: string): boolean {
  return forms(marker).some((form) => content.includes(form));
}

/** Every regular file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
}

/** Files under DATA_DIR holding the marker, by path relative to it. */
async function filesWithMarker(dataDir: string, marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dataDir)) if (contains(await readFile(file), marker)) found.push(path.relative(dataDir, file));
  return found;
}

/** Every table the application's database has, with the rows that mention the marker. */
async function rowsWithMarker(t: TestApp, marker: string): Promise<string[]> {
  const tables = t.kind === 'sqlite'
    ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(t.ctx.db)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(t.ctx.db)).rows.map((r) => r.name);
  assert.ok(tables.includes('consultations') && tables.includes('outbox') && tables.includes('audit_log'), tables.join(','));
  const found: string[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(t.ctx.db)).rows;
    const text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    if (text.toLowerCase().includes(marker.toLowerCase())) found.push(table);
  }
  return found;
}

describeEachDatabase('erasure canary: a purged consultation leaves no trace', (kind) => {
  for (const how of ['retention', 'request'] as const) {
    it(`${how === 'retention' ? 'retention purge 181 days after closing' : 'deletion requested by the patient and confirmed by an admin'}`, async () => {
      const marker = newMarker();
      let now = Date.parse('2026-11-22T09:00:00Z');
      const env = await createTestEnv(kind, { env: CONSOLE_TEST_ENV, now: () => new Date(now) });
      const logLines: string[] = [];
      const logging = loggerOptions('trace');
      assert.ok(logging && typeof logging === 'object');
      const app = await buildApp(env.ctx, { logger: { ...logging, stream: { write: (line: string) => { logLines.push(line); } } } as FastifyServerOptions['logger'] });
      await app.ready();
      const t: TestApp = { ...env, app, close: async () => { await app.close(); await env.close(); } };
      const smtp = await startTestSmtpServer();
      const transport = createTransport({ ...env.config, smtpUrl: `smtp://127.0.0.1:${smtp.port}` }, { log: app.log });
      const sender = startMailSender({ db: env.ctx.db, transport, clock: env.ctx.now, log: app.log, pollMs: 3_600_000 });
      try {
        // The patient asks, with the marker everywhere they can put it.
        const email = `${marker.toLowerCase()}@example.com`;
        const sent = await postAsk(app, askFields({
          name: `Ann ${marker}`, email,
          description: `My creatinine went up and my neighbour ${marker} says I should ask. Should I worry about my kidneys?`,
        }), [filePart(`${marker} results.pdf`, buildPdf({ text: `Patient ${marker} creatinine 150 umol/L` }))]);
        assert.equal(sent.statusCode, 303, sent.body);
        const cookie = caseCookie(sent);
        const c = await env.ctx.db.selectFrom('consultations').select(['id', 'reference']).where('patient_email', '=', email).executeTakeFirstOrThrow();
        await sender.runOnce();
        const confirmation = smtp.received.find((m) => m.envelopeTo.includes(email));
        assert.ok(confirmation, 'the confirmation mail reached the SMTP server');
        assert.ok(confirmation.text.includes(marker), 'the confirmation greets the patient by name (so mail is a place the marker went)');

        // An expert reads it, notes, answers (quoting the name) and closes it.
        now += 60_000;
        const expert = await signedIn(t, 'expert', new Date(now), { ip: '192.0.2.31' });
        const base = `/staff/consultations/${c.id}`;
        const view = await expert.browser.get(base);
        assert.equal(view.statusCode, 200);
        assert.ok(view.body.includes(marker));
        assert.equal((await expert.browser.get(`${base}/files/${(await env.ctx.db.selectFrom('consultation_files').select('id').where('consultation_id', '=', c.id).executeTakeFirstOrThrow()).id}`)).statusCode, 200);
        assert.equal((await expert.browser.post(`${base}/notes`, { note: `Called ${marker} back.`, csrf: expert.csrf })).statusCode, 303);
        assert.equal((await expert.browser.post(`${base}/answer`, { markdown: `Dear ${marker}, a rise like this is worth a repeat test.`, action: 'send', csrf: expert.csrf })).statusCode, 303);
        assert.equal((await expert.browser.post(`${base}/status`, { status: 'closed', csrf: expert.csrf })).statusCode, 303);
        await sender.runOnce();

        // The scan finds the marker before the purge (else it would prove nothing), except in the
        // report store, which is encrypted.
        assert.ok((await rowsWithMarker(t, marker)).includes('consultations'));
        if (kind === 'sqlite') assert.ok((await filesWithMarker(env.dataDir, marker)).some((f) => f.startsWith('kidneydesk.sqlite')), 'the SQLite files hold the marker before the purge');
        assert.deepEqual((await filesWithMarker(env.dataDir, marker)).filter((f) => f.startsWith('files')), [], 'report blobs are encrypted at rest');

        if (how === 'retention') {
          now += 181 * DAY;
          const purger = startRetentionPurge(env.ctx, { intervalMs: DAY, log: app.log });
          await purger.stop();
        } else {
          const page = await getWithCase(app, '/case', cookie);
          const asked = await app.inject({
            method: 'POST', url: '/case/delete-request', cookies: { kd_case: cookie },
            headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ csrf: csrfOf(page.body) }).toString(),
          });
          assert.equal(asked.statusCode, 303);
          now += 60_000;
          const admin = await signedIn(t, 'admin', new Date(now), { ip: '192.0.2.32' });
          const adminView = await admin.browser.get(base);
          assert.match(adminView.body, /The patient asked for this consultation to be deleted/);
          const erased = await admin.browser.post(`${base}/erase`, { csrf: csrfIn(adminView.body.slice(adminView.body.indexOf(`${base}/erase`))) });
          assert.equal(erased.statusCode, 303, erased.body);
        }
        await sender.stop();

        assert.equal((await env.ctx.db.selectFrom('consultations').select('id').where('id', '=', c.id).execute()).length, 0, 'the consultation is gone');
        assert.equal((await env.ctx.db.selectFrom('outbox').select('id').where('related_id', '=', c.id).execute()).length, 0, 'its outbox rows are gone');
        assert.deepEqual(await rowsWithMarker(t, marker), [], 'no table row holds the marker');
        assert.deepEqual(await filesWithMarker(env.dataDir, marker), [], 'no file under DATA_DIR (database, WAL, shm, blobs, temp, mail) holds the marker');
        if (kind === 'sqlite') {
          const names = (await readdir(env.dataDir)).filter((n) => n.startsWith('kidneydesk.sqlite'));
          assert.ok(names.includes('kidneydesk.sqlite'), names.join(','));
        }
        const logs = logLines.join('');
        assert.ok(logLines.length > 10, 'the server logged the requests (the capture works)');
        assert.ok(logs.includes(c.id) || how === 'retention', 'the erasure is logged by id');
        assert.equal(contains(Buffer.from(logs), marker), false, 'no log line holds the marker');
        assert.equal(logs.includes(email), false, 'no log line holds the e-mail address');

        // The audit trail stays, ids only, and still verifies.
        const audit = await env.ctx.db.selectFrom('audit_log').select(['action', 'actor_type']).where('subject_id', '=', c.id).execute();
        const actions = audit.map((a) => a.action);
        assert.ok(actions.includes('consultation.viewed'), actions.join(','));
        assert.ok(actions.includes(how === 'retention' ? 'consultation.purged' : 'consultation.erased'), actions.join(','));
        assert.equal((await verifyAuditChain(env.ctx.db)).ok, true);
      } finally {
        await sender.stop();
        transport.close();
        await smtp.stop();
        await t.close();
      }
    });
  }
});
