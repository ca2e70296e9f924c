import type { DatabaseKind } from '../db/index.ts';
import { migrations as knownMigrations } from '../db/migrations/index.ts';
import type { ArchiveEntry } from './archive-format.ts';
import { BackupError } from './backup-error.ts';
import { POSTGRES_ENTRY, SQLITE_ENTRY, type BackupCounts } from './database-snapshot.ts';

/** The manifest: what a backup holds and where it came from (the archive's last record). */
export interface BackupManifest {
  readonly format: 'kidneydesk-backup';
  readonly formatVersion: 1;
  readonly createdAt: string;
  readonly appVersion: string;
  readonly database: DatabaseKind;
  /** Names of the migrations applied to the backed-up database, in order. */
  readonly migrations: readonly string[];
  readonly counts: BackupCounts;
  readonly masterKey: {
    /** masterKeyId of the key that wraps the report files' keys; null when there was none. */
    readonly id: string | null;
    /** Whether the key file is in the archive (`key/master.key`). */
    readonly included: boolean;
    readonly source: 'environment' | 'file' | 'none';
  };
  readonly entries: readonly ArchiveEntry[];
}

export const KEY_ENTRY = 'key/master.key';
const BLOB_ENTRY = /^files\/blobs\/([0-9a-f]{2})\/([0-9a-f]{32})$/u;

/** The archive entry name of a blob (the same relative path it has under DATA_DIR). */
export function blobEntryName(id: string): string {
  return `files/blobs/${id.slice(0, 2)}/${id}`;
}

/** Whether an entry name is one a backup writes; nothing else is ever extracted (no paths from outside). */
export function isKnownEntryName(name: string, database: DatabaseKind): boolean {
  if (name === KEY_ENTRY) return true;
  if (name === (database === 'sqlite' ? SQLITE_ENTRY : POSTGRES_ENTRY)) return true;
  const blob = BLOB_ENTRY.exec(name);
  return blob !== null && blob[2]!.startsWith(blob[1]!);
}

/**
 * Checks a manifest read from an archive: its shape, that every entry is one we know, that the
 * database entry is present, and that this code knows every migration (a backup made by a newer
 * KidneyDesk is refused).
 */
export function validateManifest(raw: Record<string, unknown>): BackupManifest {
  const bad = (what: string): never => { throw new BackupError('MANIFEST_INVALID', `the backup's manifest is invalid: ${what}`); };
  if (raw.format !== 'kidneydesk-backup') bad('not a KidneyDesk backup manifest');
  if (raw.formatVersion !== 1) bad(`format version ${String(raw.formatVersion)} is not supported`);
  if (raw.database !== 'sqlite' && raw.database !== 'postgres') bad('unknown database kind');
  if (!Array.isArray(raw.migrations) || !raw.migrations.every((m) => typeof m === 'string')) bad('no migration list');
  const key = raw.masterKey as BackupManifest['masterKey'] | undefined;
  if (typeof key !== 'object' || key === null || typeof key.included !== 'boolean' || (key.id !== null && typeof key.id !== 'string')) bad('no master key record');
  if (typeof raw.counts !== 'object' || raw.counts === null) bad('no counts');
  const manifest = raw as unknown as BackupManifest;
  for (const entry of manifest.entries) {
    if (!isKnownEntryName(entry.name, manifest.database)) bad(`unexpected entry "${entry.name}"`);
  }
  const databaseEntry = manifest.database === 'sqlite' ? SQLITE_ENTRY : POSTGRES_ENTRY;
  if (!manifest.entries.some((e) => e.name === databaseEntry)) bad(`the database (${databaseEntry}) is missing`);
  if (manifest.masterKey.included !== manifest.entries.some((e) => e.name === KEY_ENTRY)) bad('the master key record does not match the entries');
  const unknown = manifest.migrations.filter((name) => !(name in knownMigrations));
  if (unknown.length > 0) {
    throw new BackupError('MIGRATION_UNKNOWN', `this backup was made by a newer KidneyDesk (${manifest.appVersion}): its database has migration(s) this version does not know: ${unknown.join(', ')}. Restore it with that version or later.`);
  }
  return manifest;
}
