import { parseArgs } from 'node:util';
import path from 'node:path';
import { ConfigError } from './config/index.ts';
import { configFromEnvironment, openContext } from './runtime.ts';
import { serve } from './main.ts';
import { exportArticlesToDir, importArticlesFromDir, reindexArticles } from './articles/index.ts';
import { runStaffCommand, STAFF_USAGE } from './staff/index.ts';
import { BACKUP_USAGE, runBackupCommand } from './backup/index.ts';
import { closeIdleAnsweredConsultations, purgeExpiredConsultations } from './consultations/index.ts';
import { purgeExpiredContactMessages } from './contact/index.ts';

const USAGE = `Usage: kidneydesk <command> [options]

Commands:
  serve                 migrate, load sample articles into an empty database, and serve the site
  migrate               bring the database schema up to date
  import <dir> [--sample]
                        import Markdown articles (upsert by slug); --sample marks them as sample content
  export <dir>          write every article as a Markdown file with front matter
  reindex               rebuild the search index from the published articles
  purge [--dry-run]     delete consultations closed, and contact messages received, RETENTION_DAYS ago now (the server does it daily);
                        --dry-run only counts them
${STAFF_USAGE}${BACKUP_USAGE}  help                  show this message
`;

/** Runs one command; resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  const config = configFromEnvironment();
  switch (command) {
    case 'serve':
      await serve(config);
      return 0;
    case 'migrate': {
      const { handle, applied } = await openContext(config);
      await handle.close();
      process.stdout.write(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}\n`).join('')}` : 'The database is up to date.\n');
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: { sample: { type: 'boolean', default: false } } });
      const dir = positionals[0];
      if (!dir) return usageError('import needs a directory');
      const { ctx, handle } = await openContext(config);
      try {
        const report = await importArticlesFromDir(ctx, path.resolve(dir), {
          sample: values.sample,
          onProgress: (done, total, file) => process.stderr.write(`\r[${done}/${total}] ${file}`.padEnd(70)),
        });
        process.stderr.write('\n');
        for (const problem of report.problems) process.stderr.write(`${problem.file}:${problem.line}: ${problem.message}\n`);
        process.stdout.write(`Imported ${report.created} new and ${report.updated} updated article(s); ${report.failedFiles} file(s) failed.\n`);
        return report.failedFiles > 0 ? 1 : 0;
      } finally {
        await handle.close();
      }
    }
    case 'export': {
      const dir = rest[0];
      if (!dir) return usageError('export needs a directory');
      const { ctx, handle } = await openContext(config);
      try {
        const count = await exportArticlesToDir(ctx, path.resolve(dir));
        process.stdout.write(`Exported ${count} article(s) to ${path.resolve(dir)}\n`);
        return 0;
      } finally {
        await handle.close();
      }
    }
    case 'reindex': {
      const { ctx, handle } = await openContext(config);
      try {
        const started = performance.now();
        const count = await reindexArticles(ctx.db, (done, total) => process.stderr.write(`\r[${done}/${total}] indexed`));
        process.stderr.write('\n');
        process.stdout.write(`Indexed ${count} published article(s) in ${Math.round(performance.now() - started)} ms.\n`);
        return 0;
      } finally {
        await handle.close();
      }
    }
    case 'purge': {
      const { values } = parseArgs({ args: [...rest], options: { 'dry-run': { type: 'boolean', default: false } } });
      const { ctx, handle } = await openContext(config);
      try {
        const autoClosed = await closeIdleAnsweredConsultations(ctx, { dryRun: values['dry-run'] });
        process.stdout.write(`${values['dry-run'] ? 'Would close' : 'Closed'} ${autoClosed} answered consultation(s) idle for AUTO_CLOSE_DAYS=${config.autoCloseDays}.\n`);
        const r = await purgeExpiredConsultations(ctx, { dryRun: values['dry-run'] });
        const what = `${r.consultations} consultation(s) closed on or before ${r.cutoff} (RETENTION_DAYS=${config.retentionDays}), with ${r.files} report file(s) and ${r.mails} message(s) in the outbox`;
        process.stdout.write(r.dryRun ? `Would delete ${what}.\n` : `Deleted ${what}.\n`);
        if (r.filesLeft > 0) process.stdout.write(`${r.filesLeft} report file(s) could not be removed now; the server's orphan sweep removes them.\n`);
        const c = await purgeExpiredContactMessages(ctx, { dryRun: values['dry-run'] });
        const messages = `${c.messages} contact message(s) received before ${c.cutoff}`;
        process.stdout.write(c.dryRun ? `Would delete ${messages}.\n` : `Deleted ${messages}, with ${c.mails} message(s) in the outbox.\n`);
        return 0;
      } finally {
        await handle.close();
      }
    }
    case 'create-staff':
    case 'audit': {
      const { ctx, handle } = await openContext(config);
      try {
        return await runStaffCommand(ctx, command, rest, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
      } finally {
        await handle.close();
      }
    }
    case 'backup':
    case 'restore':
      return runBackupCommand(config, command, rest, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
    default:
      return usageError(`unknown command "${command}"`);
  }
}

function usageError(message: string): number {
  process.stderr.write(`kidneydesk: ${message}\n\n${USAGE}`);
  return 2;
}

/** Entry point for `node src/cli.ts` and the `kidneydesk` bin. */
export function main(argv: readonly string[]): void {
  runCli(argv).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`kidneydesk: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (import.meta.main) main(process.argv.slice(2));
