import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describeEachDatabase } from '../../test/databases.ts';
import type { TestApp } from '../../test/test-app.ts';
import { articleLinks, breadcrumbs, buildArticle, createKnowledgeBaseApp, elementHtml, h1, publishedByRecency, textOf } from '../../test/kb-fixtures.ts';
import { upsertArticle } from '../articles/index.ts';
import { RESOURCES } from './resources.ts';

const BASE = 'http://kidneydesk.test';

describeEachDatabase('home page, resources, sitemap and robots.txt', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createKnowledgeBaseApp(kind);
    await upsertArticle(t.ctx, buildArticle({ slug: 'unpublished-draft', title: 'A draft', categoryPath: ['Draft topic'], status: 'draft', tags: ['secret tag'] }));
  });
  after(async () => {
    await t?.close();
  });

  it('the home page leads with a large "Type your question" box that searches', async () => {
    const res = await t.app.inject({ url: '/' });
    assert.equal(res.statusCode, 200);
    h1(res.body);
    const form = /<form class="question-box question-box--large" action="\/search" method="get" role="search">([\s\S]*?)<\/form>/.exec(res.body);
    assert.ok(form, 'a large question box submitting to /search');
    assert.ok(form[1]!.includes('<label for="home-q">Type your question</label>'));
    assert.ok(form[1]!.includes('<input id="home-q" name="q" type="search"'));
    assert.ok(!res.body.includes('id="header-q"'), 'no second search box in the header');
    assert.ok(res.body.indexOf('id="home-q"') < res.body.indexOf('id="topics-heading"'), 'the question box comes before everything else');
  });

  it('the home page shows the top-level topics with their sub-topics, recent articles, resources and a way to ask', async () => {
    const body = (await t.app.inject({ url: '/' })).body;
    const topics = elementHtml(body, '<section aria-labelledby="topics-heading">')!;
    const roots = await t.ctx.db.selectFrom('categories').select(['path', 'name']).where('depth', '=', 0).execute();
    for (const root of roots.filter((r) => r.path !== 'draft-topic')) assert.ok(topics.includes(`<a href="/topics/${root.path}">${root.name}</a>`), root.path);
    assert.ok(!topics.includes('draft-topic'), 'a topic with only drafts is not shown');
    const dialysisCard = elementHtml(topics.slice(topics.indexOf('<a href="/topics/dialysis">') - 40), '<li class="card">')!;
    assert.ok(dialysisCard.includes('<a href="/topics/dialysis/complications">Complications</a>'), 'children under their parent');

    const recent = articleLinks(elementHtml(body, '<section aria-labelledby="recent-heading">')!);
    assert.deepEqual(recent, (await publishedByRecency(t.ctx)).slice(0, 6).map((r) => r.slug), 'the six most recently updated');

    const resources = elementHtml(body, '<section aria-labelledby="resources-heading">')!;
    for (const href of ['/resources/creatinine', '/resources/treatment', '/resources/experts']) assert.ok(resources.includes(`href="${href}"`), href);
    assert.ok(elementHtml(body, '<section class="cta" aria-labelledby="ask-heading">')!.includes('<a class="button" href="/ask">Ask an expert</a>'));
  });

  it('each resource page has its introduction and the articles that belong to it', async () => {
    const expectations: Record<string, { includes: string[]; excludes: string[] }> = {
      creatinine: { includes: ['what-creatinine-means', 'egfr-and-ckd-stages', 'proteinuria'], excludes: ['kidney-transplant-basics', 'hiccups-on-dialysis'] },
      treatment: { includes: ['kidney-transplant-basics', 'home-dialysis', 'haemodialysis-vs-peritoneal-dialysis', 'conservative-kidney-management'], excludes: ['what-creatinine-means', 'hiccups-on-dialysis'] },
      experts: { includes: [], excludes: [] },
    };
    for (const resource of RESOURCES) {
      const res = await t.app.inject({ url: `/resources/${resource.slug}` });
      assert.equal(res.statusCode, 200, resource.slug);
      assert.equal(h1(res.body), resource.title);
      assert.deepEqual(breadcrumbs(res.body).labels, ['Home', resource.label]);
      assert.ok(textOf(res.body).includes(resource.intro[0]!), 'the introduction');
      assert.ok(res.body.includes('href="/ask"'), 'a way to ask');
      const links = articleLinks(elementHtml(res.body, '<main') ?? '');
      const expected = expectations[resource.slug]!;
      for (const slug of expected.includes) assert.ok(links.includes(slug), `${resource.slug} lists ${slug}`);
      for (const slug of expected.excludes) assert.ok(!links.includes(slug), `${resource.slug} does not list ${slug}`);
    }
    const experts = textOf((await t.app.inject({ url: '/resources/experts' })).body);
    assert.ok(experts.includes('How to ask') && experts.includes('call 999'), 'how to ask, and not for emergencies');
    assert.equal((await t.app.inject({ url: '/resources/other' })).statusCode, 404);
  });

  it('/sitemap.xml is valid and lists home, topics, each topic, each published article with its date, tags and resources', async () => {
    const res = await t.app.inject({ url: '/sitemap.xml' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
    assert.equal(XMLValidator.validate(res.body), true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'url' }).parse(res.body) as {
      urlset: { '@_xmlns': string; url: { loc: string; lastmod?: string }[] };
    };
    assert.equal(parsed.urlset['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
    const entries = new Map(parsed.urlset.url.map((u) => [u.loc, u.lastmod]));
    assert.equal(entries.size, parsed.urlset.url.length, 'no URL twice');
    for (const loc of entries.keys()) assert.ok(loc.startsWith(`${BASE}/`), `absolute: ${loc}`);

    const articles = await publishedByRecency(t.ctx);
    for (const a of articles) assert.equal(entries.get(`${BASE}/articles/${a.slug}`), a.updated_on, `${a.slug} with lastmod`);
    const articleLocs = [...entries.keys()].filter((l) => l.startsWith(`${BASE}/articles/`));
    assert.equal(articleLocs.length, articles.length, 'only published articles');
    assert.ok(!entries.has(`${BASE}/articles/unpublished-draft`));
    for (const path of ['/', '/topics', '/topics/dialysis', '/topics/dialysis/complications/bleeding', '/resources/creatinine', '/resources/treatment', '/resources/experts', '/tags/blood%20tests']) {
      assert.ok(entries.has(`${BASE}${path}`), path);
    }
    assert.ok(!entries.has(`${BASE}/topics/draft-topic`) && !entries.has(`${BASE}/tags/secret%20tag`), 'nothing only drafts use');
  });

  it('/robots.txt allows everything public and points to the sitemap', async () => {
    const res = await t.app.inject({ url: '/robots.txt' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const lines = res.body.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    assert.deepEqual(lines, ['User-agent: *', 'Allow: /', 'Disallow: /staff', 'Disallow: /api/', 'Disallow: /case', `Sitemap: ${BASE}/sitemap.xml`]);
  });

  it('the home page is cached with an ETag and refreshed when content changes', async () => {
    const first = await t.app.inject({ url: '/' });
    const etag = String(first.headers.etag);
    assert.equal((await t.app.inject({ url: '/', headers: { 'if-none-match': etag } })).statusCode, 304);
    await upsertArticle(t.ctx, buildArticle({ slug: 'brand-new', title: 'A brand new article', updatedOn: '2027-01-01', reviewedOn: '2027-01-01' }));
    const after = await t.app.inject({ url: '/', headers: { 'if-none-match': etag } });
    assert.equal(after.statusCode, 200, 'a change makes the old ETag stale');
    assert.equal(articleLinks(elementHtml(after.body, '<section aria-labelledby="recent-heading">')!)[0], 'brand-new');
  });
});
