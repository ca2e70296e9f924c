import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '@rowanmanning/feed-parser';
import { describeEachDatabase } from '../../test/databases.ts';
import type { TestApp } from '../../test/test-app.ts';
import { buildArticle, createKnowledgeBaseApp, publishedByRecency } from '../../test/kb-fixtures.ts';
import { upsertArticle } from './article.service.ts';
import { renderAtom, renderRss, rfc822, type FeedChannel } from './feeds.ts';

const BASE = 'http://kidneydesk.test';

// The feeds, read back with a real feed parser and checked item by item against the database.

describeEachDatabase('RSS and Atom feeds', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createKnowledgeBaseApp(kind);
    // Characters that must be escaped, on the newest article so that it is in every feed.
    await upsertArticle(t.ctx, buildArticle({
      slug: 'salt-and-sodium', title: 'Salt & "sodium" <tips> for Zoë', summary: 'Less salt < more thirst & "care".',
      categoryPath: ['Diet and fluids', 'Salt'], updatedOn: '2026-12-01', reviewedOn: '2026-12-01',
    }));
  });
  after(async () => {
    await t?.close();
  });

  it('/feed.xml is RSS 2.0 with the 20 most recently updated published articles, as the database has them', async () => {
    const res = await t.app.inject({ url: '/feed.xml' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
    const feed = parseFeed(res.body);
    assert.equal(feed.meta.type, 'rss');
    assert.equal(feed.title, 'KidneyDesk');
    assert.equal(feed.url, `${BASE}/`);
    assert.equal(feed.self, `${BASE}/feed.xml`);
    const expected = (await publishedByRecency(t.ctx)).slice(0, 20);
    assert.equal(expected[0]!.slug, 'salt-and-sodium');
    assert.equal(feed.updated?.toISOString(), '2026-12-01T00:00:00.000Z', 'lastBuildDate is the newest update');
    assert.equal(feed.items.length, 20);
    feed.items.forEach((item, i) => {
      const row = expected[i]!;
      assert.equal(item.title, row.title, `item ${i}`);
      assert.equal(item.url, `${BASE}/articles/${row.slug}`);
      assert.equal(item.id, `${BASE}/articles/${row.slug}`);
      assert.equal(item.published?.toISOString(), `${row.updated_on}T00:00:00.000Z`);
      assert.equal(item.description, row.summary);
      assert.equal(item.categories.length, 1);
    });
    assert.equal(feed.items[0]!.categories[0]!.term, 'Diet and fluids/Salt');
    assert.match(res.body, /<pubDate>Tue, 01 Dec 2026 00:00:00 GMT<\/pubDate>/, 'RFC 822 dates');
  });

  it('/atom.xml is Atom 1.0 with the same entries, ids, links, dates and summaries', async () => {
    const res = await t.app.inject({ url: '/atom.xml' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
    const feed = parseFeed(res.body);
    assert.equal(feed.meta.type, 'atom');
    assert.equal(feed.self, `${BASE}/atom.xml`);
    assert.equal(feed.url, `${BASE}/`);
    assert.equal(feed.authors[0]?.name, 'KidneyDesk');
    const published = new Map((await t.ctx.db.selectFrom('articles').select(['slug', 'published_at']).execute()).map((r) => [r.slug, r.published_at]));
    const expected = (await publishedByRecency(t.ctx)).slice(0, 20);
    assert.equal(feed.items.length, expected.length);
    feed.items.forEach((item, i) => {
      const row = expected[i]!;
      assert.equal(item.id, `${BASE}/articles/${row.slug}`);
      assert.equal(item.title, row.title);
      assert.equal(item.url, `${BASE}/articles/${row.slug}`);
      assert.equal(item.updated?.toISOString(), `${row.updated_on}T00:00:00.000Z`);
      const firstPublished = [published.get(row.slug)!.slice(0, 10), row.updated_on].sort()[0];
      assert.equal(item.published?.toISOString(), `${firstPublished}T00:00:00.000Z`, 'published: never after updated');
      assert.equal(item.description, row.summary);
      assert.equal(item.categories[0]?.term, row.category_path);
    });
  });

  it('escapes titles and summaries so they read back exactly', async () => {
    for (const url of ['/feed.xml', '/atom.xml', '/topics/diet-and-fluids/feed.xml']) {
      const item = parseFeed((await t.app.inject({ url })).body).items.find((i) => i.url === `${BASE}/articles/salt-and-sodium`);
      assert.equal(item?.title, 'Salt & "sodium" <tips> for Zoë', url);
      assert.equal(item?.description, 'Less salt < more thirst & "care".', url);
    }
  });

  it('/topics/<path>/feed.xml has only the articles in that topic and below it', async () => {
    const res = await t.app.inject({ url: '/topics/dialysis/feed.xml' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
    const feed = parseFeed(res.body);
    assert.equal(feed.self, `${BASE}/topics/dialysis/feed.xml`);
    assert.equal(feed.url, `${BASE}/topics/dialysis`);
    const expected = (await publishedByRecency(t.ctx)).filter((r) => r.category_path === 'dialysis' || r.category_path.startsWith('dialysis/')).slice(0, 20);
    assert.ok(expected.length >= 10);
    assert.deepEqual(feed.items.map((i) => i.url), expected.map((r) => `${BASE}/articles/${r.slug}`));
    assert.equal((await t.app.inject({ url: '/topics/nowhere/feed.xml' })).statusCode, 404);
  });
});

describe('feed renderers', () => {
  const channel: FeedChannel = {
    title: 'A & B', description: '<desc>', pageUrl: `${BASE}/`, selfUrl: `${BASE}/feed.xml`,
    author: 'A & B', authorUrl: `${BASE}/`, emptyUpdated: new Date('2026-01-02T03:04:05Z'),
  };

  it('an empty feed is still valid and dated', () => {
    const rss = parseFeed(renderRss(channel, []));
    assert.equal(rss.title, 'A & B');
    assert.equal(rss.items.length, 0);
    const atom = parseFeed(renderAtom(channel, []));
    assert.equal(atom.updated?.toISOString(), '2026-01-02T03:04:05.000Z');
  });

  it('drops characters XML cannot hold instead of producing a broken document', () => {
    const xml = renderRss(channel, [{
      title: 'Bad\u0001char', url: `${BASE}/articles/x`, summary: 's', updatedOn: '2026-01-01', publishedOn: '2026-01-01',
      categoryNames: ['X'], categoryPath: 'x', categoryScheme: `${BASE}/topics/`,
    }]);
    assert.equal(parseFeed(xml).items[0]!.title, 'Badchar');
  });

  it('formats RSS dates as RFC 822', () => {
    assert.equal(rfc822(new Date('2026-09-14T00:00:00Z')), 'Mon, 14 Sep 2026 00:00:00 GMT');
  });
});
