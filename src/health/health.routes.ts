import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { pendingMigrations } from '../db/index.ts';

// Probes for a load balancer or an orchestrator. /healthz: the process answers (restart it if
// not). /readyz: it can do its work: the database answers, its schema is the one this code
// expects, and the report store takes writes (send it no traffic if not). Neither says why in
// any detail an outsider could use; the log has the error.

const CHECK_TIMEOUT_MS = 3_000;

export type CheckResult = 'ok' | 'failing';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<'database' | 'migrations' | 'storage', CheckResult>>;
}

/** Runs the readiness checks side by side, each with a time limit. */
export async function checkReadiness(ctx: AppContext, log: (check: string, error: unknown) => void = () => {}): Promise<Readiness> {
  const run = async (name: string, check: () => Promise<unknown>): Promise<CheckResult> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${name} check timed out`)), CHECK_TIMEOUT_MS); }),
      ]);
      return 'ok';
    } catch (error) {
      log(name, error);
      return 'failing';
    } finally {
      clearTimeout(timer);
    }
  };
  const [database, migrations, storage] = await Promise.all([
    run('database', () => sql`select 1 as one`.execute(ctx.db)),
    run('migrations', async () => {
      const pending = await pendingMigrations(ctx.db);
      if (pending.length > 0) throw new Error(`${pending.length} migrations pending`);
    }),
    run('storage', () => ctx.files.checkWritable()),
  ]);
  return { ready: database === 'ok' && migrations === 'ok' && storage === 'ok', checks: { database, migrations, storage } };
}

/** GET /healthz and GET /readyz (JSON, never cached). */
export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const readiness = await checkReadiness(ctx, (check, error) => request.log.error({ err: error, check }, 'readiness check failed'));
    return reply.status(readiness.ready ? 200 : 503).header('cache-control', 'no-store')
      .send({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks });
  });
};
