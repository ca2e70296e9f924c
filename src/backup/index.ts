export { BACKUP_USAGE, runBackupCommand } from './backup.cli.ts';
export { createBackup, type BackupOptions, type BackupSummary } from './backup.ts';
export { restoreBackup, verifyBackup, type RestoreOptions, type RestoreSummary } from './restore.ts';
export { readArchive, ARCHIVE_FORMAT_VERSION } from './archive-format.ts';
export { BackupError, type BackupErrorCode } from './backup-error.ts';
export type { BackupManifest } from './backup-manifest.ts';
