import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import type { TestApp } from '../../test/test-app.ts';
import { buildArticle, createKnowledgeBaseApp, elementHtml, h1, textOf } from '../../test/kb-fixtures.ts';
import { upsertArticle } from '../articles/index.ts';

// The navigation and information pages: privacy notice, accessibility statement, the HTML site
// map, the creatinine hub's link to the calculator, and the links in every page's header and footer.

const BASE = 'http://kidneydesk.test';
const FOOTER_LINKS: readonly [href: string, label: string][] = [
  ['/topics', 'All topics'], ['/ask', 'Ask an expert'], ['/experts', 'Our experts'], ['/stories', 'Patient stories'], ['/tools/egfr', 'eGFR calculator'], ['/privacy', 'Privacy notice'],
  ['/accessibility', 'Accessibility statement'], ['/site-map', 'Site map'],
];
const HEADER_LINKS: readonly [href: string, label: string][] = [
  ['/resources/creatinine', 'Creatinine'], ['/resources/treatment', 'Treatment'], ['/resources/experts', 'Experts'], ['/ask', 'Ask an expert'],
];

describeEachDatabase('information pages and site navigation', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createKnowledgeBaseApp(kind);
    await upsertArticle(t.ctx, buildArticle({ slug: 'nav-draft', title: 'A draft', categoryPath: ['Hidden draft topic'], status: 'draft' }));
  });
  after(async () => {
    await t?.close();
  });

  it('/privacy says what is collected, why, for how long, who sees it and how to delete it, and that it is a template', async () => {
    const res = await t.app.inject({ url: '/privacy' });
    assert.equal(res.statusCode, 200);
    assert.equal(h1(res.body), 'Privacy notice');
    const text = textOf(res.body);
    for (const phrase of ['Template — the clinic must adapt this notice', 'What we collect when you ask an expert', 'Why we use it',
      'How long we keep it', '180 days later', 'the clinic may set a different one', 'Medical reports are stored encrypted',
      'Who can see it', 'audit log', 'Your rights', 'from your case page', 'no new message for 30 days is closed for you',
      'contact form are deleted 180 days after they arrive', 'takes it off the site at once']) {
      assert.ok(text.includes(phrase), phrase);
    }
  });

  it('/accessibility states the WCAG 2.2 AA target, the testing, known limitations and how to report a problem', async () => {
    const res = await t.app.inject({ url: '/accessibility' });
    assert.equal(res.statusCode, 200);
    assert.equal(h1(res.body), 'Accessibility statement');
    const text = textOf(res.body);
    for (const phrase of ['WCAG) 2.2 at level AA', 'How we test', 'axe', 'Keyboard-only', 'Known limitations', 'Tell us about a problem']) {
      assert.ok(text.includes(phrase), phrase);
    }
    assert.ok(elementHtml(res.body, '<main')!.includes('href="/ask"'), 'a way to report a problem');
  });

  it('/site-map lists the main pages, resources, every public topic and the information pages', async () => {
    const res = await t.app.inject({ url: '/site-map' });
    assert.equal(res.statusCode, 200);
    assert.equal(h1(res.body), 'Site map');
    const main = elementHtml(res.body, '<main')!;
    for (const href of ['/', '/topics', '/search', '/ask', '/tools/egfr', '/resources/creatinine', '/resources/treatment', '/resources/experts',
      '/privacy', '/accessibility', '/sitemap.xml', '/feed.xml']) {
      assert.ok(main.includes(`href="${href}"`), href);
    }
    const topics = await t.ctx.db.selectFrom('categories').select('path').execute();
    for (const topic of topics.filter((c) => c.path !== 'hidden-draft-topic')) assert.ok(main.includes(`href="/topics/${topic.path}"`), topic.path);
    assert.ok(!main.includes('hidden-draft-topic'), 'a topic with only drafts is left out');
    assert.ok(textOf(main).includes('Dialysis ('), 'topics with their article counts');
  });

  it('the creatinine hub leads to the eGFR calculator', async () => {
    const res = await t.app.inject({ url: '/resources/creatinine' });
    const tool = elementHtml(res.body, '<section class="card resource-tool"')!;
    assert.ok(tool.includes('<a href="/tools/egfr">Work out your eGFR</a>'));
  });

  it('every page has the header resource links and the footer quick links', async () => {
    for (const url of ['/', '/privacy', '/accessibility', '/site-map', '/tools/egfr', '/topics', '/articles/what-creatinine-means', '/ask', '/no-such-page']) {
      const body = (await t.app.inject({ url })).body;
      const header = elementHtml(body, '<nav class="main-nav"')!;
      for (const [href, label] of HEADER_LINKS) assert.match(header, new RegExp(`<a[^>]* href="${href}"[^>]*>${label}</a>`), `${url}: header ${label}`);
      const footer = elementHtml(body, '<footer class="site-footer">')!;
      for (const [href, label] of FOOTER_LINKS) assert.ok(footer.includes(`<a href="${href}">${label}</a>`), `${url}: footer ${label}`);
    }
  });

  it('/sitemap.xml lists the new public pages', async () => {
    const body = (await t.app.inject({ url: '/sitemap.xml' })).body;
    for (const path of ['/tools/egfr', '/experts', '/stories', '/privacy', '/accessibility', '/site-map']) assert.ok(body.includes(`<loc>${BASE}${path}</loc>`), path);
  });

  it('the information pages are served from the page cache with an ETag', async () => {
    for (const url of ['/privacy', '/accessibility', '/site-map', '/tools/egfr']) {
      const first = await t.app.inject({ url });
      assert.equal(first.headers['cache-control'], 'public, no-cache');
      const etag = String(first.headers.etag);
      assert.equal((await t.app.inject({ url, headers: { 'if-none-match': etag } })).statusCode, 304, url);
    }
  });
});
