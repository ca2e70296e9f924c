import type { Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from './migrations/index.ts';

// On PostgreSQL the migration tables must be looked up in the schema in use: Kysely's check
// for them otherwise sees the tables of any schema and can skip creating its own.
function migrator(db: Kysely<any>, schema: string | undefined): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Brings the schema up to date; returns the names applied. Throws with the failing migration named. */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db, schema).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations known to the code but not yet applied (empty when current). */
export async function pendingMigrations(db: Kysely<any>, schema?: string): Promise<string[]> {
  const all = await migrator(db, schema).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
