import { describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config/index.ts';
import { openContext } from '../src/runtime.ts';
import type { AppContext } from '../src/context.ts';
import type { DatabaseKind } from '../src/db/index.ts';

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
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kd-test-'));
  let schema: string | undefined;
  if (kind === 'postgres') {
    if (!POSTGRES_URL) throw new Error('TEST_DATABASE_URL is not set');
    schema = `kd_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE SCHEMA "${schema}"`);
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://kidneydesk.test',
    ...(kind === 'postgres' ? { DATABASE_URL: POSTGRES_URL! } : {}),
    ...options.env,
  });
  const { ctx, handle } = await openContext(config, { schema, now: options.now });
  return {
    kind, ctx, config, dataDir,
    close: async () => {
      await handle.close();
      if (schema) await adminQuery(`DROP SCHEMA "${schema}" CASCADE`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
