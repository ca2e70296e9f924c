import path from 'node:path';
import type { Config } from './config/index.ts';
import { buildApp } from './app.ts';
import { openContext } from './runtime.ts';
import { loadSampleContentIfEmpty } from './articles/index.ts';
import { createTransport, startMailSender } from './notifications/index.ts';
import { startRetentionPurge, sweepOrphanFiles } from './consultations/index.ts';
import { purgeExpiredContactMessages } from './contact/index.ts';
import { startPeriodicJob } from './platform/periodic-job.ts';
import { startDeadlineChecks } from './staff/index.ts';

export const SAMPLE_CONTENT_DIR = path.join(import.meta.dirname, '..', 'content', 'sample');

/** Migrates, loads the sample articles into an empty database, serves, and shuts down gracefully on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const { ctx, handle } = await openContext(config);
  const loaded = await loadSampleContentIfEmpty(ctx, SAMPLE_CONTENT_DIR);
  const app = await buildApp(ctx);
  // Slow or stalled clients are cut off: headers within 20 s, a whole upload within 120 s.
  app.server.headersTimeout = 20_000;
  app.server.requestTimeout = 120_000;
  const transport = createTransport(config, { log: app.log });
  const mail = startMailSender({
    db: ctx.db, transport, clock: ctx.now, log: app.log,
    pollMs: config.mailPollSeconds * 1000, retryMaxHours: config.mailRetryMaxHours,
  });

  // Report files left by uploads that never committed (a failed request, a killed server) are
  // removed at start and every hour, once they are older than the upload grace window.
  const sweep = startPeriodicJob(async () => {
    const r = await sweepOrphanFiles(ctx);
    if (r.removedBlobs + r.removedTemp > 0) app.log.info({ event: 'files.swept', ...r }, 'removed orphan files');
  }, { intervalMs: 3_600_000, onError: (error) => { app.log.error({ err: error }, 'orphan file sweep failed'); } });

  // Reminders before the answer deadline and breaches after it (staff/answer-deadlines.ts).
  const deadlines = startDeadlineChecks(ctx, { intervalMs: config.deadlineCheckSeconds * 1000, log: app.log });

  // Closed consultations are deleted RETENTION_DAYS after closing: at start and once a day.
  const retention = startRetentionPurge(ctx, { intervalMs: 86_400_000, log: app.log });
  // Contact messages go RETENTION_DAYS after they arrived, on the same daily rhythm.
  const contactRetention = startPeriodicJob(async () => {
    const r = await purgeExpiredContactMessages(ctx);
    if (r.messages > 0) app.log.info({ event: 'contact.purged', messages: r.messages, mails: r.mails }, 'contact retention purge done');
  }, { intervalMs: 86_400_000, onError: (error) => { app.log.error({ err: error }, 'contact retention purge failed'); } });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await Promise.all([sweep.stop(), deadlines.stop(), retention.stop(), contactRetention.stop()]);
      await app.close();
      await mail.stop();
      transport.close();
      await handle.close();
    } finally {
      clearTimeout(force);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const ms = Math.round(performance.now() - started);
  const where = handle.kind === 'sqlite' ? path.join(config.dataDir, 'kidneydesk.sqlite') : 'PostgreSQL (DATABASE_URL)';
  process.stdout.write([
    '',
    `KidneyDesk is running at ${config.baseUrl} (ready in ${ms} ms)`,
    `  database: ${where}`,
    loaded > 0 ? `  loaded ${loaded} sample articles (sample content, not medical advice)` : '',
    '',
    'Create the first staff account with:',
    '  npm run kd -- create-staff --email you@clinic.example --name "Your Name" --role admin',
    '',
  ].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n') + '\n');
}
