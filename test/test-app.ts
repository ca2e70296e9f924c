import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createTestEnv, type TestEnv } from './databases.ts';
import type { DatabaseKind } from '../src/db/index.ts';

export interface TestApp extends TestEnv {
  readonly app: FastifyInstance;
}

/** A built app on a fresh database, for `app.inject` or `app.listen`. */
export async function createTestApp(kind: DatabaseKind, options: { env?: Record<string, string>; now?: () => Date } = {}): Promise<TestApp> {
  const env = await createTestEnv(kind, options);
  const app = await buildApp(env.ctx, { logger: false });
  await app.ready();
  return {
    ...env,
    app,
    close: async () => {
      await app.close();
      await env.close();
    },
  };
}
