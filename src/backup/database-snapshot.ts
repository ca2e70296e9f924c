import { existsSync } from 'node:fs';
import path from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { DatabaseKind } from '../db/index.ts';
import { BackupError } from './backup-error.ts';
import { assertPgToolAvailable, pgDump } from './postgres-tools.ts';

/**
 * A consistent copy of the live database, taken while the server keeps running, and what the
 * backup needs to know about that copy: its migrations, the report files it refers to and counts.
 * Everything is read from the copy (or, on PostgreSQL, inside the snapshot pg_dump uses), so the
 * file list matches the data exactly.
 */

export const SQLITE_FILE = 'kidneydesk.sqlite';
export const SQLITE_ENTRY = `database/${SQLITE_FILE}`;
export const POSTGRES_ENTRY = 'database/postgres.dump';

export interface BackupCounts {
  readonly articles: number;
  readonly consultations: number;
  readonly messages: number;
  readonly files: number;
  readonly staff: number;
  readonly auditRows: number;
}

export interface DatabaseSnapshot {
  readonly kind: DatabaseKind;
  readonly entryName: string;
  /** The local file holding the copy (inside the caller's work directory). */
  readonly file: string;
  readonly migrations: string[];
  /** Blob ids of every consultation file row. */
  readonly fileIds: string[];
  readonly counts: BackupCounts;
}

const COUNTED: Readonly<Record<keyof BackupCounts, string>> = {
  articles: 'articles', consultations: 'consultations', messages: 'consultation_messages',
  files: 'consultation_files', staff: 'staff', auditRows: 'audit_log',
};

/** Reads the same facts from either database, through a minimal query function. */
interface Reader {
  rows(sql: string): Promise<Record<string, unknown>[]>;
  hasTable(name: string): Promise<boolean>;
}

async function describeDatabase(reader: Reader): Promise<Pick<DatabaseSnapshot, 'migrations' | 'fileIds' | 'counts'>> {
  const migrations = await reader.hasTable('kysely_migration')
    ? (await reader.rows('SELECT name FROM kysely_migration ORDER BY name')).map((r) => String(r.name))
    : [];
  const fileIds = await reader.hasTable('consultation_files')
    ? (await reader.rows('SELECT id FROM consultation_files ORDER BY id')).map((r) => String(r.id))
    : [];
  const counts: Record<string, number> = {};
  for (const [key, table] of Object.entries(COUNTED)) {
    counts[key] = await reader.hasTable(table) ? Number((await reader.rows(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n ?? 0) : 0;
  }
  return { migrations, fileIds, counts: counts as unknown as BackupCounts };
}

/**
 * Copies the SQLite database with SQLite's online backup on a connection of its own, in a single
 * step of up to 2e9 pages (so a concurrent writer cannot make it restart), then checks and describes the copy.
 */
export async function snapshotSqlite(dataDir: string, workDir: string): Promise<DatabaseSnapshot> {
  const live = path.join(dataDir, SQLITE_FILE);
  if (!existsSync(live)) throw new BackupError('DATABASE_MISSING', `there is no database at ${live}: nothing to back up`);
  const file = path.join(workDir, SQLITE_FILE);
  const source = new DatabaseSync(live, { timeout: 5000 });
  try {
    await backup(source, file, { rate: 2_000_000_000 });
  } finally {
    source.close();
  }
  const copy = new DatabaseSync(file);
  try {
    // A single self-contained file: no -wal beside it once closed.
    copy.exec('PRAGMA journal_mode = DELETE');
    const check = copy.prepare('PRAGMA quick_check').all().map((r) => String(Object.values(r)[0]));
    if (check.join() !== 'ok') throw new BackupError('DATABASE_MISSING', `the database copy failed SQLite's quick_check: ${check.slice(0, 3).join('; ')}`);
    const reader: Reader = {
      rows: async (sql) => copy.prepare(sql).all() as Record<string, unknown>[],
      hasTable: async (name) => copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined,
    };
    return { kind: 'sqlite', entryName: SQLITE_ENTRY, file, ...await describeDatabase(reader) };
  } finally {
    copy.close();
  }
}

/**
 * Dumps PostgreSQL with pg_dump inside a snapshot exported by a repeatable-read transaction, and
 * describes the database from that same transaction.
 */
export async function snapshotPostgres(url: string, workDir: string): Promise<DatabaseSnapshot> {
  assertPgToolAvailable('pg_dump');
  const file = path.join(workDir, 'postgres.dump');
  const client = new pg.Client({ connectionString: url, application_name: 'kidneydesk-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = String((await client.query('SELECT pg_export_snapshot() AS id')).rows[0].id);
    const reader: Reader = {
      rows: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
      hasTable: async (name) => (await client.query('SELECT to_regclass($1) AS t', [name])).rows[0].t !== null,
    };
    const described = await describeDatabase(reader);
    // The exporting transaction stays open until pg_dump has finished with the snapshot.
    await pgDump(url, file, snapshot);
    await client.query('COMMIT');
    return { kind: 'postgres', entryName: POSTGRES_ENTRY, file, ...described };
  } finally {
    await client.end();
  }
}
