import { after, before } from 'node:test';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { createTemporaryDatabase, type DatabaseKind, type TemporaryDatabase } from '../src/db/index.ts';
import { POSTGRES_URL } from './databases.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'kidneydesk.js');

export interface CliHarness {
  /** Runs `kidneydesk <args>` as an operator would, against this suite's own database. */
  run(...args: string[]): SpawnSyncReturns<string>;
  dataDir(): string;
  databaseUrl(): string | undefined;
}

/** A temporary database for one suite (made before, dropped after) and a way to run the CLI on it. */
export function useCliDatabase(kind: DatabaseKind, prefix: string, env: Record<string, string> = {}): CliHarness {
  let temp: TemporaryDatabase | undefined;
  before(async () => { temp = await createTemporaryDatabase(kind, POSTGRES_URL, prefix); });
  after(async () => { await temp?.drop(); });
  const current = (): TemporaryDatabase => {
    if (!temp) throw new Error('the suite database is not ready');
    return temp;
  };
  return {
    run: (...args) => spawnSync(process.execPath, [BIN, ...args], {
      cwd: current().dataDir,
      env: {
        PATH: process.env.PATH, DATA_DIR: current().dataDir, LOG_LEVEL: 'silent', ...env,
        ...(current().url ? { DATABASE_URL: current().url! } : {}),
      },
      encoding: 'utf8',
      timeout: 60_000,
    }),
    dataDir: () => current().dataDir,
    databaseUrl: () => current().url,
  };
}
