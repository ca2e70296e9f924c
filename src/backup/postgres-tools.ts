import { spawn, spawnSync } from 'node:child_process';
import { BackupError } from './backup-error.ts';

/**
 * pg_dump and pg_restore, run as child processes. The password travels in PGPASSWORD, never on
 * the command line (where `ps` would show it).
 */

const README_HINT = 'Install the PostgreSQL client tools (Debian: apt-get install postgresql-client) or follow "Backup and restore" in README.md.';

/** Throws PG_TOOL_MISSING unless `tool` runs from PATH. */
export function assertPgToolAvailable(tool: 'pg_dump' | 'pg_restore'): void {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new BackupError('PG_TOOL_MISSING', `${tool} was not found on PATH, so a PostgreSQL database cannot be ${tool === 'pg_dump' ? 'backed up' : 'restored'} by this command. ${README_HINT}`);
  }
}

/** The URL without its password, and the environment that supplies the password instead. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(tool: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => { if (stderr.length < 8000) stderr += text; });
    child.on('error', (error) => reject(new BackupError('PG_TOOL_MISSING', `${tool}: ${error.message}. ${README_HINT}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError('PG_TOOL_FAILED', `${tool} failed (exit ${code}): ${stderr.trim() || 'no message'}`));
    });
  });
}

/** Dumps the database (in the exported `snapshot`, when given) to `file` in pg_dump's custom format. */
export async function pgDump(url: string, file: string, snapshot?: string): Promise<void> {
  const { dbname, env } = connection(url);
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, ...(snapshot ? [`--snapshot=${snapshot}`] : []), `--dbname=${dbname}`], env);
}

/** Restores a custom-format dump in one transaction, dropping the objects it holds first: all or nothing. */
export async function pgRestore(url: string, file: string): Promise<void> {
  const { dbname, env } = connection(url);
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file], env);
}
