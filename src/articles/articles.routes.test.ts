import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import type { TestApp } from '../../test/test-app.ts';
import {
  articleLinks, breadcrumbs, buildArticle, createKnowledgeBaseApp, elementHtml, EXTRA_COUNT, h1, textOf,
} from '../../test/kb-fixtures.ts';
import { setArticleStatus, upsertArticle } from './article.service.ts';

// What a reader sees on the topic, article and tag pages, on both databases.

describeEachDatabase('knowledge-base pages', (kind) => {
  let t: TestApp;
  let clock = Date.parse('2026-11-22T09:00:00Z');
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  before(async () => {
    t = await createKnowledgeBaseApp(kind, { now: () => new Date(clock) });
    await upsertArticle(t.ctx, buildArticle({
      slug: 'reviewed-article', title: 'A reviewed article', categoryPath: ['Testing'], tags: ['blood tests', 'reviewing'],
      reviewedOn: '2025-02-10', nextReviewOn: '2026-08-01', reviewedBy: 'Dr Rana Okafor, nephrologist', updatedOn: '2025-02-10',
    }));
    await upsertArticle(t.ctx, buildArticle({ slug: 'draft-only', title: 'Draft only', categoryPath: ['Hidden drafts'], status: 'draft', tags: ['draft tag'] }));
  });
  after(async () => {
    await t?.close();
  });

  /** Published articles in a category and below it, in the database's title order. */
  const publishedUnder = async (path: string) => t.ctx.db.selectFrom('articles as a').innerJoin('categories as c', 'c.id', 'a.category_id')
    .where('a.status', '=', 'published').where((eb) => eb.or([eb('c.path', '=', path), eb('c.path', 'like', `${path}/%`)]))
    .select(['a.slug', 'a.title', 'a.summary']).orderBy('a.title').orderBy('a.slug').execute();

  it('/topics lists every topic with published articles, and no topic that holds only drafts', async () => {
    const res = await get('/topics');
    assert.equal(res.statusCode, 200);
    assert.equal(h1(res.body), 'Topics');
    assert.deepEqual(breadcrumbs(res.body).labels, ['Home', 'Topics']);
    const categories = await t.ctx.db.selectFrom('categories').select(['path', 'name']).execute();
    const publishedPaths = (await t.ctx.db.selectFrom('articles as a').innerJoin('categories as c', 'c.id', 'a.category_id')
      .where('a.status', '=', 'published').select('c.path').execute()).map((r) => r.path);
    const withArticles = categories.filter((c) => publishedPaths.some((p) => p === c.path || p.startsWith(`${c.path}/`)));
    assert.ok(withArticles.length >= 20, 'the sample content has many topics');
    for (const c of withArticles) assert.ok(res.body.includes(`<a href="/topics/${c.path}">${c.name}</a>`), `lists ${c.path}`);
    assert.ok(!res.body.includes('/topics/hidden-drafts'), 'a topic with only a draft is not listed');
    const dialysisCard = elementHtml(res.body.slice(res.body.indexOf('<li class="card">\n      <h2><a href="/topics/dialysis">')), '<li class="card">');
    assert.ok(dialysisCard?.includes('href="/topics/dialysis/complications/bleeding"'), 'sub-topics are nested under their parent');
  });

  it('a topic page shows the breadcrumb trail, its sub-topics and its articles (and those below it) with summaries', async () => {
    const res = await get('/topics/dialysis/complications');
    assert.equal(res.statusCode, 200);
    assert.equal(h1(res.body), 'Complications');
    assert.deepEqual(breadcrumbs(res.body), {
      labels: ['Home', 'Topics', 'Dialysis', 'Complications'],
      hrefs: ['/', '/topics', '/topics/dialysis', undefined],
    });
    assert.ok(res.body.includes('<a href="/topics/dialysis/complications/bleeding">Bleeding</a>'), 'links its sub-topic');
    const expected = await publishedUnder('dialysis/complications');
    assert.ok(expected.some((a) => a.slug === 'blood-in-urine-after-dialysis'), 'articles in sub-topics count');
    const section = elementHtml(res.body, '<section aria-labelledby="articles-heading">')!;
    assert.deepEqual(articleLinks(section), expected.map((a) => a.slug));
    for (const a of expected) assert.ok(textOf(section).includes(a.summary), `shows the summary of ${a.slug}`);
    assert.ok(res.body.includes('href="/topics/dialysis/complications/feed.xml"'), 'offers the topic’s feed');
  });

  it('a topic with more than 20 articles is paged: 20 a page, rel prev/next links and a pagination nav', async () => {
    const expected = (await publishedUnder('pagination-test')).map((a) => a.slug);
    assert.equal(expected.length, EXTRA_COUNT);
    const first = await get('/topics/pagination-test');
    const second = await get('/topics/pagination-test?page=2');
    assert.equal(first.statusCode, 200);
    assert.equal(second.statusCode, 200);
    const listed = (html: string) => articleLinks(elementHtml(html, '<ul class="article-list">')!);
    assert.deepEqual(listed(first.body), expected.slice(0, 20));
    assert.deepEqual(listed(second.body), expected.slice(20));
    assert.ok(first.body.includes('<link rel="next" href="/topics/pagination-test?page=2">'));
    assert.ok(!first.body.includes('rel="prev"'));
    assert.ok(second.body.includes('<link rel="prev" href="/topics/pagination-test">'));
    assert.ok(!second.body.includes('<link rel="next"'));
    const nav = textOf(elementHtml(first.body, '<nav class="pagination"')!);
    assert.equal(nav, 'Page 1 of 2 Next page');
    assert.equal(textOf(elementHtml(second.body, '<nav class="pagination"')!), 'Previous page Page 2 of 2');
    assert.match(h1(second.body), /page 2 of 2/);
    assert.ok(second.body.includes('<link rel="canonical" href="http://kidneydesk.test/topics/pagination-test?page=2">'));
    assert.equal((await get('/topics/pagination-test?page=3')).statusCode, 404, 'past the last page');
    for (const bad of ['0', '-1', 'abc', '1.5', '99999999999']) assert.equal((await get(`/topics/pagination-test?page=${bad}`)).statusCode, 400, `page=${bad}`);
  });

  it('an article page shows its trail, dates, sample notice, urgent callout, tags, neighbours, related articles and a way to ask', async () => {
    const slug = 'blood-in-urine-after-dialysis';
    const res = await get(`/articles/${slug}`);
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.equal(h1(body), 'Blood in urine after dialysis');
    assert.deepEqual(breadcrumbs(body), {
      labels: ['Home', 'Dialysis', 'Complications', 'Bleeding', 'Blood in urine after dialysis'],
      hrefs: ['/', '/topics/dialysis', '/topics/dialysis/complications', '/topics/dialysis/complications/bleeding', undefined],
    });
    assert.ok(body.includes('<p class="summary">Why some people on dialysis notice red, pink or brown urine'), 'summary');
    const dates = textOf(elementHtml(body, '<ul class="article-dates">')!);
    assert.equal(dates, 'Published 14 September 2026 Last reviewed 14 September 2026 Next review due 14 September 2027',
      'no next_review in the file, so a review is due 12 months after the last');
    assert.match(textOf(elementHtml(body, '<p class="sample-notice">')!), /^Sample content — not medical advice\./);
    const urgent = elementHtml(body, '<section class="urgent" aria-labelledby="when-to-get-urgent-help">');
    assert.ok(urgent, 'the urgent section is a callout');
    assert.ok(urgent.includes('pass clots or have heavy bleeding'));
    assert.ok(!urgent.includes('Questions to ask your care team'));
    const tags = elementHtml(body, '<ul class="tag-list">')!;
    assert.deepEqual([...tags.matchAll(/href="([^"]+)"/g)].map((m) => m[1]), ['/tags/dialysis', '/tags/urine', '/tags/bleeding']);

    const direct = await t.ctx.db.selectFrom('articles as a').innerJoin('categories as c', 'c.id', 'a.category_id')
      .where('c.path', '=', 'dialysis/complications/bleeding').where('a.status', '=', 'published')
      .select(['a.slug', 'a.title']).orderBy('a.title').orderBy('a.slug').execute();
    const at = direct.findIndex((a) => a.slug === slug);
    const prevNext = elementHtml(body, '<ul class="prev-next">')!;
    const prev = direct[at - 1];
    const next = direct[at + 1];
    assert.ok(prev || next, 'the category has another article');
    if (prev) assert.ok(prevNext.includes(`href="/articles/${prev.slug}" rel="prev"`));
    if (next) assert.ok(prevNext.includes(`href="/articles/${next.slug}" rel="next"`));
    assert.equal(articleLinks(prevNext).length, (prev ? 1 : 0) + (next ? 1 : 0));

    const related = articleLinks(elementHtml(body, '<aside class="related"')!);
    assert.ok(related.length >= 3 && related.length <= 5, `${related.length} related articles`);
    assert.ok(!related.includes(slug), 'an article is not related to itself');
    assert.equal(new Set(related).size, related.length);
    assert.ok(related.includes('heparin-and-heavy-hematuria'), 'the other article about blood in urine is related');
    assert.equal([...elementHtml(body, '<aside class="related"')!.matchAll(/<p>[^<]{20,}<\/p>/g)].length, related.length, 'each has an excerpt');
    assert.ok(elementHtml(body, '<section class="cta"')!.includes('href="/ask"'), 'a way to ask an expert');
    assert.ok(body.includes('<link rel="canonical" href="http://kidneydesk.test/articles/blood-in-urine-after-dialysis">'));
    assert.ok(body.includes('<meta property="og:type" content="article">'));
  });

  it('an article with a reviewer shows who reviewed it and its set review date; non-sample content has no notice', async () => {
    const res = await get('/articles/reviewed-article');
    assert.equal(res.statusCode, 200);
    assert.equal(textOf(elementHtml(res.body, '<ul class="article-dates">')!),
      'Published 10 February 2025 Last reviewed 10 February 2025 Next review due 1 August 2026 Reviewed by Dr Rana Okafor, nephrologist');
    assert.ok(!res.body.includes('sample-notice'));
    assert.ok(res.body.includes('<a href="/tags/blood%20tests">blood tests</a>'), 'tags with spaces are encoded in links');
  });

  it('publishes MedicalWebPage JSON-LD that parses and matches the page', async () => {
    const res = await get('/articles/reviewed-article');
    const raw = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body)?.[1];
    assert.ok(raw, 'the page has JSON-LD');
    const data = JSON.parse(raw) as Record<string, unknown>;
    assert.equal(data['@type'], 'MedicalWebPage');
    assert.equal(data.name, 'A reviewed article');
    assert.equal(data.url, 'http://kidneydesk.test/articles/reviewed-article');
    assert.equal(data.lastReviewed, '2025-02-10');
    assert.equal(data.dateModified, '2025-02-10');
    assert.equal(data.datePublished, '2025-02-10');
    assert.deepEqual(data.reviewedBy, { '@type': 'Person', name: 'Dr Rana Okafor, nephrologist' });
    const crumbs = (data.breadcrumb as { itemListElement: { name: string; item: string }[] }).itemListElement;
    assert.deepEqual(crumbs.map((c) => c.name), ['Home', 'Testing', 'A reviewed article']);
    assert.equal(crumbs[1]!.item, 'http://kidneydesk.test/topics/testing');
  });

  it('a tag page lists the published articles with that tag; unknown and draft-only tags are 404', async () => {
    const res = await get('/tags/blood%20tests');
    assert.equal(res.statusCode, 200);
    const expected = await t.ctx.db.selectFrom('articles as a').innerJoin('article_tags as g', 'g.article_id', 'a.id')
      .where('g.tag', '=', 'blood tests').where('a.status', '=', 'published').select('a.slug').orderBy('a.title').orderBy('a.slug').execute();
    assert.ok(expected.length >= 2);
    assert.deepEqual(articleLinks(elementHtml(res.body, '<ul class="article-list">')!), expected.map((e) => e.slug));
    assert.equal(h1(res.body), 'Articles tagged “blood tests”');
    assert.equal((await get('/tags/no-such-tag')).statusCode, 404);
    assert.equal((await get('/tags/draft%20tag')).statusCode, 404);
  });

  it('unknown pages and unpublished articles are 404 with the not-found page', async () => {
    for (const url of ['/articles/no-such-article', '/articles/draft-only', '/topics/no-such-topic', '/topics/hidden-drafts', '/topics/dialysis/no-such', '/topics/hidden-drafts/feed.xml']) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.ok(res.body.includes('We could not find that page'), url);
    }
  });

  it('malformed, over-long or oddly encoded URLs get 400 or 404 and the site’s error page, never a 500', async () => {
    const urls = [
      '/articles/%E0%A4%A', '/articles/..%2f..%2fetc', '/articles/..%2F..%2Fetc%2Fpasswd', '/topics/a/b/c/d/e/f', '/topics/%E0%A4%A',
      `/articles/${'a'.repeat(5000)}`, `/topics/${'a'.repeat(5000)}`, `/tags/${'a'.repeat(5000)}`, '/articles/x%00y', '/tags/a%00b',
      '/topics/dialysis%00', '/articles/%C0%AE%C0%AE', '/articles/Blood-In-Urine', '/articles/a%20b', '/topics/../etc', '/topics//dialysis',
      '/tags/%FF', '/articles/%', '/topics/dialysis?page=%E0%A4%A', '/articles/blood-in-urine-after-dialysis/extra', '/topics/a%2F..%2F..',
    ];
    for (const url of urls) {
      const res = await get(url);
      assert.ok([400, 404].includes(res.statusCode), `${url.slice(0, 60)} → ${res.statusCode}`);
      assert.match(String(res.headers['content-type']), /^text\/html/, `${url.slice(0, 60)} gets an HTML page`);
      assert.equal([...res.body.matchAll(/<h1>/g)].length, 1, `${url.slice(0, 60)} gets the site's page`);
    }
  });

  it('answers with an ETag, 304 when the browser has the page, and cache headers', async () => {
    for (const url of ['/topics', '/topics/dialysis', '/articles/leg-cramps-during-dialysis', '/tags/dialysis', '/feed.xml']) {
      const first = await get(url);
      assert.equal(first.statusCode, 200, url);
      const etag = String(first.headers.etag);
      assert.match(etag, /^"[\w-]+"$/);
      assert.equal(first.headers['cache-control'], 'public, no-cache');
      const again = await get(url, { 'if-none-match': etag });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal((await get(url, { 'if-none-match': `W/"other", ${etag}` })).statusCode, 304, 'matches within a list');
      assert.equal((await get(url, { 'if-none-match': '"stale"' })).statusCode, 200);
    }
  });

  it('serves a cached page until content changes here, or for at most 60 s after a change elsewhere', async () => {
    const url = '/articles/leg-cramps-during-dialysis';
    assert.equal(h1((await get(url)).body), 'Leg cramps during dialysis');
    // Another process (the CLI import) changes the database: this app is not told.
    await t.ctx.db.updateTable('articles').set({ title: 'Leg cramps (changed elsewhere)' }).where('slug', '=', 'leg-cramps-during-dialysis').execute();
    assert.equal(h1((await get(url)).body), 'Leg cramps during dialysis', 'still the cached page');
    clock += 61_000;
    assert.equal(h1((await get(url)).body), 'Leg cramps (changed elsewhere)', 'expired after 60 s');
    await t.ctx.db.updateTable('articles').set({ title: 'Leg cramps during dialysis' }).where('slug', '=', 'leg-cramps-during-dialysis').execute();
    assert.equal(h1((await get(url)).body), 'Leg cramps (changed elsewhere)', 'cached again');
    await upsertArticle(t.ctx, buildArticle({ slug: 'another-new-article', categoryPath: ['Testing'] }));
    assert.equal(h1((await get(url)).body), 'Leg cramps during dialysis', 'a change made here clears the cache at once');
  });

  it('unpublishing an article removes it at once from its page, topic pages, tag pages, the home page, feeds and sitemap', async () => {
    const [newest] = await t.ctx.db.selectFrom('articles as a').innerJoin('categories as c', 'c.id', 'a.category_id')
      .where('a.status', '=', 'published').where('a.is_sample', '=', 1)
      .select(['a.slug', 'a.id', 'c.path']).orderBy('a.updated_on', 'desc').orderBy('a.title').limit(1).execute();
    assert.ok(newest);
    const tag = (await t.ctx.db.selectFrom('article_tags').select('tag').where('article_id', '=', newest.id).orderBy('position').executeTakeFirstOrThrow()).tag;
    const href = `/articles/${newest.slug}`;
    const top = newest.path.split('/')[0]!;
    const pages = ['/', `/topics/${newest.path}`, `/topics/${top}`, `/tags/${encodeURIComponent(tag)}`, '/feed.xml', '/atom.xml', `/topics/${top}/feed.xml`, '/sitemap.xml'];
    // Warm the cache first, so the test also proves the cached copies are dropped.
    assert.equal((await get(href)).statusCode, 200);
    for (const page of pages) assert.ok((await get(page)).body.includes(href), `${page} lists ${newest.slug} before`);

    assert.equal(await setArticleStatus(t.ctx, newest.slug, 'unpublished'), true);
    assert.equal((await get(href)).statusCode, 404);
    for (const page of pages) {
      const res = await get(page);
      assert.ok(res.statusCode === 200 || res.statusCode === 404, page);
      assert.ok(!res.body.includes(href), `${page} no longer lists ${newest.slug}`);
    }
  });
});
