import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Adapts `node:sqlite` to the small interface Kysely's SqliteDialect expects.
 * Booleans become 0/1 and Dates ISO strings, since node:sqlite binds neither.
 */
export function openSqlite(file: string): { database: SqliteDatabase; raw: DatabaseSync } {
  const raw = new DatabaseSync(file, { timeout: 5000 });
  // WAL lets readers continue during a write; synchronous=FULL makes every commit durable
  // across power loss and SIGKILL (a patient told "received" must never lose the case).
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = FULL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  raw.exec('PRAGMA trusted_schema = OFF');
  // Deleted rows (a purged consultation, an emptied mail body) are overwritten with zeros instead
  // of lingering in free space. Deletes are rare here, so the extra writes cost little; see
  // db/erase-compaction.ts for the WAL side.
  raw.exec('PRAGMA secure_delete = ON');
  // Reads (search above all) go through memory-mapped pages and a 32 MB page cache instead of a
  // read() system call per page; writes still go through the WAL.
  raw.exec('PRAGMA mmap_size = 268435456');
  raw.exec('PRAGMA cache_size = -32000');
  const cache = new Map<string, StatementSync>();
  const database: SqliteDatabase = {
    close: () => {
      cache.clear();
      if (raw.isOpen) raw.close();
    },
    prepare: (sql) => {
      let statement = cache.get(sql);
      if (!statement) {
        statement = raw.prepare(sql);
        if (cache.size > 500) cache.clear();
        cache.set(sql, statement);
      }
      return wrapStatement(statement);
    },
  };
  return { database, raw };
}

function wrapStatement(statement: StatementSync): SqliteStatement {
  return {
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...bind(parameters)),
    run: (parameters) => statement.run(...bind(parameters)),
    iterate: (parameters) => statement.iterate(...bind(parameters)),
  };
}

function bind(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map((value) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    if (value === undefined) return null;
    return value as SQLInputValue;
  });
}
