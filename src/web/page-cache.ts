import { createHash } from 'node:crypto';

export interface CachedPage {
  readonly body: string;
  /** The body encoded once as UTF-8, so a cache hit writes bytes instead of re-encoding the text. */
  readonly bytes: Buffer;
  readonly etag: string;
  readonly contentType: string;
  readonly status: number;
  /** Epoch ms after which the page is not served (another process may have changed content); absent: until invalidated. */
  readonly expiresAt?: number | undefined;
}

/**
 * Rendered public pages keyed by URL. Any content change clears it (`invalidate`), so a page
 * is never served stale; the least recently used entry goes first when it is full.
 */
export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #capacity: number;
  #generation = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string, now: number = Date.now()): CachedPage | undefined {
    const page = this.#entries.get(key);
    if (page?.expiresAt !== undefined && page.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    if (page) {
      this.#entries.delete(key);
      this.#entries.set(key, page);
    }
    return page;
  }

  /** Stores a page unless the cache was invalidated since `generation` was read (a render raced a change). */
  set(key: string, page: CachedPage, generation: number): void {
    if (this.#capacity === 0 || generation !== this.#generation) return;
    this.#entries.delete(key);
    this.#entries.set(key, page);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
  }
}

/** Builds a cache entry with a strong ETag over the body, optionally expiring at `expiresAt` (epoch ms). */
export function makePage(body: string, contentType: string, status = 200, expiresAt?: number): CachedPage {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, bytes: Buffer.from(body, 'utf8'), etag, contentType, status, expiresAt };
}
