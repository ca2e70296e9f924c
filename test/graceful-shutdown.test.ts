import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import path from 'node:path';
import { describeEachDatabase, POSTGRES_URL } from './databases.ts';
import { createTemporaryDatabase, type TemporaryDatabase } from '../src/db/index.ts';
import { openContext } from '../src/runtime.ts';
import { loadConfig } from '../src/config/index.ts';
import { askFields, askParts } from './ask-fixtures.ts';
import { largePdf } from './fixtures/upload-fixtures.ts';
import { filePart, multipartStream, postStream } from './multipart.ts';
import { freePort } from './crash/crash-server.ts';

// SIGTERM while a patient's upload is still arriving: the server stops taking new connections,
// finishes that request (the patient is told "received" and the case is complete), stops the
// outbox sender without leaving a message half-sent, closes the database and exits 0. Its log
// lines are JSON with a request id and never hold the patient's words or name.

const BIN = path.join(import.meta.dirname, '..', 'bin', 'kidneydesk.js');
const MARKER = 'Quillonmarker Zephyrine';

describeEachDatabase('graceful shutdown', (kind) => {
  let temp: TemporaryDatabase;
  let child: ChildProcess;
  let output = '';
  let baseUrl = '';

  before(async () => {
    temp = await createTemporaryDatabase(kind, POSTGRES_URL, 'kd_shutdown');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: temp.dataDir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin', DATA_DIR: temp.dataDir, HOST: '127.0.0.1', PORT: String(port), BASE_URL: baseUrl,
        LOG_LEVEL: 'info', FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0', MAIL_POLL_SECONDS: '1',
        ...(temp.url ? { DATABASE_URL: temp.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${baseUrl}/readyz`).then((r) => r.status === 200, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`the server did not become ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await temp?.drop();
  });

  it('finishes the upload in flight, refuses new work, stops mail cleanly and exits 0', async () => {
    const form = await (await fetch(`${baseUrl}/ask`)).text();
    const stamp = /name="started" value="([^"]+)"/.exec(form)?.[1];
    assert.ok(stamp);

    // A 2 MB report that arrives in 16 pieces over about 1.6 s.
    const pdf = largePdf(2 * 1024 * 1024);
    const pieces = 16;
    const size = Math.ceil(pdf.length / pieces);
    const slow = Readable.from((async function* () {
      for (let i = 0; i < pieces; i++) {
        yield pdf.subarray(i * size, (i + 1) * size);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })());
    const body = multipartStream(askParts(stamp, askFields({ name: MARKER, email: 'shutdown@example.org', description: `Question from ${MARKER}: my creatinine rose from 120 to 150.` }), [filePart('report.pdf', slow)]));
    const posting = postStream(`${baseUrl}/ask`, body);

    // Once part of the report is in, the server is asked to stop.
    while (body.sent() < pdf.length / 4) await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(3_000) }).then((r) => r.status, (e: unknown) => (e as { cause?: { code?: string } }).cause?.code ?? 'error');
    assert.ok(late === 'ECONNREFUSED' || late === 503, `no new work once stopping (got ${String(late)})`);

    const sent = await posting;
    assert.equal(sent.cutOff, false, 'the whole upload was read');
    assert.equal(sent.response?.status, 303, output);
    assert.equal(sent.response?.headers.location, '/ask/received');
    const [code, signal] = await exited as [number | null, string | null];
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, output);

    // The case is complete, and no message was left half-sent by the stopped sender.
    const config = loadConfig({ DATA_DIR: temp.dataDir, LOG_LEVEL: 'silent', ...(temp.url ? { DATABASE_URL: temp.url } : {}) });
    const { ctx, handle } = await openContext(config);
    try {
      const c = await ctx.db.selectFrom('consultations').select('id').where('patient_email', '=', 'shutdown@example.org').executeTakeFirstOrThrow();
      const files = await ctx.db.selectFrom('consultation_files').selectAll().where('consultation_id', '=', c.id).execute();
      assert.equal(files.length, 1);
      assert.deepEqual(await ctx.files.read({ id: files[0]!.id, wrappedKey: files[0]!.wrapped_key }), pdf, 'the report decrypts to what was sent');
      const mail = await ctx.db.selectFrom('outbox').select('status').where('related_id', '=', c.id).execute();
      assert.equal(mail.length, 1);
      assert.notEqual(mail[0]!.status, 'sending');
    } finally {
      await handle.close();
    }

    // Structured logs with request ids; no patient words or names.
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(lines.some((l) => { const j = JSON.parse(l) as { reqId?: string; msg?: string }; return typeof j.reqId === 'string' && j.reqId.length > 0; }), 'log lines carry a request id');
    assert.ok(lines.some((l) => /shutting down/.test(l)), 'the shutdown is logged');
    assert.ok(!output.includes('Quillonmarker') && !output.includes('Zephyrine') && !output.includes('shutdown@example.org'), 'no health data or e-mail in the log');
  });
});
