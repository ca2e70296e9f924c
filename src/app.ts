import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { AppContext } from './context.ts';
import { AppError, toAppError } from './platform/errors.ts';
import { securityHeaderOptions } from './platform/security-headers.ts';
import { loggerOptions } from './platform/logging.ts';
import { STATIC_DIR } from './web/assets.ts';
import { renderErrorPage, renderNotFoundPage } from './web/error-pages.ts';
import { articleRoutes } from './articles/index.ts';
import { siteRoutes } from './site/index.ts';
import { searchRoutes } from './search/index.ts';

// Generous enough for a long typed question (search keeps its first 200 characters).
const MAX_URL_LENGTH = 16_384;

export interface BuildAppOptions {
  readonly logger?: FastifyServerOptions['logger'];
}

/** Builds the Fastify app from the features. No business logic lives here. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(ctx.config.logLevel),
    trustProxy: ctx.config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true },
    return503OnClosing: true,
    // The router rejects badly encoded and over-long paths before any hook runs and would answer
    // in JSON; send them through our error handler instead. A path part longer than any slug
    // names nothing, so that one is "not found".
    frameworkErrors: (error, request, reply) => {
      void app.errorHandler(error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new AppError('NOT_FOUND') : error, request, reply);
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.length > MAX_URL_LENGTH) throw new AppError('URL_TOO_LONG');
  });

  await app.register(helmet, securityHeaderOptions({ https: ctx.config.baseUrl.startsWith('https:') }));
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(cookie);
  await app.register(fastifyStatic, {
    root: STATIC_DIR, prefix: '/static/', maxAge: '365d', immutable: true, index: false, list: false, wildcard: false,
  });

  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, status: appError.status }, 'request rejected');
    reply.status(appError.status).header('cache-control', 'no-store');
    if (appError.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
    if (wantsJson(request.url, request.headers.accept)) {
      return reply.send({ error: { code: appError.code, message: appError.message, fields: appError.fields } });
    }
    const path = safePath(request.url);
    const page = appError.status === 404 ? renderNotFoundPage(ctx.site, path) : renderErrorPage(ctx.site, path, appError, request.id);
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.status(404).header('cache-control', 'no-store');
    if (wantsJson(request.url, request.headers.accept)) {
      return reply.send({ error: { code: 'NOT_FOUND', message: 'Not found', fields: [] } });
    }
    return reply.type('text/html; charset=utf-8').send(renderNotFoundPage(ctx.site, safePath(request.url)));
  });

  await app.register(siteRoutes, { ctx });
  await app.register(articleRoutes, { ctx });
  await app.register(searchRoutes, { ctx });
  return app;
}

function wantsJson(url: string, accept: string | undefined): boolean {
  return url.startsWith('/api/') || (accept !== undefined && accept.includes('application/json') && !accept.includes('text/html'));
}

function safePath(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path.length > 300 ? '/' : path;
}
