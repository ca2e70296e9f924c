import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type RecordedPage, type TestServer } from '../browser.ts';

// Real Chromium against the real app: a person finds an article by clicking, on both databases.

const { skip, browser: theBrowser } = useBrowser();

describeEachDatabase('knowledge base in a browser', (kind) => {
  let server: TestServer;
  before(async () => {
    if (!skip) server = await startServer(kind);
  });
  after(async () => {
    await server?.close();
  });

  test('home → topic → article → back to the topic by its breadcrumb', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/`);
      await expectOneH1(page);
      const question = page.getByLabel('Type your question', { exact: true });
      assert.ok(await question.isVisible(), 'the home page has a search box labelled "Type your question"');
      assert.equal(await question.evaluate((el) => el.closest('form') !== null), true, 'the search box is in a form');

      const topic = await openTopicWithArticles(page, server.baseUrl);
      const article = await clickFirst(page, page.locator('main a[href^="/articles/"]'), server.baseUrl);
      assert.match(new URL(page.url()).pathname, /^\/articles\/[a-z0-9-]+$/);
      const heading = await expectOneH1(page);
      assert.ok(article.label.includes(heading), `the link "${article.label}" led to the article "${heading}"`);

      const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
      const back = crumbs.locator(`a[href="${topic.path}"]`);
      assert.equal(await back.count(), 1, `the article's breadcrumb links back to ${topic.path}`);
      await clickFirst(page, back, server.baseUrl);
      assert.equal(new URL(page.url()).pathname, topic.path);
      assert.equal(await expectOneH1(page), topic.heading);

      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });

  test('axe-core finds no serious or critical problems on home, topic, article and 404 pages', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/`);
      const problems = await seriousAxeViolations(page);
      await openTopicWithArticles(page, server.baseUrl);
      problems.push(...await seriousAxeViolations(page));
      await clickFirst(page, page.locator('main a[href^="/articles/"]'), server.baseUrl);
      problems.push(...await seriousAxeViolations(page));

      for (const path of ['/no-such-page', '/articles/no-such-article-here']) {
        const missing = await page.goto(`${server.baseUrl}${path}`);
        assert.equal(missing?.status(), 404, `${path} is a 404`);
        await expectOneH1(page);
        problems.push(...await seriousAxeViolations(page));
      }

      assert.deepEqual(problems, [], problems.join('\n'));
      assertClean(recorded, { allow: /status of 404/ });
    } finally {
      await page.context().close();
    }
  });

  test('with JavaScript off, a person can still reach an article', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser(), { javaScriptEnabled: false });
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/`);
      await openTopicWithArticles(page, server.baseUrl);
      const article = await clickFirst(page, page.locator('main a[href^="/articles/"]'), server.baseUrl);
      const heading = await expectOneH1(page);
      assert.ok(article.label.includes(heading), `the link "${article.label}" led to the article "${heading}"`);
      assert.ok((await page.locator('main p').count()) > 0, 'the article has body text');
      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });
});

interface Visited {
  readonly path: string;
  readonly label: string;
}

/** Clicks the first matching link like a person would and waits for the page it leads to. */
async function clickFirst(page: Page, links: Locator, baseUrl: string): Promise<Visited> {
  const link = links.first();
  await link.waitFor({ state: 'visible' });
  const href = await link.getAttribute('href');
  assert.ok(href, 'the link has an href');
  const label = (await link.innerText()).trim();
  const target = new URL(href, page.url() || baseUrl);
  await link.click();
  await page.waitForURL(target.href);
  await page.waitForLoadState('load');
  return { path: target.pathname, label };
}

/**
 * From the home page, clicks a topic, then subtopics until one lists articles (a top-level topic
 * may only list its subtopics). Checks each topic page has one heading and a breadcrumb.
 */
async function openTopicWithArticles(page: Page, baseUrl: string): Promise<{ path: string; heading: string }> {
  const fromHome = page.locator('main a[href^="/topics/"]');
  if ((await fromHome.count()) === 0) await clickFirst(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Topics' }), baseUrl);
  await clickFirst(page, page.locator('main a[href^="/topics/"]'), baseUrl);
  for (let depth = 0; depth < 5; depth++) {
    const path = new URL(page.url()).pathname;
    assert.match(path, /^\/topics\/[a-z0-9-]+(\/[a-z0-9-]+)*$/);
    const heading = await expectOneH1(page);
    assert.equal(await page.getByRole('navigation', { name: 'Breadcrumb' }).count(), 1, `${path} has a breadcrumb`);
    if ((await page.locator('main a[href^="/articles/"]').count()) > 0) return { path, heading };
    const deeper = page.locator(`main a[href^="${path}/"]`);
    assert.ok((await deeper.count()) > 0, `${path} lists neither articles nor subtopics`);
    await clickFirst(page, deeper, baseUrl);
  }
  assert.fail('no topic with articles within five levels');
}

/** Asserts the page has exactly one non-empty h1 and returns its text. */
async function expectOneH1(page: Page): Promise<string> {
  const h1 = page.locator('h1');
  assert.equal(await h1.count(), 1, `${page.url()} has exactly one h1`);
  const text = (await h1.innerText()).trim();
  assert.ok(text.length > 0, `${page.url()} has an empty h1`);
  return text;
}

function assertClean(recorded: RecordedPage, options: { allow?: RegExp } = {}): void {
  assert.deepEqual(recorded.record.cspViolations, [], 'no Content-Security-Policy violations');
  assert.deepEqual(recorded.record.pageErrors, [], 'no uncaught page errors');
  assert.deepEqual(recorded.consoleErrors(options), [], 'no console errors');
}
