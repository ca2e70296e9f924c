import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseKind } from './create-database.ts';

export interface TemporaryDatabase {
  readonly dataDir: string;
  /** PostgreSQL URL when kind is postgres (its own database). */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A throw-away place for a database: a temp directory for SQLite, or a fresh PostgreSQL
 * database created beside the given one, dropped again by `drop()`. Used by tests, evaluations
 * and benchmarks. (A database rather than a schema: Kysely's migrator inspects the tables of
 * every schema it can see, which races with other test runs dropping theirs.)
 */
export async function createTemporaryDatabase(kind: DatabaseKind, postgresUrl: string | undefined, prefix = 'kd'): Promise<TemporaryDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  if (kind === 'sqlite') {
    return { dataDir, url: undefined, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (!postgresUrl) throw new Error('a PostgreSQL URL is needed (set TEST_DATABASE_URL or DATABASE_URL)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await runAdminSql(postgresUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    dataDir, url: url.toString(),
    drop: async () => {
      await runAdminSql(postgresUrl, `DROP DATABASE "${name}" WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one administrative statement (CREATE/DROP SCHEMA or DATABASE) on its own connection. */
export async function runAdminSql(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
