import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { installStaffGuard, staffCookies } from './staff-guard.ts';
import { staffAuthRoutes } from './staff-auth.routes.ts';
import { staffConsoleRoutes } from './staff-console.routes.ts';

/**
 * The staff console under /staff, in its own encapsulated scope: the guard (session, CSRF,
 * role policy) applies to every route registered here, including those added later.
 */
export const staffRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const cookies = staffCookies(ctx.config.baseUrl);
  installStaffGuard(app, ctx, cookies);
  await app.register(staffAuthRoutes, { ctx, cookies });
  await app.register(staffConsoleRoutes, { ctx });
};
