// Page-serving benchmark: cold start, article throughput and memory of the real server, and the
// same load against nginx serving the same HTML as a static file, for a ratio that does not
// depend on how fast this machine is. Run with `npm run bench:pages`.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, readRssMb, sampleRss, startScriptNodeFlags } from './server-process.ts';

const ROOT = path.join(import.meta.dirname, '..');
const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const CONNECTIONS = 50;
const DURATION_S = 10;
const TARGETS = { ratio: 0.6, coldStartMs: 1000, rssMb: 150 };
// The server runs with the Node flags of `npm start` (a smaller young generation, see the README),
// so the benchmark measures the server as it is meant to be run.
const SERVER_NODE_FLAGS = startScriptNodeFlags();

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** The fields of autocannon's `--json` output this benchmark reads. */
interface AutocannonJson {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

const cleanups: (() => Promise<void> | void)[] = [];

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'kd-bench-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));

  // --- KidneyDesk: cold start on an empty database (migrations + sample import included),
  // then a restart on the now-populated database, which is what a deploy or crash recovery sees ---
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = path.join(work, 'data');
  const first = await startKidneyDesk(dataDir, port);
  const coldStartMs = first.readyMs;
  await stopChild(first.child, 'SIGTERM');
  const { child: server, readyMs: restartMs } = await startKidneyDesk(dataDir, port);
  const idleRssMb = readRssMb(server.pid);

  const articlePath = await pickArticlePath(base);
  const articleUrl = `${base}${articlePath}`;
  const articleHtml = await (await fetch(articleUrl)).text();

  await runLoad(articleUrl, { connections: 10, durationS: 2 }); // warm-up: JIT, page cache, prepared statements
  const rss = sampleRss(server.pid, 100);
  const kd = await runLoad(articleUrl, { connections: CONNECTIONS, durationS: DURATION_S });
  const peakRssMb = rss.stop();

  // --- nginx, same HTML, same load ---
  const nginx = findOnPath('nginx', ['/usr/sbin', '/usr/local/sbin']);
  let ngx: LoadResult | undefined;
  let nginxNote = '';
  if (nginx) {
    try {
      const ngxUrl = await startNginx(nginx, articleHtml);
      await runLoad(ngxUrl, { connections: 10, durationS: 2 });
      ngx = await runLoad(ngxUrl, { connections: CONNECTIONS, durationS: DURATION_S });
    } catch (error) {
      nginxNote = `nginx could not be benchmarked: ${error instanceof Error ? error.message : String(error)}`;
    }
  } else {
    nginxNote = 'nginx is not on PATH: ratio not measured (apt-get install nginx to enable it)';
  }

  const ratio = ngx ? kd.requestsPerSecond / ngx.requestsPerSecond : undefined;
  const lines = [
    '',
    `KidneyDesk page benchmark (Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s, article ${articlePath}, ${articleHtml.length} bytes)`,
    `  server: node ${[...SERVER_NODE_FLAGS, 'bin/kidneydesk.js', 'serve'].join(' ')}`,
    '',
    row('Cold start to first 200 of / (empty db)', `${Math.round(coldStartMs)} ms`, `< ${TARGETS.coldStartMs} ms`, coldStartMs < TARGETS.coldStartMs),
    row('Restart to first 200 of / (existing db)', `${Math.round(restartMs)} ms`, `< ${TARGETS.coldStartMs} ms`, restartMs < TARGETS.coldStartMs),
    row('KidneyDesk requests/s', fmt(kd.requestsPerSecond)),
    row('KidneyDesk latency p50 / p99', `${kd.p50Ms} ms / ${kd.p99Ms} ms`),
    row('KidneyDesk requests (non-2xx, errors)', `${kd.total} (${kd.non2xx}, ${kd.errors})`, '0 non-2xx, 0 errors', kd.non2xx === 0 && kd.errors === 0),
    row('Server RSS idle after start', `${idleRssMb.toFixed(1)} MB`),
    row('Server RSS peak under load', `${peakRssMb.toFixed(1)} MB`, `< ${TARGETS.rssMb} MB`, peakRssMb < TARGETS.rssMb),
    ...(ngx ? [
      row('nginx (static file) requests/s', fmt(ngx.requestsPerSecond)),
      row('nginx latency p50 / p99', `${ngx.p50Ms} ms / ${ngx.p99Ms} ms`),
      row('Ratio KidneyDesk / nginx', ratio!.toFixed(2), `>= ${TARGETS.ratio}`, ratio! >= TARGETS.ratio),
    ] : [row('Ratio KidneyDesk / nginx', 'not measured'), `  (${nginxNote})`]),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** Spawns `node [flags] bin/kidneydesk.js serve` on SQLite in `dataDir` and times it from spawn to the first 200 of `/`. */
async function startKidneyDesk(dataDir: string, port: number): Promise<{ child: ChildProcess; readyMs: number }> {
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, 'bin', 'kidneydesk.js'), 'serve'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    // DATABASE_URL is blanked so a developer's .env or shell cannot point the benchmark at PostgreSQL.
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', BASE_URL: base },
  });
  cleanups.push(() => stopChild(child, 'SIGTERM'));
  await waitFor200(`${base}/`, child, 30_000);
  return { child, readyMs: performance.now() - started };
}

function row(label: string, value: string, target?: string, met?: boolean): string {
  const verdict = target === undefined ? '' : `   target ${target}: ${met ? 'met' : 'MISSED'}`;
  return `  ${label.padEnd(42)} ${value.padStart(16)}${verdict}`;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/** Polls `url` until it answers 200; fails early if the server process exits. */
async function waitFor200(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** An article linked from the home page (or a topic), else the first sample article's slug. */
async function pickArticlePath(base: string): Promise<string> {
  for (const page of ['/', '/topics']) {
    const body = await (await fetch(`${base}${page}`)).text();
    const match = /href="(\/articles\/[a-z0-9-]+)"/.exec(body);
    if (match?.[1]) return match[1];
  }
  const first = readdirSync(path.join(ROOT, 'content', 'sample')).filter((f) => f.endsWith('.md')).sort()[0];
  if (!first) throw new Error('no sample articles');
  const slug = /^slug:\s*(\S+)/m.exec(readFileSync(path.join(ROOT, 'content', 'sample', first), 'utf8'))?.[1] ?? first.slice(0, -3);
  const candidate = `/articles/${slug}`;
  const response = await fetch(`${base}${candidate}`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`no article page answers 200 (tried ${candidate}: ${response.status})`);
  return candidate;
}

/** Runs autocannon in its own process, so the load generator never shares an event loop with the sampler. */
async function runLoad(url: string, options: { connections: number; durationS: number }): Promise<LoadResult> {
  const child = spawn(process.execPath, [AUTOCANNON, '-c', String(options.connections), '-d', String(options.durationS), '-j', '-n', url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`autocannon failed (${code}): ${Buffer.concat(err).toString()}`);
  const json = JSON.parse(Buffer.concat(out).toString()) as AutocannonJson;
  return {
    requestsPerSecond: json.requests.average,
    p50Ms: json.latency.p50,
    p99Ms: json.latency.p99,
    total: json.requests.total,
    non2xx: json.non2xx,
    errors: json.errors + json.timeouts,
  };
}

function findOnPath(name: string, extra: readonly string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extra];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Starts nginx in the foreground with a throwaway config serving `html`; returns its URL. */
async function startNginx(binary: string, html: string): Promise<string> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'kd-bench-nginx-'));
  cleanups.push(() => rmSync(prefix, { recursive: true, force: true }));
  const www = path.join(prefix, 'www');
  mkdirSync(www, { recursive: true });
  writeFileSync(path.join(www, 'article.html'), html);
  // A root master hands requests to an unprivileged worker, which must be able to read the files.
  for (const dir of [prefix, www]) chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(conf, `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${www};
  }
}
`);
  const child = spawn(binary, ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  cleanups.push(() => stopChild(child, 'SIGQUIT'));
  const url = `http://127.0.0.1:${port}/article.html`;
  try {
    await waitFor200(url, child, 5000);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} ${Buffer.concat(stderr).toString().trim()}`);
  }
  return url;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!killed) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

process.once('SIGINT', () => { void cleanUp().then(() => process.exit(130)); });

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
