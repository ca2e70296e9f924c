import path from 'node:path';
import { loadConfig, readEnvFile, type Config } from './config/index.ts';
import { createDatabase, migrateToLatest, type DatabaseHandle } from './db/index.ts';
import type { Database } from './database.ts';
import type { AppContext } from './context.ts';
import { PageCache } from './web/page-cache.ts';
import { createHmac } from 'node:crypto';
import { createFileStore, loadOrCreateMasterKey } from './storage/index.ts';
import { SubmissionLimiter } from './platform/form-guard.ts';

/** Reads `.env` (if any) under the real environment and validates the result. */
export function configFromEnvironment(cwd: string = process.cwd()): Config {
  const fileEnv = readEnvFile(path.join(cwd, '.env'));
  return loadConfig({ ...fileEnv, ...process.env }, { cwd });
}

/** Opens the configured database (SQLite under DATA_DIR unless DATABASE_URL is set). */
export function openDatabase(config: Config, overrides: { schema?: string } = {}): DatabaseHandle<Database> {
  return createDatabase<Database>({
    url: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'kidneydesk.sqlite'),
    schema: overrides.schema,
  });
}

/** Opens and migrates the database and assembles the shared context the app and the CLI use. */
export async function openContext(config: Config, options: { now?: () => Date; schema?: string } = {}): Promise<{ ctx: AppContext; handle: DatabaseHandle<Database>; applied: string[] }> {
  const handle = openDatabase(config, { schema: options.schema });
  let applied: string[];
  try {
    applied = await migrateToLatest(handle.db, options.schema);
  } catch (error) {
    await handle.close();
    throw error;
  }
  let masterKey;
  try {
    masterKey = (await loadOrCreateMasterKey({ configuredKey: config.masterKey, dataDir: config.dataDir })).key;
  } catch (error) {
    await handle.close();
    throw error;
  }
  const ctx: AppContext = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    site: { name: config.clinicName, baseUrl: config.baseUrl, emergencyNumber: config.emergencyNumber },
    pageCache: new PageCache(config.pageCacheEntries),
    now: options.now ?? (() => new Date()),
    files: createFileStore({ root: path.join(config.dataDir, 'files'), masterKey }),
    formSecret: createHmac('sha256', masterKey).update('kidneydesk form stamps').digest(),
    staffSecret: createHmac('sha256', masterKey).update('kidneydesk staff secrets').digest(),
    formLimiter: new SubmissionLimiter({ perHour: config.askRatePerHour, perDay: config.askRatePerDay }),
  };
  return { ctx, handle, applied };
}
