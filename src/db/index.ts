export { createDatabase, databaseKind, quoteIdent } from './create-database.ts';
export type { DatabaseHandle, DatabaseKind, DatabaseOptions } from './create-database.ts';
export { migrateToLatest, pendingMigrations } from './migrate.ts';
export { newId } from './ids.ts';
export { serializeWriters } from './transaction-lock.ts';
export { compactAfterErase, type CompactionResult } from './erase-compaction.ts';
export { createTemporaryDatabase, runAdminSql } from './temporary-database.ts';
export type { TemporaryDatabase } from './temporary-database.ts';
