export { createDatabase, databaseKind, quoteIdent } from './create-database.ts';
export type { DatabaseHandle, DatabaseKind, DatabaseOptions } from './create-database.ts';
export { migrateToLatest, pendingMigrations } from './migrate.ts';
export { newId } from './ids.ts';
