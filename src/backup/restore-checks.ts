import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { Config } from '../config/index.ts';
import { MASTER_KEY_FILE, masterKeyId, parseMasterKey } from '../storage/index.ts';
import { BackupError } from './backup-error.ts';
import type { BackupManifest } from './backup-manifest.ts';
import { SQLITE_FILE } from './database-snapshot.ts';

/** The checks a restore makes on its target before it writes anything. */

/**
 * Refuses a restore whose report files could not be read afterwards: the archive's master key
 * must be in the archive, or be MASTER_KEY, or be the key file already in DATA_DIR.
 * Returns whether the archive's key file should be put in place.
 */
export function checkMasterKey(config: Config, manifest: BackupManifest): { placeKeyFile: boolean } {
  const wanted = manifest.masterKey.id;
  const configured = config.masterKey !== undefined ? masterKeyId(parseMasterKey(config.masterKey, 'MASTER_KEY')) : null;
  if (configured !== null) {
    if (wanted !== null && configured !== wanted) {
      throw new BackupError('KEY_MISMATCH', `MASTER_KEY (key id ${configured}) is not the key this backup's report files are encrypted with (key id ${wanted}). ${manifest.masterKey.included ? 'Unset MASTER_KEY to use the key file in the backup, or set it to that key.' : 'Set MASTER_KEY to that key.'}`);
    }
    return { placeKeyFile: false };
  }
  if (wanted === null || manifest.masterKey.included) return { placeKeyFile: manifest.masterKey.included };
  const keyPath = path.join(config.dataDir, MASTER_KEY_FILE);
  const present = existsSync(keyPath) ? masterKeyId(parseMasterKey(readFileSync(keyPath, 'utf8'), keyPath)) : null;
  if (present !== wanted) {
    throw new BackupError('KEY_MISSING', `this backup does not contain its master key (key id ${wanted}${manifest.masterKey.source === 'environment' ? ', it came from MASTER_KEY' : ''}). Set MASTER_KEY to that key${present === null ? '' : ` (${keyPath} holds key id ${present})`}, then run the restore again.`);
  }
  return { placeKeyFile: false };
}

/** Whether DATA_DIR (and, on PostgreSQL, the database) already holds KidneyDesk data. */
export async function targetHoldsData(config: Config): Promise<boolean> {
  const blobs = path.join(config.dataDir, 'files', 'blobs');
  if (existsSync(blobs) && readdirSync(blobs).length > 0) return true;
  if (!config.databaseUrl) return existsSync(path.join(config.dataDir, SQLITE_FILE));
  return withClient(config.databaseUrl, async (client) =>
    (await client.query("SELECT to_regclass('kysely_migration') AS t")).rows[0].t !== null);
}

/**
 * Refuses while another process uses the database: on SQLite, every open connection holds a
 * shared lock, so taking an exclusive one fails; on PostgreSQL, a server shows in pg_stat_activity.
 */
export async function assertNotInUse(config: Config): Promise<void> {
  const inUse = 'the database is in use (is a KidneyDesk server running?). Stop every server and CLI using this DATA_DIR/database, then run the restore again';
  if (config.databaseUrl) {
    const others = await withClient(config.databaseUrl, async (client) => Number((await client.query(
      "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kidneydesk' AND pid <> pg_backend_pid()",
    )).rows[0].n));
    if (others > 0) throw new BackupError('TARGET_IN_USE', `${inUse} (${others} connection(s))`);
    return;
  }
  const file = path.join(config.dataDir, SQLITE_FILE);
  if (!existsSync(file)) return;
  const db = new DatabaseSync(file, { timeout: 200 });
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (error) {
    if (/locked|busy/i.test(error instanceof Error ? error.message : '')) throw new BackupError('TARGET_IN_USE', inUse);
    throw error;
  } finally {
    db.close();
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'kidneydesk-restore' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
