import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';

/** Public knowledge-base pages. (Being written: topics, articles, tags, feeds, sitemap.) */
export const articleRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
