import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { AppContext } from './context.ts';
import { AppError, toAppError } from './platform/errors.ts';
import { securityHeaderOptions } from './platform/security-headers.ts';
import { loggerOptions, RequestLogController } from './platform/logging.ts';
import { STATIC_DIR } from './web/assets.ts';
import { renderErrorPage, renderNotFoundPage } from './web/error-pages.ts';
import { articleRoutes } from './articles/index.ts';
import { siteRoutes } from './site/index.ts';
import { searchRoutes } from './search/index.ts';
import { toolsRoutes } from './tools/index.ts';
import { consultationRoutes } from './consultations/index.ts';
import { contactRoutes } from './contact/index.ts';
import { staffRoutes } from './staff/index.ts';
import { healthRoutes } from './health/index.ts';
import { expertRoutes, findReviewerCredit } from './experts/index.ts';
import { storyRoutes } from './stories/index.ts';

// Generous enough for a long typed question (search keeps its first 200 characters).
const MAX_URL_LENGTH = 16_384;

export interface BuildAppOptions {
  readonly logger?: FastifyServerOptions['logger'];
}

/** Builds the Fastify app from the features. No business logic lives here. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(ctx.config.logLevel),
    logController: new RequestLogController(),
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

  // Security headers go on every response, error pages included. A callback hook, not an
  // async one: it runs on every request, and a promise per request is garbage for nothing.
  const securityHeaders = securityHeaderList(ctx.config.baseUrl.startsWith('https:'));
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    for (const [name, value] of securityHeaders) reply.header(name, value);
    done(request.url.length > MAX_URL_LENGTH ? new AppError('URL_TOO_LONG') : undefined);
  });

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

  await app.register(healthRoutes, { ctx });
  await app.register(siteRoutes, { ctx });
  await app.register(articleRoutes, { ctx, findReviewer: findReviewerCredit });
  await app.register(searchRoutes, { ctx });
  await app.register(toolsRoutes, { ctx });
  await app.register(consultationRoutes, { ctx, findAnswerer: findReviewerCredit });
  await app.register(expertRoutes, { ctx });
  await app.register(storyRoutes, { ctx });
  await app.register(contactRoutes, { ctx });
  await app.register(staffRoutes, { ctx });
  return app;
}

/**
 * The headers helmet sets for our security settings, worked out once: none of them depends on
 * the request. (@fastify/helmet would build helmet's middleware, and parse the CSP, again on
 * every request, which was the largest single cost of serving a cached page.)
 */
function securityHeaderList(https: boolean): readonly (readonly [string, string])[] {
  const { global: _global, enableCSPNonces: _nonces, ...options } = securityHeaderOptions({ https });
  const headers: [string, string][] = [];
  const collect = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers.push([name.toLowerCase(), String(value)]); },
    removeHeader: () => {},
  };
  // The cast only bridges helmet's CommonJS and ES type declarations, which @fastify/helmet and
  // this file see separately; the options are the ones @fastify/helmet would pass on.
  helmet(options as HelmetOptions)({} as IncomingMessage, collect as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

function wantsJson(url: string, accept: string | undefined): boolean {
  return url.startsWith('/api/') || (accept !== undefined && accept.includes('application/json') && !accept.includes('text/html'));
}

function safePath(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path.length > 300 ? '/' : path;
}
