/** Why a backup or restore stopped; the CLI prints `message` and exits 1. Messages never hold health data or keys. */
export type BackupErrorCode =
  | 'ARCHIVE_UNREADABLE' | 'ARCHIVE_NOT_BACKUP' | 'ARCHIVE_VERSION' | 'ARCHIVE_CORRUPT' | 'ARCHIVE_TRUNCATED' | 'ARCHIVE_CHECKSUM'
  | 'ARCHIVE_EXISTS' | 'MANIFEST_INVALID' | 'MIGRATION_UNKNOWN' | 'DATABASE_KIND_MISMATCH' | 'DATABASE_MISSING'
  | 'BLOB_MISSING' | 'KEY_MISSING' | 'KEY_MISMATCH' | 'TARGET_NOT_EMPTY' | 'TARGET_IN_USE' | 'PG_TOOL_MISSING' | 'PG_TOOL_FAILED';

export class BackupError extends Error {
  readonly code: BackupErrorCode;

  constructor(code: BackupErrorCode, message: string) {
    super(message);
    this.name = 'BackupError';
    this.code = code;
  }
}
