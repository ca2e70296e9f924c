import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

// The real server for the crash test, started the way `npm start` starts it (bin/kidneydesk.js
// serve) in a process of its own, and killed with SIGKILL: no shutdown hook, no flush, no close.

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'kidneydesk.js');
const READY_TIMEOUT_MS = 30_000;

export interface ServerSettings {
  readonly dataDir: string;
  /** PostgreSQL URL; undefined: SQLite under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly port: number;
}

export interface RunningServer {
  readonly baseUrl: string;
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
  /** The last lines the server wrote (for a failure report). */
  tail(): string;
}

/** A TCP port that is free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `node bin/kidneydesk.js serve` with only the settings the test chooses (no inherited
 * DATABASE_URL, SMTP_URL or .env: the working directory is the data directory) and resolves
 * once GET /readyz answers 200.
 */
export async function startServer(settings: ServerSettings): Promise<RunningServer> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? settings.dataDir,
    DATA_DIR: settings.dataDir,
    HOST: '127.0.0.1',
    PORT: String(settings.port),
    LOG_LEVEL: 'warn',
    FORM_MIN_FILL_SECONDS: '0',
    ASK_RATE_PER_HOUR: '0',
    ASK_RATE_PER_DAY: '0',
    MAIL_POLL_SECONDS: '1',
    ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
  };
  const child = spawn(process.execPath, ['--max-semi-space-size=4', BIN, 'serve'], { cwd: settings.dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit');
  const baseUrl = `http://127.0.0.1:${settings.port}`;
  const server: RunningServer = {
    baseUrl,
    kill: () => killProcess(child, exited),
    tail: () => lines.join('\n'),
  };
  try {
    await waitReady(baseUrl, child);
  } catch (error) {
    await server.kill();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${server.tail()}`);
  }
  return server;
}

async function waitReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

async function killProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}
