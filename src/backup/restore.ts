import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/index.ts';
import { createDatabase, migrateToLatest } from '../db/index.ts';
import { fsyncDirectory, MASTER_KEY_FILE } from '../storage/index.ts';
import { readArchive, type EntrySink } from './archive-format.ts';
import { BackupError } from './backup-error.ts';
import { isKnownEntryName, KEY_ENTRY, validateManifest, type BackupManifest } from './backup-manifest.ts';
import { POSTGRES_ENTRY, SQLITE_ENTRY, SQLITE_FILE } from './database-snapshot.ts';
import { pgRestore, assertPgToolAvailable } from './postgres-tools.ts';
import { assertNotInUse, checkMasterKey, targetHoldsData } from './restore-checks.ts';

export interface RestoreOptions {
  /** Replace data already in DATA_DIR / the database (the old files are kept aside). */
  readonly force: boolean;
}

export interface RestoreSummary {
  readonly manifest: BackupManifest;
  readonly blobs: number;
  /** Migrations applied after the restore (the backup came from an older version). */
  readonly applied: readonly string[];
  /** Where the previous DATA_DIR contents were moved, when there were any. */
  readonly setAside: string | null;
  readonly keyRestored: boolean;
  readonly durationMs: number;
}

/** Checks the archive completely, without writing anything; resolves to its manifest. */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  return validateManifest((await readArchive(path.resolve(file))).manifest);
}

/**
 * Restores an archive into the configured DATA_DIR (and database). The archive is verified in
 * full first; the contents are then extracted to a staging directory inside DATA_DIR (checked
 * again while extracted), the database is restored and migrated, and only then are the staged
 * files renamed into place. A failure before that point leaves the existing data as it was.
 */
export async function restoreBackup(config: Config, file: string, options: RestoreOptions): Promise<RestoreSummary> {
  const started = performance.now();
  const archive = path.resolve(file);
  const manifest = await verifyBackup(archive);
  const kind = config.databaseUrl ? 'postgres' : 'sqlite';
  if (manifest.database !== kind) {
    throw new BackupError('DATABASE_KIND_MISMATCH', `this is a ${manifest.database} backup but the configuration uses ${kind}${kind === 'postgres' ? ' (DATABASE_URL is set)' : ' (DATABASE_URL is not set)'}`);
  }
  const { placeKeyFile } = checkMasterKey(config, manifest);
  if (kind === 'postgres') assertPgToolAvailable('pg_restore');
  if (!options.force && await targetHoldsData(config)) {
    throw new BackupError('TARGET_NOT_EMPTY', `${kind === 'sqlite' ? config.dataDir : 'the database or DATA_DIR'} already holds KidneyDesk data; pass --force to replace it (the old files are kept aside)`);
  }
  await assertNotInUse(config);

  const createdDataDir = !existsSync(config.dataDir);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(path.join(config.dataDir, '.restore-'));
  try {
    await readArchive(archive, (name) => stagedSink(staging, name, manifest));
    const applied = kind === 'sqlite'
      ? await migrateSqlite(path.join(staging, SQLITE_FILE))
      : await restorePostgres(config.databaseUrl!, path.join(staging, 'postgres.dump'));
    if (kind === 'sqlite') await assertNotInUse(config);
    const setAside = await swapIntoPlace(config.dataDir, staging, { sqlite: kind === 'sqlite', keyFile: placeKeyFile });
    return {
      manifest, blobs: manifest.entries.filter((e) => e.name.startsWith('files/')).length, applied, setAside,
      keyRestored: placeKeyFile, durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (createdDataDir) await rm(config.dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Where an entry goes in the staging directory: the same relative layout as DATA_DIR. */
async function stagedSink(staging: string, name: string, manifest: BackupManifest): Promise<EntrySink> {
  if (!isKnownEntryName(name, manifest.database)) throw new BackupError('ARCHIVE_CORRUPT', `unexpected entry "${name}"`);
  const relative = name === SQLITE_ENTRY ? SQLITE_FILE
    : name === POSTGRES_ENTRY ? 'postgres.dump'
      : name === KEY_ENTRY ? MASTER_KEY_FILE
        : name;
  const target = path.join(staging, relative);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const handle = await open(target, 'wx', 0o600);
  let position = 0;
  return {
    async write(chunk) {
      await handle.write(chunk, 0, chunk.length, position);
      position += chunk.length;
    },
    async close() {
      await handle.sync();
      await handle.close();
    },
  };
}

async function migrateSqlite(file: string): Promise<string[]> {
  const handle = createDatabase({ sqliteFile: file });
  try {
    return await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

async function restorePostgres(url: string, dump: string): Promise<string[]> {
  await pgRestore(url, dump);
  const handle = createDatabase({ url, sqliteFile: ':memory:' });
  try {
    return await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * Moves the current database file(s), blobs and (when replaced) key file into
 * `DATA_DIR/pre-restore-<time>/`, then renames the staged ones into place.
 */
async function swapIntoPlace(dataDir: string, staging: string, what: { sqlite: boolean; keyFile: boolean }): Promise<string | null> {
  const names = [
    ...(what.sqlite ? [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`] : []),
    path.join('files', 'blobs'),
    ...(what.keyFile ? [MASTER_KEY_FILE] : []),
  ];
  const aside = path.join(dataDir, `pre-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  let movedAside = false;
  for (const name of names) {
    if (!existsSync(path.join(dataDir, name))) continue;
    await mkdir(path.dirname(path.join(aside, name)), { recursive: true, mode: 0o700 });
    await rename(path.join(dataDir, name), path.join(aside, name));
    movedAside = true;
  }
  await mkdir(path.join(dataDir, 'files'), { recursive: true, mode: 0o700 });
  const stagedBlobs = path.join(staging, 'files', 'blobs');
  if (!existsSync(stagedBlobs)) await mkdir(stagedBlobs, { recursive: true, mode: 0o700 });
  await rename(stagedBlobs, path.join(dataDir, 'files', 'blobs'));
  if (what.keyFile) await rename(path.join(staging, MASTER_KEY_FILE), path.join(dataDir, MASTER_KEY_FILE));
  // The database last: a server that sees it finds its files and key already there.
  if (what.sqlite) await rename(path.join(staging, SQLITE_FILE), path.join(dataDir, SQLITE_FILE));
  await fsyncDirectory(path.join(dataDir, 'files'));
  await fsyncDirectory(dataDir);
  return movedAside ? aside : null;
}
