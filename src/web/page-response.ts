import type { FastifyReply, FastifyRequest } from 'fastify';
import { makePage, type CachedPage, type PageCache } from './page-cache.ts';

// How public pages are served: from the page cache when possible, with an ETag so a browser
// that already has the page gets a 304, and a short shared-cache lifetime.

/** A cached page is re-rendered after this long even without a change here (the CLI may have changed content). */
export const PAGE_TTL_MS = 60_000;
const CACHE_CONTROL = 'public, max-age=300';

/** What the helpers need from the app context. */
export interface PageSource {
  readonly pageCache: PageCache;
  readonly now: () => Date;
}

/**
 * A route `onRequest` hook answering from the page cache when this exact URL is cached, so a
 * hit costs no validation, no database and no rendering. Misses fall through to the handler.
 */
export function serveFromPageCache(source: PageSource) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const page = source.pageCache.get(request.url, source.now().getTime());
    if (!page) return undefined;
    return sendPage(request, reply, page);
  };
}

/**
 * Renders a page, stores it in the page cache and sends it. Only the canonical URL is cached:
 * endless variants (`?x=1`, `?x=2`...) would otherwise push real pages out of the cache.
 */
export async function renderCachedPage(
  source: PageSource, request: FastifyRequest, reply: FastifyReply,
  page: { canonicalUrl: string; contentType: string; render: () => Promise<string> | string },
): Promise<FastifyReply> {
  // Read before rendering: a change made while we render must not be hidden by a stale entry.
  const generation = source.pageCache.generation;
  const body = await page.render();
  const cached = makePage(body, page.contentType, 200, source.now().getTime() + PAGE_TTL_MS);
  if (request.url === page.canonicalUrl) source.pageCache.set(request.url, cached, generation);
  return sendPage(request, reply, cached);
}

/** Sends a rendered page with its ETag, or 304 when the browser's copy is current. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  reply.header('etag', page.etag).header('cache-control', CACHE_CONTROL);
  if (etagMatches(request.headers['if-none-match'], page.etag)) return reply.code(304).send();
  return reply.code(page.status).header('content-type', page.contentType).send(page.bytes);
}

/** RFC 9110 If-None-Match: weak comparison over a list of tags, or `*`. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
