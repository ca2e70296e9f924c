import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { encodedPage, makePage, PageCache } from './page-cache.ts';

describe('page cache', () => {
  it('drops the least recently used page when full, counting hits as uses', () => {
    const cache = new PageCache(2);
    cache.set('/a', makePage('a', 'text/plain'), cache.generation);
    cache.set('/b', makePage('b', 'text/plain'), cache.generation);
    assert.ok(cache.get('/a'), 'a is used after b was stored');
    cache.set('/c', makePage('c', 'text/plain'), cache.generation);
    assert.equal(cache.size, 2);
    assert.ok(cache.get('/a'));
    assert.equal(cache.get('/b'), undefined, 'b was the least recently used');
    assert.ok(cache.get('/c'));
  });

  it('replacing a page does not evict another one', () => {
    const cache = new PageCache(2);
    cache.set('/a', makePage('a', 'text/plain'), cache.generation);
    cache.set('/b', makePage('b', 'text/plain'), cache.generation);
    cache.set('/a', makePage('a2', 'text/plain'), cache.generation);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('/a')?.bytes.toString(), 'a2');
    assert.ok(cache.get('/b'));
  });

  it('does not serve a page after it expires', () => {
    const cache = new PageCache(10);
    cache.set('/a', makePage('a', 'text/plain', 200, 1000), cache.generation);
    assert.ok(cache.get('/a', 999));
    assert.equal(cache.get('/a', 1000), undefined);
    assert.equal(cache.size, 0);
  });

  it('ignores a page rendered before the cache was invalidated, and stores nothing with capacity 0', () => {
    const cache = new PageCache(10);
    const generation = cache.generation;
    cache.invalidate();
    cache.set('/a', makePage('a', 'text/plain'), generation);
    assert.equal(cache.get('/a'), undefined);
    const off = new PageCache(0);
    off.set('/a', makePage('a', 'text/plain'), off.generation);
    assert.equal(off.size, 0);
  });

  it('compresses a page once per coding, with its own ETag', () => {
    const body = '<p>Kidney</p>'.repeat(200);
    const page = makePage(body, 'text/html; charset=utf-8');
    assert.match(page.etag, /^"[\w-]+"$/);
    const br = encodedPage(page, 'br');
    assert.equal(brotliDecompressSync(br.bytes).toString(), body);
    assert.equal(gunzipSync(encodedPage(page, 'gzip').bytes).toString(), body);
    assert.equal(inflateSync(encodedPage(page, 'deflate').bytes).toString(), body);
    assert.equal(br.etag, `${page.etag.slice(0, -1)}-br"`);
    assert.ok(br.bytes.length < page.bytes.length);
    assert.equal(encodedPage(page, 'br'), br, 'kept with the page, not compressed again');
  });
});
