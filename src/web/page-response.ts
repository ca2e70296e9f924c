import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { encodedPage, makePage, type CachedPage, type ContentCoding, type PageCache, type PageRepresentation } from './page-cache.ts';

// How public pages are served: from the page cache when possible, with an ETag so a browser
// that already has the page gets a 304, and `no-cache`: browsers and proxies may keep a copy but
// must ask again before using it, so an unpublished article or a withdrawn story is gone from
// every screen at once (the revalidation is a cheap 304). A cache hit is the
// busiest path of the site, so it does no work per request that could be done once per page:
// the body is bytes, and each compressed copy is made once and kept with the page.

/** A cached page is re-rendered after this long even without a change here (the CLI may have changed content). */
export const PAGE_TTL_MS = 60_000;
const CACHE_CONTROL = 'public, no-cache';
// The same as the app-wide compression plugin's threshold: smaller bodies are sent as they are.
const COMPRESS_MIN_BYTES = 1024;
// Our order of preference when a client accepts several codings equally.
const CODINGS: readonly ContentCoding[] = ['br', 'gzip', 'deflate'];

/** What the helpers need from the app context. */
export interface PageSource {
  readonly pageCache: PageCache;
  readonly now: () => Date;
}

/**
 * A route `onRequest` hook answering from the page cache when this exact URL is cached, so a
 * hit costs no validation, no database and no rendering. Misses fall through to the handler.
 * It takes a callback rather than returning a promise: a hit then allocates no promise.
 */
export function serveFromPageCache(source: PageSource) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const page = source.pageCache.get(request.url, source.now().getTime());
    // Answered: not calling `done` ends the hook chain, as Fastify documents for callback hooks.
    if (page) sendPage(request, reply, page);
    else done();
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

/**
 * Sends a rendered page, compressed when the client asks for it, with its ETag, or 304 when
 * the browser's copy is current. Every answer varies by Accept-Encoding, so a shared cache
 * never hands compressed bytes to a client that did not ask for them (nor the reverse).
 */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  const coding = page.bytes.length >= COMPRESS_MIN_BYTES ? preferredCoding(request.headers['accept-encoding']) : undefined;
  const representation: PageRepresentation = coding ? encodedPage(page, coding) : page;
  reply.header('etag', representation.etag).header('cache-control', CACHE_CONTROL).header('vary', 'accept-encoding');
  if (etagMatches(request.headers['if-none-match'], representation.etag)) return reply.code(304).send();
  // With Content-Encoding set, the app-wide compression plugin leaves the body alone.
  if (coding) reply.header('content-encoding', coding);
  return reply.code(page.status).header('content-type', page.contentType).send(representation.bytes);
}

/** RFC 9110 If-None-Match: weak comparison over a list of tags, or `*`. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  // The common case, a browser sending back the one tag it was given, needs no parsing.
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

// Browsers send one of a handful of Accept-Encoding values, so each is parsed once. The map is
// emptied when it fills up, so odd values sent on purpose cannot make it grow without bound.
const codingByHeader = new Map<string, ContentCoding | undefined>();
const CODING_MEMO_SIZE = 64;

/**
 * The coding to send for an Accept-Encoding header (RFC 9110 §12.5.3): the acceptable coding
 * with the highest q-value, ties going to our order (br, gzip, deflate); undefined for identity.
 */
export function preferredCoding(header: string | string[] | undefined): ContentCoding | undefined {
  if (header === undefined || header === '') return undefined;
  if (typeof header !== 'string') header = header.join(',');
  if (codingByHeader.has(header)) return codingByHeader.get(header);
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(value) ? value : 0);
  }
  let best: ContentCoding | undefined;
  let bestQ = 0;
  for (const coding of CODINGS) {
    const value = q.get(coding) ?? q.get('*') ?? 0;
    if (value > bestQ) {
      best = coding;
      bestQ = value;
    }
  }
  if (codingByHeader.size >= CODING_MEMO_SIZE) codingByHeader.clear();
  codingByHeader.set(header, best);
  return best;
}
