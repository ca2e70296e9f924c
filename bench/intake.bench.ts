// Ask-an-expert intake benchmark: the real server (`node bin/kidneydesk.js serve`, SQLite in a temp
// DATA_DIR) receives 200 submissions with three 5 MB PDF reports each from 10 concurrent clients.
// Bodies are streamed (one 5 MB PDF in memory, sent in 64 KiB chunks), never built whole.
// Prints p50/p95 latency, throughput, and the server's RSS (VmRSS from /proc) at baseline and peak.
// The server runs with the Node flags of package.json's `start` script (as bench:pages does), plus
// any given with --node-flags, e.g. `-- --node-flags=--max-semi-space-size=8`.
// Run with `npm run bench:intake [-- --submissions 200 --clients 10 --files 3 --file-mb 5]`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { fieldParts, filePart, multipartStream } from '../test/multipart.ts';
import { largePdf, streamOf } from '../test/fixtures/upload-fixtures.ts';
import { freePort, readRssMb, sampleRss, startScriptNodeFlags } from './server-process.ts';

const ROOT = path.join(import.meta.dirname, '..');
const MB = 1024 * 1024;
const TARGET_RSS_GROWTH_MB = 100;

const { values } = parseArgs({
  options: {
    submissions: { type: 'string', default: '200' },
    clients: { type: 'string', default: '10' },
    files: { type: 'string', default: '3' },
    'file-mb': { type: 'string', default: '5' },
    'node-flags': { type: 'string', default: '' },
  },
});
const SUBMISSIONS = Number(values.submissions);
const CLIENTS = Number(values.clients);
const FILES = Number(values.files);
const FILE_BYTES = Number(values['file-mb']) * MB;
const SERVER_NODE_FLAGS = [...startScriptNodeFlags(), ...values['node-flags']!.split(/\s+/).filter(Boolean)];

const cleanups: (() => Promise<void> | void)[] = [];

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'kd-bench-intake-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(path.join(work, 'data'), port);
  const idleRssMb = readRssMb(server.pid);

  const form = await (await fetch(`${base}/ask`)).text();
  const stamp = /name="started" value="([^"]+)"/.exec(form)?.[1];
  if (!stamp) throw new Error('no form stamp on /ask');
  const pdf = largePdf(FILE_BYTES);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const submit = (n: number) => submitOnce(base, agent, stamp, pdf, n);

  // Warm-up: JIT, prepared statements, the first blob directories.
  for (let i = 0; i < CLIENTS; i++) await submit(-1 - i);
  await sleep(500);
  const baselineRssMb = readRssMb(server.pid);
  const rss = sampleRss(server.pid, 50);

  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < SUBMISSIONS) {
      const n = next++;
      const t0 = performance.now();
      const outcome = await submit(n);
      latencies.push(performance.now() - t0);
      if (outcome !== 303) failures.push(`#${n}: ${outcome}`);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = rss.stop();
  agent.destroy();
  await sleep(1000);
  const afterRssMb = readRssMb(server.pid);
  const blobs = readdirSync(path.join(work, 'data', 'files', 'blobs'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const uploadedMb = (SUBMISSIONS * FILES * FILE_BYTES) / MB;
  const growth = peakRssMb - baselineRssMb;
  const lines = [
    '',
    `KidneyDesk intake benchmark (Node ${process.version}, SQLite): ${SUBMISSIONS} submissions × ${FILES} PDFs of ${FILE_BYTES / MB} MB, ${CLIENTS} concurrent clients, streamed`,
    `  server: node ${[...SERVER_NODE_FLAGS, 'bin/kidneydesk.js', 'serve'].join(' ')}`,
    '',
    row('Submissions accepted (303)', `${SUBMISSIONS - failures.length} / ${SUBMISSIONS}`, 'all', failures.length === 0),
    row('Blobs stored (incl. warm-up)', String(blobs), String((SUBMISSIONS + CLIENTS) * FILES), blobs === (SUBMISSIONS + CLIENTS) * FILES),
    row('Latency p50 / p95 / max', `${pct(50).toFixed(0)} / ${pct(95).toFixed(0)} / ${latencies.at(-1)!.toFixed(0)} ms`),
    row('Throughput', `${(SUBMISSIONS / seconds).toFixed(1)} submissions/s, ${(uploadedMb / seconds).toFixed(1)} MB/s`),
    row('Wall time', `${seconds.toFixed(1)} s for ${uploadedMb.toFixed(0)} MB`),
    row('Server RSS idle after start', `${idleRssMb.toFixed(1)} MB`),
    row('Server RSS baseline (after warm-up)', `${baselineRssMb.toFixed(1)} MB`),
    row('Server RSS peak under load', `${peakRssMb.toFixed(1)} MB`),
    row('Server RSS growth, peak − baseline', `${growth.toFixed(1)} MB`, `< ${TARGET_RSS_GROWTH_MB} MB`, growth < TARGET_RSS_GROWTH_MB),
    row('Server RSS 1 s after the load', `${afterRssMb.toFixed(1)} MB`),
    ...failures.slice(0, 5).map((f) => `  failed ${f}`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (failures.length > 0) process.exitCode = 1;
}

/** One streamed submission; resolves to the status code, or an error description. */
function submitOnce(base: string, agent: Agent, stamp: string, pdf: Buffer, n: number): Promise<number | string> {
  const body = multipartStream([
    ...fieldParts({
      started: stamp, website: '', name: `Bench Patient ${n}`, email: `bench${n < 0 ? `w${-n}` : n}@example.com`, phone: '',
      condition: 'ckd-3', creatinine: '150', creatinineUnit: 'umol/L', creatinineDate: '',
      description: `Benchmark question number ${n}: my creatinine is rising, what should I ask my kidney team?`,
    }),
    ...Array.from({ length: FILES }, (_, i) => filePart(`report-${i + 1}.pdf`, streamOf(pdf))),
    ...fieldParts({ consent: 'yes' }),
  ]);
  return new Promise((resolve) => {
    const req = request(`${base}/ask`, { method: 'POST', agent, headers: { 'content-type': body.contentType } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error) => resolve(error.message));
    body.stream.pipe(req);
  });
}

/** Spawns `node bin/kidneydesk.js serve` on SQLite in `dataDir`; resolves once /ask answers 200. */
async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, 'bin', 'kidneydesk.js'), 'serve'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    // DATABASE_URL and SMTP_URL are blanked so a developer's shell cannot point the benchmark elsewhere;
    // the mail then goes to .eml files under DATA_DIR/mail.
    env: {
      ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1',
      BASE_URL: base, FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0',
    },
  });
  cleanups.push(() => stopChild(child));
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/ask`);
      await response.arrayBuffer();
      if (response.status === 200) return child;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error(`${base}/ask did not answer within 30 s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function row(label: string, value: string, target?: string, met?: boolean): string {
  const verdict = target === undefined ? '' : `   target ${target}: ${met ? 'met' : 'MISSED'}`;
  return `  ${label.padEnd(40)} ${value.padStart(36)}${verdict}`;
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
