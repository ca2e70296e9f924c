import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseSync } from 'node:sqlite';
import { openSqlite } from './sqlite-database.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseHandle<DB> {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  /** The SQLite connection itself, for backups and file-level work; undefined on PostgreSQL. */
  readonly sqlite: DatabaseSync | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent, SQLite at `sqliteFile`. */
  readonly url?: string | undefined;
  readonly sqliteFile: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  readonly schema?: string | undefined;
  readonly poolSize?: number;
}

const INT8_OID = 20;

/** Opens the database: PostgreSQL when a URL is given, SQLite otherwise. */
export function createDatabase<DB>(options: DatabaseOptions): DatabaseHandle<DB> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      application_name: 'kidneydesk',
      ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
      types: {
        // Counts come back as int8; they always fit a JS number here.
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection closed by the server (restart, failover, admin command) is dropped and
    // replaced by the pool; without a listener pg would raise it as an uncaught exception.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', sqlite: undefined, close: () => db.destroy() };
  }
  if (options.sqliteFile !== ':memory:') mkdirSync(path.dirname(options.sqliteFile), { recursive: true });
  const { database, raw } = openSqlite(options.sqliteFile);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return {
    db, kind: 'sqlite', sqlite: raw,
    close: async () => {
      await db.destroy();
      database.close();
    },
  };
}

/** Which database a Kysely instance talks to; only db/ and search/ may branch on it. */
export function databaseKind(db: Kysely<any>): DatabaseKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}
