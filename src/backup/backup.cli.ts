import { parseArgs } from 'node:util';
import type { Config } from '../config/index.ts';
import { createBackup } from './backup.ts';
import { BackupError } from './backup-error.ts';
import { restoreBackup, verifyBackup } from './restore.ts';
import type { BackupCounts } from './database-snapshot.ts';

export const BACKUP_USAGE = `  backup <file> [--force] [--without-key]
                        write the database, report files and master key file to one archive (mode 0600);
                        safe while the server runs; --without-key leaves DATA_DIR/master.key out
  restore <file> [--force] [--verify-only]
                        check an archive completely, then restore it into DATA_DIR (and the database);
                        stop the server first; --force replaces existing data (kept aside)
`;

export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs `backup` or `restore`; resolves to the exit code (1 on any failure, 2 on a usage error). */
export async function runBackupCommand(config: Config, command: 'backup' | 'restore', args: readonly string[], out: CliOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: {
      force: { type: 'boolean', default: false },
      'without-key': { type: 'boolean', default: false },
      'verify-only': { type: 'boolean', default: false },
    } });
  } catch (error) {
    out.stderr(`kidneydesk: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    out.stderr(`kidneydesk: ${command} needs exactly one archive file\n`);
    return 2;
  }
  if ((command === 'backup' && values['verify-only']) || (command === 'restore' && values['without-key'])) {
    out.stderr(`kidneydesk: ${command} does not take --${command === 'backup' ? 'verify-only' : 'without-key'}\n`);
    return 2;
  }
  try {
    if (command === 'backup') await backup(config, file, values.force ?? false, values['without-key'] ?? false, out);
    else if (values['verify-only']) out.stdout(`The archive is intact: ${describeCounts((await verifyBackup(file)).counts)}.\n`);
    else await restore(config, file, values.force ?? false, out);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    out.stderr(`kidneydesk ${command}: ${error.message}\n${command === 'restore' ? 'Nothing was changed.\n' : ''}`);
    return 1;
  }
}

async function backup(config: Config, file: string, force: boolean, withoutKey: boolean, out: CliOutput): Promise<void> {
  const summary = await createBackup(config, file, { force, withoutKey });
  out.stdout(`Backed up ${summary.database} to ${summary.file}\n`
    + `  ${describeCounts(summary.counts)}\n`
    + `  ${summary.blobs} report file(s), ${formatBytes(summary.bytes)}, ${summary.durationMs} ms\n`);
  const key = summary.masterKey;
  if (key.included) {
    out.stdout(`The archive contains the master key (id ${key.id}): anyone with it can read the reports. Keep it as safe as the key itself.\n`);
  } else if (key.source === 'environment') {
    out.stdout(`The master key is NOT in the archive: it comes from MASTER_KEY (key id ${key.id}). Keep MASTER_KEY; without it the reports in this backup cannot be read.\n`);
  } else if (key.id !== null) {
    out.stdout(`The master key is NOT in the archive (--without-key): keep ${'DATA_DIR/master.key'} (key id ${key.id}) separately; without it the reports cannot be read.\n`);
  }
}

async function restore(config: Config, file: string, force: boolean, out: CliOutput): Promise<void> {
  const summary = await restoreBackup(config, file, { force });
  const m = summary.manifest;
  out.stdout(`Restored the ${m.database} backup made ${m.createdAt} by KidneyDesk ${m.appVersion}\n`
    + `  ${describeCounts(m.counts)}\n`
    + `  ${summary.blobs} report file(s)${summary.keyRestored ? ', the master key file' : ''}, ${summary.durationMs} ms\n`
    + (summary.applied.length > 0 ? `  applied ${summary.applied.length} migration(s): ${summary.applied.join(', ')}\n` : '')
    + (summary.setAside ? `The previous data was moved to ${summary.setAside}; delete it once the restored site is checked.\n` : ''));
}

function describeCounts(c: BackupCounts): string {
  return `${c.articles} article(s), ${c.consultations} consultation(s), ${c.messages} message(s), ${c.files} file row(s), ${c.staff} staff account(s), ${c.auditRows} audit row(s)`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
