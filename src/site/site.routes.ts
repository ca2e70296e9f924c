import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';

/** Home page, resource sections and robots.txt. (Being written.) */
export const siteRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
