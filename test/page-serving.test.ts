import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildApp } from '../src/app.ts';
import { describeEachDatabase } from './databases.ts';
import { createKnowledgeBaseApp } from './kb-fixtures.ts';
import type { TestApp } from './test-app.ts';

// What every response must carry whatever path produced it (a page cache hit, a render, a 304,
// an error page, a static file), how pages are compressed, and the one log line per request.

const ARTICLE = '/articles/leg-cramps-during-dialysis';

describeEachDatabase('page serving', (kind) => {
  let t: TestApp;
  before(async () => { t = await createKnowledgeBaseApp(kind); });
  after(async () => { await t?.close(); });

  it('puts the security headers and a request id on every kind of response', async () => {
    const first = await t.app.inject({ url: ARTICLE });
    const responses = {
      rendered: first,
      cached: await t.app.inject({ url: ARTICLE }),
      notModified: await t.app.inject({ url: ARTICLE, headers: { 'if-none-match': String(first.headers.etag) } }),
      notFound: await t.app.inject({ url: '/articles/no-such-article' }),
      badRequest: await t.app.inject({ url: '/topics/dialysis?page=0' }),
      tooLong: await t.app.inject({ url: `/search?q=${'a'.repeat(20_000)}` }),
      staticFile: await t.app.inject({ url: '/static/site.css' }),
      search: await t.app.inject({ url: '/search?q=cramps' }),
    };
    assert.equal(responses.cached.statusCode, 200);
    assert.equal(responses.notModified.statusCode, 304);
    assert.equal(responses.notFound.statusCode, 404);
    assert.equal(responses.badRequest.statusCode, 400);
    assert.equal(responses.tooLong.statusCode, 414);
    const ids = new Set<string>();
    for (const [name, res] of Object.entries(responses)) {
      assert.match(String(res.headers['content-security-policy']), /^default-src 'self';.*frame-ancestors 'none'/, name);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', name);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', name);
      assert.equal(res.headers['referrer-policy'], 'same-origin', name);
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', name);
      assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/, name);
      ids.add(String(res.headers['x-request-id']));
    }
    assert.equal(ids.size, Object.keys(responses).length, 'a new id for every request');
  });

  it('compresses pages for clients that ask, once per page, with an ETag per representation', async () => {
    const plain = await t.app.inject({ url: ARTICLE });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'accept-encoding', 'a shared cache must not give these bytes to every client');
    assert.equal(plain.headers['cache-control'], 'public, no-cache');

    const br = await t.app.inject({ url: ARTICLE, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'accept-encoding');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    assert.equal(Number(br.headers['content-length']), br.rawPayload.length);
    assert.notEqual(br.headers.etag, plain.headers.etag);

    const gzip = await t.app.inject({ url: ARTICLE, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.rawPayload).toString(), plain.body);

    const again = await t.app.inject({ url: ARTICLE, headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.headers.etag, br.headers.etag);
    const otherCoding = await t.app.inject({ url: ARTICLE, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) } });
    assert.equal(otherCoding.statusCode, 200, 'the brotli ETag does not name the gzip bytes');
  });

  it('still compresses responses that are not cached pages', async () => {
    const search = await t.app.inject({ url: '/search?q=cramps', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(search.statusCode, 200);
    assert.equal(search.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(search.rawPayload).toString(), /<html/);
  });

  it('logs one line per request: at info only what is notable, at debug every request, each with its request id', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } };
    for (const level of ['info', 'debug']) {
      lines.length = 0;
      const app = await buildApp(t.ctx, { logger: { level, stream } });
      try {
        const ok = await app.inject({ url: ARTICLE });
        const missing = await app.inject({ url: '/articles/no-such-article?q=private' });
        const requestLines = lines.filter((l) => l.msg === 'request completed');
        assert.ok(!lines.some((l) => l.msg === 'incoming request'), level);
        const expected = level === 'info' ? [missing] : [ok, missing];
        assert.deepEqual(requestLines.map((l) => l.reqId), expected.map((r) => r.headers['x-request-id']), level);
        const notFound = requestLines.at(-1)!;
        assert.equal(notFound.level, 30);
        assert.equal(notFound.statusCode, 404);
        assert.equal(notFound.method, 'GET');
        assert.equal(notFound.path, '/articles/no-such-article', 'never the query string');
        assert.equal(typeof notFound.ms, 'number');
      } finally {
        await app.close();
      }
    }
  });
});
