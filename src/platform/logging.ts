import type { FastifyServerOptions } from 'fastify';

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

/** The path of a URL without its query string, and without case tokens or other secrets in it. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
