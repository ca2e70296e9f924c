import { sql, type Kysely } from 'kysely';
import { databaseKind, quoteIdent } from './create-database.ts';

// After health data is deleted (a retention purge, a patient's erasure), the bytes must not stay
// readable in the database's own files.
//
// SQLite: `secure_delete` (sqlite-database.ts) overwrites deleted cells and freed pages with
// zeros, but the page images from before the delete, and the zeroed ones, sit in the WAL until a
// checkpoint; a TRUNCATE checkpoint copies them into the database file and cuts the WAL to zero
// bytes. The -shm file holds only the WAL's page index, never row content.
//
// PostgreSQL: a deleted row disappears from every query at commit, but its bytes stay in the table
// files until VACUUM frees the space and later writes reuse it, in the server's WAL segments until
// they are recycled, and in base backups and WAL archives until those expire. The application can
// only run VACUUM (never inside a transaction, so here on its own); the rest is up to how long the
// operator keeps WAL archives and backups.

export interface CompactionResult {
  readonly kind: 'sqlite' | 'postgres';
  /** SQLite: the WAL was fully checkpointed and truncated. PostgreSQL: VACUUM ran. */
  readonly complete: boolean;
}

/**
 * Makes deleted rows' bytes unreachable in the database files as far as the database allows:
 * SQLite checkpoints and truncates the WAL; PostgreSQL vacuums `tables`. Call it after the
 * deleting transaction has committed, never inside one.
 */
export async function compactAfterErase(db: Kysely<any>, tables: readonly string[]): Promise<CompactionResult> {
  if (databaseKind(db) === 'sqlite') {
    const result = await sql<{ busy: number; log: number; checkpointed: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    const row = result.rows[0];
    // busy = 1: a reader (a backup, another process) held an old snapshot; the next run finishes it.
    return { kind: 'sqlite', complete: row !== undefined && Number(row.busy) === 0 };
  }
  if (tables.length === 0) return { kind: 'postgres', complete: true };
  await sql.raw(`VACUUM ${tables.map((t) => quoteIdent(t)).join(', ')}`).execute(db);
  return { kind: 'postgres', complete: true };
}
