import { existsSync, readFileSync } from 'node:fs';
import { link, mkdtemp, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/index.ts';
import { fsyncDirectory, loadOrCreateMasterKey, MASTER_KEY_FILE, masterKeyId, parseMasterKey } from '../storage/index.ts';
import { createArchiveWriter } from './archive-format.ts';
import { BackupError } from './backup-error.ts';
import { blobEntryName, KEY_ENTRY, type BackupManifest } from './backup-manifest.ts';
import { snapshotPostgres, snapshotSqlite, type BackupCounts, type DatabaseSnapshot } from './database-snapshot.ts';

export interface BackupOptions {
  /** Replace an existing archive at `file`. */
  readonly force: boolean;
  /** Leave the master key file out even when it lives in DATA_DIR (keep it elsewhere). */
  readonly withoutKey: boolean;
  readonly now?: () => Date;
}

export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  readonly database: DatabaseSnapshot['kind'];
  readonly counts: BackupCounts;
  readonly blobs: number;
  readonly masterKey: BackupManifest['masterKey'];
  readonly durationMs: number;
}

/** The app version recorded in each manifest. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/**
 * Writes one archive holding a consistent copy of the database, every report blob it refers to
 * and (unless the key comes from the environment or `withoutKey`) the master key file. It is
 * written to `<file>.part` (mode 0600), fsynced and renamed into place; safe while the server runs.
 */
export async function createBackup(config: Config, file: string, options: BackupOptions): Promise<BackupSummary> {
  const started = performance.now();
  const target = path.resolve(file);
  const part = `${target}.part`;
  if (!options.force && existsSync(target)) throw new BackupError('ARCHIVE_EXISTS', `${target} already exists; pass --force to replace it`);
  if (existsSync(part)) throw new BackupError('ARCHIVE_EXISTS', `${part} exists: another backup may be writing it. Remove it if none is.`);
  const key = await masterKeyFacts(config, options.withoutKey);

  const workDir = await mkdtemp(path.join(path.dirname(target), '.kidneydesk-backup-'));
  let partCreated = false;
  try {
    const snapshot = config.databaseUrl ? await snapshotPostgres(config.databaseUrl, workDir) : await snapshotSqlite(config.dataDir, workDir);
    if (snapshot.fileIds.length > 0 && key.id === null) {
      throw new BackupError('KEY_MISSING', `the database refers to ${snapshot.fileIds.length} report file(s) but there is no master key (no MASTER_KEY and no ${MASTER_KEY_FILE} in DATA_DIR)`);
    }
    const blobsDir = path.join(config.dataDir, 'files', 'blobs');
    const blobPath = (id: string) => path.join(blobsDir, id.slice(0, 2), id);
    const missing = snapshot.fileIds.filter((id) => !existsSync(blobPath(id)));
    if (missing.length > 0) {
      throw new BackupError('BLOB_MISSING', `${missing.length} report file(s) referenced by the database are missing from ${blobsDir}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
    }

    const writer = await createArchiveWriter(part);
    partCreated = true;
    try {
      await writer.addFile(snapshot.entryName, snapshot.file);
      for (const id of snapshot.fileIds) {
        try {
          await writer.addFile(blobEntryName(id), blobPath(id));
        } catch (error) {
          if ((error as { code?: string }).code === 'ENOENT') throw new BackupError('BLOB_MISSING', `the report file ${id} disappeared while the backup was written`);
          throw error;
        }
      }
      if (key.file) await writer.addBuffer(KEY_ENTRY, key.file);
      const masterKey = { id: key.id, included: key.file !== null, source: key.source };
      const { bytes } = await writer.finish((entries): BackupManifest => ({
        format: 'kidneydesk-backup', formatVersion: 1, createdAt: (options.now ?? (() => new Date()))().toISOString(), appVersion: appVersion(),
        database: snapshot.kind, migrations: snapshot.migrations, counts: snapshot.counts, masterKey, entries,
      }));
      await placeArchive(part, target, options.force);
      partCreated = false;
      return {
        file: target, bytes, database: snapshot.kind, counts: snapshot.counts, blobs: snapshot.fileIds.length, masterKey,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  } finally {
    if (partCreated) await rm(part, { force: true });
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Renames the finished archive into place; without `force`, link() makes "never overwrite" atomic. */
async function placeArchive(part: string, target: string, force: boolean): Promise<void> {
  if (force) {
    await rename(part, target);
  } else {
    try {
      await link(part, target);
    } catch (error) {
      if ((error as { code?: string }).code === 'EEXIST') throw new BackupError('ARCHIVE_EXISTS', `${target} already exists; pass --force to replace it`);
      throw error;
    }
    await unlink(part);
  }
  await fsyncDirectory(path.dirname(target));
}

interface KeyFacts {
  readonly id: string | null;
  readonly source: BackupManifest['masterKey']['source'];
  /** The key file's bytes, when it goes into the archive. */
  readonly file: Buffer | null;
}

async function masterKeyFacts(config: Config, withoutKey: boolean): Promise<KeyFacts> {
  if (config.masterKey !== undefined) {
    return { id: masterKeyId(parseMasterKey(config.masterKey, 'MASTER_KEY')), source: 'environment', file: null };
  }
  const keyPath = path.join(config.dataDir, MASTER_KEY_FILE);
  if (!existsSync(keyPath)) return { id: null, source: 'none', file: null };
  // Loading checks the file's mode and contents as the server would.
  const loaded = await loadOrCreateMasterKey({ dataDir: config.dataDir });
  return { id: masterKeyId(loaded.key), source: 'file', file: withoutKey ? null : await readFile(keyPath) };
}
