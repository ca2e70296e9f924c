import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/** A request taking at least this long is logged at info whatever its outcome. */
export const SLOW_REQUEST_MS = 1000;
const VERBOSE_LEVELS: ReadonlySet<string> = new Set(['debug', 'trace']);

/**
 * Structured JSON logs with request ids. Only the method and the path are logged, never the
 * query string (a search query can say what is wrong with someone), bodies, cookies or e-mail addresses.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: redactUrl(req.url), id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * One log line per request, written when it completes (Fastify's default is two: "incoming"
 * and "completed"). Errors, rejected requests (4xx), slow requests and every request that can
 * change something (not GET or HEAD) are logged at info; an ordinary page view only at debug,
 * because at info a busy site would spend more on its access log than on serving pages. Each
 * line carries the request id (`reqId`), like every line logged while handling the request.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      super.requestCompleted(error, request, reply);
      return;
    }
    const ms = reply.elapsedTime;
    const notable = reply.statusCode >= 400 || ms >= SLOW_REQUEST_MS || (request.method !== 'GET' && request.method !== 'HEAD');
    if (!notable && !VERBOSE_LEVELS.has(reply.log.level)) return;
    const line = { method: request.method, path: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(ms) };
    if (notable) reply.log.info(line, 'request completed');
    else reply.log.debug(line, 'request completed');
  }
}

/** The path of a URL without its query string, and without case tokens or other secrets in it. */
export function redactUrl(url: string): string {
  // A 256-bit link secret (43 base64url characters) in the path: case access, staff set-up and reset links.
  const path = (url.split('?')[0] ?? '').replace(/\/[A-Za-z0-9_-]{43}(?=\/|$)/g, '/[secret]');
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
