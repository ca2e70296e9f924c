import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type TestServer } from '../browser.ts';
import { POSTGRES_URL } from '../databases.ts';
import type { DatabaseKind } from '../../src/db/index.ts';

// sqlmap (Debian's package) against the real server on a fresh database, at level 3 / risk 2,
// for every public input that reaches SQL: the search box (HTML and JSON), the ask form (its
// URL-encoded variant, which the route accepts beside multipart), "resend my link", the staff
// sign-in (CSRF token refreshed from /staff/login) and, when it exists, the contact form.
// Exits 1 if sqlmap reports any parameter as injectable, if the server answered any request
// with a 5xx, or if a run did not finish. Not a *.test.ts file: it is slow and runs only from
// `npm run test:security`.
//
// Usage: node test/security/sqlmap.ts [--db sqlite|postgres|both] [--budget-seconds 540]
// PostgreSQL needs TEST_DATABASE_URL. All techniques (BEUSTQ) with --time-sec=2; each run gets an
// even share of the budget, and a run that does not finish within it fails the suite.

const { values: args } = parseArgs({
  options: { db: { type: 'string', default: POSTGRES_URL ? 'both' : 'sqlite' }, 'budget-seconds': { type: 'string', default: '540' } },
});
const kinds: DatabaseKind[] = args.db === 'both' ? ['sqlite', 'postgres'] : [args.db as DatabaseKind];
if (kinds.includes('postgres') && !POSTGRES_URL) {
  console.error('TEST_DATABASE_URL is not set: cannot run sqlmap against PostgreSQL');
  process.exit(1);
}
/** Every technique: boolean, error, UNION, stacked, time-based blind, inline queries. */
const TECHNIQUES = 'BEUSTQ';
const budgetMs = Number(args['budget-seconds']) * 1000;

if (spawnSync('sqlmap', ['--version'], { encoding: 'utf8' }).status !== 0) {
  console.error('sqlmap is not installed (Debian: apt-get install -y sqlmap); .ci/run installs it');
  process.exit(1);
}

interface Target {
  readonly name: string;
  readonly url: string;
  /** URL-encoded POST body; GET when absent. */
  readonly data?: string;
  readonly params: readonly string[];
  /** sqlmap options of this target only (e.g. the CSRF token's name and page). */
  readonly extra?: readonly string[];
}

interface Outcome {
  readonly kind: DatabaseKind;
  readonly target: string;
  readonly params: string;
  readonly requests: number;
  readonly seconds: number;
  readonly injectable: boolean;
  readonly serverErrors: number;
  readonly http429: number;
  readonly finished: boolean;
  readonly note: string;
  /** Response statuses seen, e.g. `200×180 422×40`. */
  readonly statuses: string;
}

/** The targets on one server: form stamps and links fetched from it first. */
async function targetsOf(server: TestServer): Promise<Target[]> {
  const base = server.baseUrl;
  const askForm = await (await fetch(`${base}/ask`)).text();
  const stamp = /name="started" value="([^"]+)"/.exec(askForm)?.[1];
  if (!stamp) throw new Error('the /ask form has no stamp');
  const ask = new URLSearchParams({
    started: stamp, website: '', name: 'Ann Patient', email: 'ann@example.com', phone: '+44 20 7946 0000', condition: 'ckd-3',
    creatinine: '150', creatinineUnit: 'umol/L', creatinineDate: '2026-11-01',
    description: 'My creatinine went up from 120 to 150 in a month. Should I worry?', consent: 'yes',
  });
  const targets: Target[] = [
    { name: 'GET /search', url: `${base}/search?q=kidney`, params: ['q'] },
    { name: 'GET /api/search', url: `${base}/api/search?q=kidney&limit=5`, params: ['q', 'limit'] },
    { name: 'POST /ask', url: `${base}/ask`, data: ask.toString(), params: ['name', 'email', 'phone', 'condition', 'creatinine', 'description'] },
    { name: 'POST /case/resend', url: `${base}/case/resend`, data: new URLSearchParams({ started: stamp, email: 'ann@example.com' }).toString(), params: ['email'] },
    {
      name: 'POST /staff/login', url: `${base}/staff/login`, data: 'email=expert%40clinic.example&password=not+the+password&csrf=x', params: ['email', 'password'],
      // A failed sign-in is a 401, which sqlmap would stop at. The sign-in throttle has no setting:
      // the server trusts X-Forwarded-For here (TRUST_PROXY) and the xforwardedfor tamper gives
      // each payload its own address, so the per-address limit does not end the run early; the
      // per-account limit (5 failures) still answers most `password` payloads with 429.
      extra: ['--csrf-token=csrf', `--csrf-url=${base}/staff/login`, '--ignore-code=401,429', '--tamper=xforwardedfor'],
    },
  ];
  const contact = await fetch(`${base}/contact`);
  if (contact.status === 200) {
    const html = await contact.text();
    const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const csrf = 'csrf' in hidden ? ['--csrf-token=csrf', `--csrf-url=${base}/contact`] : [];
    targets.push({
      name: 'POST /contact', url: `${base}/contact`, params: ['name', 'email', 'subject', 'message'], extra: csrf,
      data: new URLSearchParams({ ...hidden, website: '', name: 'Ann Patient', email: 'ann@example.com', subject: 'Opening hours', message: 'When is the clinic open on Saturdays, please?' }).toString(),
    });
  } else {
    console.log(`(no /contact on this build: GET /contact → ${contact.status}; skipped)`);
  }
  return targets;
}

/** Runs sqlmap once; resolves with what its output and traffic log say. */
async function runSqlmap(kind: DatabaseKind, target: Target, timeoutMs: number): Promise<Outcome> {
  const out = await mkdtemp(path.join(tmpdir(), 'kd-sqlmap-'));
  const traffic = path.join(out, 'traffic.txt');
  const argv = [
    '-u', target.url, ...(target.data ? ['--data', target.data] : []), '-p', target.params.join(','),
    '--level=3', '--risk=2', '--batch', '--disable-coloring', '--flush-session', `--output-dir=${out}`, '-t', traffic,
    // sqlmap refuses --threads together with --csrf-url: those targets run single-threaded.
    ...(target.extra?.some((o) => o.startsWith('--csrf-url')) ? [] : ['--threads=2']), `--technique=${TECHNIQUES}`, '--time-sec=2', `--dbms=${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, '--timeout=20', '--retries=1',
    ...(target.extra ?? []),
  ];
  const started = Date.now();
  let output = '';
  const child = spawn('sqlmap', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGTERM'); }, timeoutMs);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  clearTimeout(timer);
  const seconds = (Date.now() - started) / 1000;
  const trafficLog = await readFile(traffic, 'utf8').catch(() => '');
  await rm(out, { recursive: true, force: true });

  // sqlmap's verdict lines; a heuristic "appears to be … injectable" that it later refutes is not one.
  const injectable = /identified the following injection point|parameter '[^']+' is vulnerable/i.test(output);
  // Status codes from the traffic log (every response sqlmap received), else from its summary.
  const statuses = new Map<number, number>();
  for (const m of trafficLog.matchAll(/^HTTP response (?:\[#\d+\] )?\((\d{3})/gm)) statuses.set(Number(m[1]), (statuses.get(Number(m[1])) ?? 0) + 1);
  const codes = (code: number) => statuses.get(code) ?? Number(new RegExp(`${code} \\([^)]*\\) - (\\d+) times`).exec(output)?.[1] ?? 0);
  const serverErrors = [...statuses].filter(([c]) => c >= 500).reduce((n, [, k]) => n + k, 0) || [500, 502, 503, 504].reduce((n, c) => n + codes(c), 0);
  const clean = /all tested parameters do not appear to be injectable/i.test(output);
  const finished = !timedOut && (clean || injectable);
  const requests = (trafficLog.match(/^HTTP request \[#\d+\]:/gm) ?? []).length;
  const spread = [...statuses].sort(([x], [y]) => x - y).map(([c, k]) => `${c}×${k}`).join(' ');
  const note = timedOut ? `stopped after ${Math.round(timeoutMs / 1000)} s (time budget)` : !finished ? lastProblem(output) : codes(429) > 0 ? `${codes(429)} × 429 (sign-in throttle)` : '';
  return { kind, target: target.name, params: target.params.join(','), requests, seconds, injectable, serverErrors, http429: codes(429), finished, note, statuses: spread };
}

/** sqlmap's last CRITICAL/ERROR line, for a run that ended without a verdict. */
function lastProblem(output: string): string {
  const lines = output.split('\n').filter((l) => /\[(CRITICAL|ERROR)\]/.test(l));
  return (lines.at(-1) ?? output.trim().split('\n').at(-1) ?? '').replace(/^\[[\d:]+\] /, '').slice(0, 160);
}

const started = Date.now();
const outcomes: Outcome[] = [];
const version = spawnSync('sqlmap', ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
console.log(`sqlmap ${version}: --level=3 --risk=2 --technique=${TECHNIQUES} --time-sec=2 --threads=2, budget ${budgetMs / 1000} s, databases: ${kinds.join(', ')}`);
for (const kind of kinds) {
  // Form limits off so sqlmap's requests are judged on their content, not refused for speed.
  const server = await startServer(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0', LOG_LEVEL: 'silent', TRUST_PROXY: 'true' } });
  try {
    // Warm up first: the first search loads the word lists, and a slow first answer makes
    // sqlmap's time-based tests suspect a delay and repeat themselves.
    for (const q of ['kidney', 'crampz on dialysys', 'creatinine 150']) await (await fetch(`${server.baseUrl}/search?q=${encodeURIComponent(q)}`)).text();
    const targets = await targetsOf(server);
    for (const [i, target] of targets.entries()) {
      // What is left of the budget, shared evenly among the runs still to come on every database.
      const runsLeft = targets.length - i + (kinds.length - 1 - kinds.indexOf(kind)) * targets.length;
      const share = Math.max(15_000, (budgetMs - (Date.now() - started)) / runsLeft);
      let outcome = await runSqlmap(kind, target, share);
      // A run cut off by its share (a busy machine slows sqlmap's timing checks) gets one more
      // go with a larger share; the whole part stays within the budget plus one such retry.
      if (!outcome.finished && !outcome.injectable && outcome.note.includes('time budget')) {
        console.log(`[${kind}] ${target.name}: no verdict within ${Math.round(share / 1000)} s; trying once more`);
        outcome = await runSqlmap(kind, target, Math.max(2 * share, 90_000));
      }
      outcomes.push(outcome);
      console.log(`[${kind}] ${target.name} (${outcome.params}): ${outcome.requests} requests in ${outcome.seconds.toFixed(1)} s → ${
        outcome.injectable ? 'INJECTABLE' : outcome.finished ? 'not injectable' : 'no verdict'}; statuses ${outcome.statuses || '?'}${outcome.serverErrors ? `, ${outcome.serverErrors} × 5xx` : ''}${outcome.note ? ` (${outcome.note})` : ''}`);
    }
  } finally {
    await server.close();
  }
}

const head = ['database', 'target', 'parameters', 'requests', 'seconds', 'result'];
const rows = outcomes.map((o) => [o.kind, o.target, o.params, String(o.requests), o.seconds.toFixed(1),
  o.injectable ? 'INJECTABLE' : !o.finished ? `no verdict: ${o.note}` : o.serverErrors ? `${o.serverErrors} server errors` : `not injectable${o.note ? `; ${o.note}` : ''}`]);
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(['', line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
const total = outcomes.reduce((n, o) => n + o.requests, 0);
console.log(`\n${outcomes.length} runs, ${total} requests, ${((Date.now() - started) / 1000).toFixed(0)} s in all`);

const failed = outcomes.filter((o) => o.injectable || o.serverErrors > 0 || !o.finished);
if (failed.length > 0) {
  console.error(`sqlmap: ${failed.length} run(s) failed: ${failed.map((o) => `[${o.kind}] ${o.target}`).join(', ')}`);
  process.exit(1);
}
