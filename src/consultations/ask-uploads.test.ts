/**
 * The upload cases of shared/security/bad-uploads.md that only show at the HTTP level (the file
 * store's own tests cover the rest): U6 a 50 MiB file with and without Content-Length, U9 many
 * parts, files and submissions, U10 slow headers and slow bodies, U17 odd Content-Disposition
 * names; plus the 55 MiB body limit. Every refused request leaves no row, no blob, no temp file
 * and no outbox message. Streams run against a real server on 127.0.0.1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { createTestEnv, describeEachDatabase, type TestEnv } from '../../test/databases.ts';
import { createTestApp } from '../../test/test-app.ts';
import { fieldParts, filePart, multipartBody, multipartStream, postStream, type Part } from '../../test/multipart.ts';
import { buildPdf, largePdf, paddedPdfStream, polyglotPdf } from '../../test/fixtures/upload-fixtures.ts';
import { askFields, askParts, askStamp, assertStoresNothing, fieldError, fieldsWithErrors, postAsk, shownValue, storedState, type StoredState } from '../../test/ask-fixtures.ts';

const MiB = 1024 * 1024;

/** A stream of `bytes` filler bytes, made as it is read. */
function filler(bytes: number): Readable {
  let left = bytes;
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/** Waits until `check` passes (a refused upload's temp file goes once its stream is torn down). */
async function eventually(check: () => Promise<void>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

interface UploadServer {
  readonly env: TestEnv;
  readonly app: FastifyInstance;
  /** The app on a normal listening server. */
  readonly base: string;
  /** The same app behind a server with short header (300 ms) and request (1 s) timeouts, for U10. */
  readonly slowBase: string;
  /** Status codes the app sent, in order. */
  readonly statuses: number[];
  close(): Promise<void>;
}

async function startUploadServer(kind: Parameters<typeof createTestEnv>[0], env: Record<string, string>): Promise<UploadServer> {
  const testEnv = await createTestEnv(kind, { env });
  const app = await buildApp(testEnv.ctx, { logger: false });
  const statuses: number[] = [];
  app.addHook('onResponse', async (_request, reply) => {
    statuses.push(reply.statusCode);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const short: Server = createServer({ headersTimeout: 300, requestTimeout: 1_000, connectionsCheckingInterval: 50 }, (req, res) => app.routing(req, res));
  await new Promise<void>((resolve) => short.listen(0, '127.0.0.1', resolve));
  const port = (server: { address(): unknown }) => (server.address() as AddressInfo).port;
  return {
    env: testEnv, app, statuses,
    base: `http://127.0.0.1:${port(app.server)}`,
    slowBase: `http://127.0.0.1:${port(short)}`,
    close: async () => {
      short.closeAllConnections();
      await new Promise((resolve) => short.close(resolve));
      await app.close();
      await testEnv.close();
    },
  };
}

describeEachDatabase('upload abuse at the HTTP level', (kind) => {
  let s: UploadServer;
  let stamp: string;
  let baseline: StoredState;
  const fields = () => askFields({ email: 'uploads@example.com' });

  before(async () => {
    s = await startUploadServer(kind, { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' });
    stamp = await askStamp(s.app);
    baseline = await storedState(s.env);
  });
  after(async () => {
    await s?.close();
  });

  /** Streams `parts` to POST /ask; checks the server's status and that nothing was stored. */
  const streamAsk = async (parts: readonly Part[], options: { contentLength?: number; url?: string } = {}) => {
    const body = multipartStream(parts);
    const answered = s.statuses.length;
    const result = await postStream(`${options.url ?? s.base}/ask`, body, options);
    await eventually(async () => assert.ok(s.statuses.length > answered, 'the server answered'));
    await eventually(async () => assert.deepEqual(await storedState(s.env), baseline, 'nothing stored, nothing queued'));
    return { ...result, status: s.statuses[answered]! };
  };

  describe('U6 a 50 MiB file', () => {
    it('(a) with a correct Content-Length: 413, and the server stops reading at about 10 MiB', async () => {
      const pdf = paddedPdfStream(50 * MiB);
      const parts = askParts(stamp, fields(), [filePart('big.pdf', pdf.stream)]);
      const length = multipartBody(askParts(stamp, fields(), [filePart('big.pdf', Buffer.alloc(0))])).payload.length + 50 * MiB;
      const res = await streamAsk(parts, { contentLength: length });
      assert.equal(res.status, 413);
      assert.ok(res.cutOff, 'the client could not send it all');
      assert.ok(pdf.pulled() < 30 * MiB, `read ${(pdf.pulled() / MiB).toFixed(1)} MiB of 50`);
      if (res.response) {
        assert.equal(res.response.status, 413);
        assert.equal(fieldError(res.response.body, 'files'), 'The file is too large. Each file can be at most 10 MB.');
        assert.equal(shownValue(res.response.body, 'name'), 'Ann Patient', 'the form comes back with what was typed');
      }
    });

    it('(a) declared over the 55 MiB body limit: 413 before the body is read', async () => {
      const pdf = paddedPdfStream(60 * MiB);
      const res = await streamAsk(askParts(stamp, fields(), [filePart('big.pdf', pdf.stream)]), { contentLength: 60 * MiB + 4096 });
      assert.equal(res.status, 413);
      assert.ok(pdf.pulled() < 8 * MiB, `read ${(pdf.pulled() / MiB).toFixed(1)} MiB`);
    });

    it('(b) chunked, with no Content-Length: cut off once the part passes 10 MiB', async () => {
      const pdf = paddedPdfStream(50 * MiB);
      const res = await streamAsk(askParts(stamp, fields(), [filePart('big.pdf', pdf.stream)]));
      assert.equal(res.status, 413);
      assert.ok(res.cutOff);
      assert.ok(pdf.pulled() < 30 * MiB, `read ${(pdf.pulled() / MiB).toFixed(1)} MiB of 50`);
    });
  });

  it('the 55 MiB body limit holds while streaming, even for a part the server only skips', async () => {
    // Busboy counts any application/octet-stream part as a file; one without a filename is skipped, not stored.
    const skipped: Part = { name: 'notes', filename: '', contentType: 'application/octet-stream', content: filler(200 * MiB), disposition: 'form-data; name="notes"' };
    const res = await streamAsk([...askParts(stamp, fields()), skipped]);
    assert.equal(res.status, 413);
    assert.ok(res.cutOff);
    assert.ok(res.sentBeforeResponse < 80 * MiB, `sent ${(res.sentBeforeResponse / MiB).toFixed(1)} MiB of 200`);
  });

  it('a 1,000,000-character description is refused before the rest of the body is read', async () => {
    const big = paddedPdfStream(20 * MiB);
    const res = await streamAsk(askParts(stamp, askFields({ description: 'X'.repeat(1_000_000) }), [filePart('after.pdf', big.stream)]));
    assert.equal(res.status, 413);
    assert.ok(res.cutOff);
    assert.ok(big.pulled() < 15 * MiB, `read ${(big.pulled() / MiB).toFixed(1)} MiB of the file after it`);
  });

  describe('U9 many small files', () => {
    it('1,000 parts of 1 KiB: 413 (or 400), nothing stored', async () => {
      const files = Array.from({ length: 1_000 }, (_, i) => filePart(`r${i}.pdf`, buildPdf({ text: `${i}`.padEnd(900, '.') })));
      const res = await assertStoresNothing(s.env, () => postAsk(s.app, fields(), files, { stamp }));
      assert.ok([400, 413].includes(res.statusCode), `got ${res.statusCode}`);
      const textParts = multipartBody(fieldParts(Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`f${i}`, 'x'.repeat(1024)]))));
      const fieldsOnly = await assertStoresNothing(s.env, () => s.app.inject({ method: 'POST', url: '/ask', headers: { 'content-type': textParts.contentType }, payload: textParts.payload }));
      assert.ok([400, 413].includes(fieldsOnly.statusCode), `got ${fieldsOnly.statusCode}`);
    });

    it('6 valid files: 422 beside the file field, the 5 already stored removed again', async () => {
      const files = Array.from({ length: 6 }, (_, i) => filePart(`report-${i}.pdf`, buildPdf({ text: `page ${i}` })));
      const res = await assertStoresNothing(s.env, () => postAsk(s.app, fields(), files, { stamp }));
      assert.equal(res.statusCode, 422);
      assert.deepEqual(fieldsWithErrors(res.body), ['files']);
      assert.equal(fieldError(res.body, 'files'), 'Please attach at most 5 files.');
      assert.equal(shownValue(res.body, 'consent'), 'yes', 'the rest of the form was read');
    });

    it('5 files of exactly 10 MiB are accepted', async () => {
      const files = Array.from({ length: 5 }, (_, i) => filePart(`scan-${i}.pdf`, largePdf(10 * MiB)));
      const res = await postAsk(s.app, askFields({ email: 'five-big@example.com' }), files, { stamp });
      assert.equal(res.statusCode, 303);
      const row = await s.env.ctx.db.selectFrom('consultations').select('id').where('patient_email', '=', 'five-big@example.com').executeTakeFirstOrThrow();
      assert.equal((await s.env.ctx.db.selectFrom('consultation_files').select('id').where('consultation_id', '=', row.id).execute()).length, 5);
      baseline = await storedState(s.env);
    });
  });

  it('U9: 30 submissions of 5 files from one IP within the hour: 5 accepted (the default limit), then 429 with nothing stored', async () => {
    const t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0' } });
    try {
      const files = Array.from({ length: 5 }, (_, i) => filePart(`r${i}.pdf`, buildPdf({ text: `report ${i}` })));
      const stampHere = await askStamp(t.app);
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<typeof postAsk>> | undefined;
      for (let i = 0; i < 30; i++) {
        const res = await postAsk(t.app, askFields({ email: `burst${i}@example.com` }), files, { stamp: stampHere, remoteAddress: '198.51.100.30' });
        statuses.push(res.statusCode);
        limited ??= res.statusCode === 429 ? res : undefined;
      }
      assert.deepEqual(statuses, [...Array<number>(5).fill(303), ...Array<number>(25).fill(429)]);
      assert.ok(Number(limited!.headers['retry-after']) > 3_000, 'about an hour');
      const state = await storedState(t);
      assert.deepEqual([state.consultations, state.files, state.blobs.length, state.outbox, state.temp.length], [5, 25, 25, 5, 0]);
    } finally {
      await t.close();
    }
  });

  describe('U17 and other odd parts', () => {
    it('two filename parameters, an unquoted ";" or a filename* path: the name never reaches storage', async () => {
      for (const disposition of [
        'form-data; name="files"; filename="report.pdf"; filename="../../../evil.html"',
        'form-data; name="files"; filename=report;evil.html',
        `form-data; name="files"; filename*=UTF-8''..%2F..%2Fevil.pdf`,
      ]) {
        const email = `u17-${s.statuses.length}@example.com`;
        const res = await postAsk(s.app, askFields({ email }), [{ name: 'files', filename: 'x', contentType: 'text/html', content: buildPdf(), disposition }], { stamp });
        if (res.statusCode !== 303) {
          assert.equal(res.statusCode, 400, disposition);
          continue;
        }
        const row = await s.env.ctx.db.selectFrom('consultations').select('id').where('patient_email', '=', email).executeTakeFirstOrThrow();
        const files = await s.env.ctx.db.selectFrom('consultation_files').select(['id', 'display_name', 'media_type']).where('consultation_id', '=', row.id).execute();
        for (const file of files) {
          assert.match(file.id, /^[0-9a-f]{32}$/, 'stored under a generated id');
          assert.match(file.display_name, /^[^/\\]+\.pdf$/, `a basename with the detected type: ${file.display_name}`);
          assert.equal(file.media_type, 'application/pdf', 'the part’s Content-Type is ignored');
        }
      }
      const names = readdirSync(s.env.dataDir, { recursive: true }).map(String);
      assert.ok(!names.some((n) => /evil/.test(n)), 'no file named by the client anywhere under DATA_DIR');
      baseline = await storedState(s.env);
    });

    it('a NUL in the filename is a 400; a part with no filename (busboy calls it a file) is ignored, not a 500', async () => {
      const nul = await assertStoresNothing(s.env, () => postAsk(s.app, fields(), [filePart('report.pdf\u0000.html', buildPdf())], { stamp }));
      assert.equal(nul.statusCode, 400);
      assert.equal(fieldError(nul.body, 'files'), 'The file name is not valid. Please rename the file and try again.');
      const nameless = await postAsk(s.app, askFields({ email: 'nameless@example.com' }), [{ name: 'files', filename: '', contentType: 'application/octet-stream', content: buildPdf(), disposition: 'form-data; name="files"' }], { stamp });
      assert.equal(nameless.statusCode, 303);
      baseline = await storedState(s.env);
    });

    it('a refused file: its problem alone, beside the file field; fields after it are not reported missing', async () => {
      const res = await assertStoresNothing(s.env, () => postAsk(s.app, fields(), [filePart('report.pdf', polyglotPdf()), filePart('ok.pdf', buildPdf())], { stamp }));
      assert.equal(res.statusCode, 422);
      assert.deepEqual(fieldsWithErrors(res.body), ['files'], 'consent comes after the files on the page and was never read');
      assert.match(fieldError(res.body, 'files') ?? '', /contains scripts, attachments or password protection/);
      const html = await assertStoresNothing(s.env, () => postAsk(s.app, fields(), [filePart('scan.pdf', Buffer.from('<!doctype html><script>alert(1)</script>'))], { stamp }));
      assert.equal(html.statusCode, 415, 'the file’s own status when it is the only problem');
      assert.deepEqual(fieldsWithErrors(html.body), ['files']);
    });
  });

  describe('U10 slow clients (300 ms header and 1 s request timeouts on a test server)', () => {
    const open = (base: string): Promise<Socket> => new Promise((resolve, reject) => {
      const url = new URL(base);
      const socket = connect({ host: url.hostname, port: Number(url.port) }, () => resolve(socket));
      socket.on('error', reject);
    });
    /** Sends `head` at once, then one byte of `rest` every `everyMs` until the server closes the socket; resolves to how long that took. */
    const trickle = async (base: string, head: string | Buffer, rest: Buffer, everyMs: number): Promise<number> => {
      const socket = await open(base);
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      socket.resume();
      const started = Date.now();
      socket.write(head);
      let at = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed && at < rest.length) socket.write(rest.subarray(at, ++at));
      }, everyMs);
      await new Promise((resolve) => socket.once('close', resolve));
      clearInterval(timer);
      return Date.now() - started;
    };
    const openSockets = () => readdirSync('/proc/self/fd').length;

    it('(a) headers sent a byte at a time are cut off at the header timeout, while others are served', async () => {
      const fds = openSockets();
      const slow = Array.from({ length: 20 }, () => trickle(s.slowBase, 'POST /ask HTTP/1.1\r\n', Buffer.from('Host: 127.0.0.1\r\nX-Slow: 1\r\n'.repeat(50)), 50));
      const normal = await fetch(`${s.slowBase}/ask`);
      assert.equal(normal.status, 200, 'a normal visitor is served during the attack');
      await normal.text();
      const times = await Promise.all(slow);
      assert.ok(Math.max(...times) < 2_000, `closed after ${Math.max(...times)} ms`);
      await eventually(async () => assert.ok(openSockets() <= fds + 2, `${openSockets()} descriptors, ${fds} before`));
    });

    it('(b) an upload sent a few bytes at a time is cut off at the request timeout; its temp file is removed', async () => {
      const body = multipartBody(askParts(stamp, fields(), [filePart('slow.pdf', largePdf(64 * 1024))]));
      const head = `POST /ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${body.contentType}\r\nContent-Length: ${body.payload.length}\r\n\r\n`;
      // Everything up to the middle of the PDF at once, so a temp file exists, then 1 byte every 20 ms.
      const cut = body.payload.indexOf('%PDF') + 32 * 1024;
      const slow = Array.from({ length: 10 }, async () => trickle(s.slowBase, Buffer.concat([Buffer.from(head), body.payload.subarray(0, cut)]), body.payload.subarray(cut), 20));
      await eventually(async () => assert.equal((await storedState(s.env)).temp.length, 10, 'each slow upload is being written to a temp file'), 800);
      const normal = multipartBody(askParts(stamp, askFields({ email: 'during-slowloris@example.com' }), [filePart('ok.pdf', buildPdf())]));
      const answer = await fetch(`${s.slowBase}/ask`, { method: 'POST', headers: { 'content-type': normal.contentType }, body: normal.payload, redirect: 'manual' });
      assert.equal(answer.status, 303, 'a normal submission succeeds meanwhile');
      baseline = { ...(await storedState(s.env)), temp: [] };
      const times = await Promise.all(slow);
      assert.ok(Math.max(...times) < 3_000, `closed after ${Math.max(...times)} ms`);
      await eventually(async () => assert.deepEqual(await storedState(s.env), baseline, 'no row, blob or temp file from the slow uploads'));
    });
  });
});
