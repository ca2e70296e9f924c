// npm run test:crash — kills the real server with SIGKILL at random moments while patients submit
// consultations with reports, and checks after every kill that nothing acknowledged was lost and
// nothing was half-written (test/crash/crash-check.ts). Runs on SQLite, and on PostgreSQL when
// TEST_DATABASE_URL is set. Exit 1 on any loss, half-written case or orphan left behind.
//
// Settings (environment): CRASH_SEED (default: random, printed), CRASH_KILLS (20 per database),
// CRASH_SUBMISSIONS (200 per database), CRASH_CLIENTS (4), CRASH_PAUSE_MS (pause between one
// client's submissions, 150), CRASH_DATABASES (sqlite,postgres), CRASH_SABOTAGE (1: must fail).
import { randomInt } from 'node:crypto';
import { loadConfig } from '../../src/config/index.ts';
import { createTemporaryDatabase, type DatabaseKind } from '../../src/db/index.ts';
import { checkAfterKill, sabotage } from './crash-check.ts';
import { prepareFixtures, submitConsultation, type Submission, type UploadFixtures } from './crash-client.ts';
import { freePort, startServer } from './crash-server.ts';

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const SEED = setting('CRASH_SEED', randomInt(1, 2 ** 31));
const KILLS = setting('CRASH_KILLS', 20);
const SUBMISSIONS = setting('CRASH_SUBMISSIONS', 200);
const CLIENTS = Math.max(1, setting('CRASH_CLIENTS', 4));
const PAUSE_MS = setting('CRASH_PAUSE_MS', 150);
/** A kill comes this long after the server is ready: uniformly in [MIN, MAX). */
const KILL_AFTER_MIN_MS = 300;
const KILL_AFTER_MAX_MS = 2_300;
const POSTGRES_URL = process.env.TEST_DATABASE_URL;
/** CRASH_SABOTAGE=1 damages the data before the last check, which must then fail (a test of the test). */
const SABOTAGE = process.env.CRASH_SABOTAGE === '1';

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with its seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Figures {
  database: DatabaseKind;
  kills: number;
  attempted: number;
  acknowledged: number;
  committedUnacknowledged: number;
  lost: number;
  halfWritten: number;
  orphansSwept: number;
  orphansLeft: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runDatabase(kind: DatabaseKind, random: () => number, fixtures: UploadFixtures): Promise<{ figures: Figures; problems: string[] }> {
  const started = performance.now();
  const temp = await createTemporaryDatabase(kind, POSTGRES_URL, 'kd_crash');
  const config = loadConfig({ DATA_DIR: temp.dataDir, LOG_LEVEL: 'silent', ...(temp.url ? { DATABASE_URL: temp.url } : {}) });
  const port = await freePort();
  const submissions: Submission[] = [];
  const problems: string[] = [];
  const figures: Figures = { database: kind, kills: 0, attempted: 0, acknowledged: 0, committedUnacknowledged: 0, lost: 0, halfWritten: 0, orphansSwept: 0, orphansLeft: 0, seconds: 0 };
  let next = 0;
  try {
    while (figures.kills < KILLS || submissions.length < SUBMISSIONS) {
      const server = await startServer({ dataDir: temp.dataDir, databaseUrl: temp.url, port });
      let running = true;
      const client = async () => {
        while (running) {
          const n = next++;
          const submission = await submitConsultation(server.baseUrl, n, kind, fixtures);
          if (submission) submissions.push(submission);
          if (running) await sleep(PAUSE_MS);
        }
      };
      const clients = Array.from({ length: CLIENTS }, client);
      await sleep(KILL_AFTER_MIN_MS + random() * (KILL_AFTER_MAX_MS - KILL_AFTER_MIN_MS));
      await server.kill();
      running = false;
      figures.kills++;
      await Promise.all(clients);

      if (SABOTAGE && figures.kills >= KILLS && submissions.length >= SUBMISSIONS) await sabotage(config);
      const check = await checkAfterKill(config, submissions);
      const at = `after kill ${figures.kills}`;
      problems.push(...check.lost.map((p) => `${kind} ${at}: LOST ${p}`), ...check.halfWritten.map((p) => `${kind} ${at}: HALF-WRITTEN ${p}`),
        ...check.orphansLeft.map((p) => `${kind} ${at}: ORPHAN LEFT ${p}`));
      figures.lost = Math.max(figures.lost, check.lost.length);
      figures.halfWritten = Math.max(figures.halfWritten, check.halfWritten.length);
      figures.orphansLeft = Math.max(figures.orphansLeft, check.orphansLeft.length);
      figures.orphansSwept += check.sweptBlobs + check.sweptTemp;
      figures.committedUnacknowledged = check.committedUnacknowledged;
      const acked = submissions.filter((s) => s.acknowledged).length;
      process.stdout.write(`  ${kind} kill ${String(figures.kills).padStart(2)}: ${String(submissions.length).padStart(4)} submitted, ${String(acked).padStart(4)} acknowledged, `
        + `${check.consultations} cases, ${check.files} files, swept ${check.sweptBlobs} blobs + ${check.sweptTemp} temp, `
        + `lost ${check.lost.length}, half-written ${check.halfWritten.length}\n`);
      if (problems.length > 0) break;
    }
  } finally {
    figures.attempted = submissions.length;
    figures.acknowledged = submissions.filter((s) => s.acknowledged).length;
    figures.seconds = Math.round((performance.now() - started) / 100) / 10;
    if (problems.length === 0) await temp.drop();
    else process.stdout.write(`  ${kind}: data kept for inspection in ${temp.dataDir}${temp.url ? ` and ${temp.url}` : ''}\n`);
  }
  return { figures, problems };
}

async function main(): Promise<void> {
  const wanted = (process.env.CRASH_DATABASES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  const databases: DatabaseKind[] = [];
  if (wanted.includes('sqlite')) databases.push('sqlite');
  if (wanted.includes('postgres')) {
    if (POSTGRES_URL) databases.push('postgres');
    else process.stdout.write('PostgreSQL skipped: TEST_DATABASE_URL is not set\n');
  }
  process.stdout.write(`crash test: seed ${SEED} (repeat with CRASH_SEED=${SEED}), ${KILLS} kills and ${SUBMISSIONS} submissions per database at least, ${CLIENTS} clients\n`);
  const fixtures = await prepareFixtures();
  const random = seededRandom(SEED);
  const results = [];
  for (const kind of databases) results.push(await runDatabase(kind, random, fixtures));

  process.stdout.write('\ndatabase  kills  attempted  acknowledged  committed-unacked  lost  half-written  orphans-swept  orphans-left  seconds\n');
  for (const { figures: f } of results) {
    process.stdout.write(`${f.database.padEnd(8)}  ${String(f.kills).padStart(5)}  ${String(f.attempted).padStart(9)}  ${String(f.acknowledged).padStart(12)}  `
      + `${String(f.committedUnacknowledged).padStart(17)}  ${String(f.lost).padStart(4)}  ${String(f.halfWritten).padStart(12)}  `
      + `${String(f.orphansSwept).padStart(13)}  ${String(f.orphansLeft).padStart(12)}  ${String(f.seconds).padStart(7)}\n`);
  }
  const problems = results.flatMap((r) => r.problems);
  const thin = results.filter((r) => r.figures.kills < KILLS || r.figures.attempted < SUBMISSIONS || r.figures.acknowledged === 0);
  for (const p of problems.slice(0, 50)) process.stdout.write(`${p}\n`);
  if (problems.length > 0 || thin.length > 0) {
    if (thin.length > 0) process.stdout.write(`too few kills, submissions or acknowledgements on ${thin.map((r) => r.figures.database).join(', ')}\n`);
    process.stdout.write(`FAILED (seed ${SEED})\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`ok: nothing acknowledged was lost, nothing half-written, no orphan left (seed ${SEED})\n`);
}

await main();
