import { sql, type Transaction } from 'kysely';
import { databaseKind } from './create-database.ts';

/**
 * Makes writers that read-then-append (the audit chain) take turns until the transaction ends.
 * PostgreSQL: a transaction-scoped advisory lock named after `name`; under READ COMMITTED each
 * statement after it sees every row committed before the lock was granted. SQLite: nothing to do,
 * since Kysely runs one transaction at a time on the one connection, and across processes WAL
 * refuses to commit a write made from a stale snapshot (SQLITE_BUSY_SNAPSHOT) rather than fork.
 */
export async function serializeWriters<DB>(trx: Transaction<DB>, name: string): Promise<void> {
  if (databaseKind(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
}
