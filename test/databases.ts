import { describe } from 'node:test';
import { loadConfig, type Config } from '../src/config/index.ts';
import { openContext } from '../src/runtime.ts';
import type { AppContext } from '../src/context.ts';
import { createTemporaryDatabase, type DatabaseKind } from '../src/db/index.ts';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL;

export interface TestEnv {
  readonly kind: DatabaseKind;
  readonly ctx: AppContext;
  readonly config: Config;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * Runs `body` once per database: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (reported as skipped otherwise, so a missing database is visible rather than silent).
 */
export function describeEachDatabase(title: string, body: (kind: DatabaseKind) => void): void {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  if (POSTGRES_URL) describe(`${title} [postgres]`, () => body('postgres'));
  else describe(`${title} [postgres]`, { skip: 'TEST_DATABASE_URL is not set' }, () => {});
}

/** A freshly migrated database of the given kind (its own temp dir; its own PostgreSQL schema, dropped on close). */
export async function createTestEnv(kind: DatabaseKind, options: { env?: Record<string, string>; now?: () => Date } = {}): Promise<TestEnv> {
  if (kind === 'postgres' && !POSTGRES_URL) throw new Error('TEST_DATABASE_URL is not set');
  const temp = await createTemporaryDatabase(kind, POSTGRES_URL, 'kd_test');
  const config = loadConfig({
    DATA_DIR: temp.dataDir,
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://kidneydesk.test',
    ...(temp.url ? { DATABASE_URL: temp.url } : {}),
    ...options.env,
  });
  const { ctx, handle } = await openContext(config, { now: options.now });
  return {
    kind, ctx, config, dataDir: temp.dataDir,
    close: async () => {
      await handle.close();
      await temp.drop();
    },
  };
}
