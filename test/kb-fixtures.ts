import assert from 'node:assert/strict';
import { importArticlesFromDir, upsertArticle } from '../src/articles/index.ts';
import type { ArticleInput } from '../src/articles/article-file.ts';
import { SAMPLE_CONTENT_DIR } from '../src/main.ts';
import type { AppContext } from '../src/context.ts';
import type { DatabaseKind } from '../src/db/index.ts';
import { createTestApp, type TestApp } from './test-app.ts';

// Builders and HTML readers for the knowledge-base page tests.

/** Articles added to one category so that it needs more than one page. */
export const EXTRA_CATEGORY = ['Pagination test', 'Many'] as const;
export const EXTRA_COUNT = 23;

/** A valid article; override what the test is about. */
export function buildArticle(overrides: Partial<ArticleInput> & { slug: string }): ArticleInput {
  return {
    title: `Article ${overrides.slug}`,
    categoryPath: ['Testing'],
    tags: [],
    summary: `Summary of ${overrides.slug}.`,
    updatedOn: '2020-01-01',
    reviewedOn: '2020-01-01',
    nextReviewOn: null,
    reviewedBy: null,
    status: 'published',
    sample: false,
    body: `An opening paragraph about ${overrides.slug}.\n\n## Details\n\nMore text.`,
    ...overrides,
  };
}

/** A test app with the sample articles imported and 23 extra articles in one category. */
export async function createKnowledgeBaseApp(kind: DatabaseKind, options: { now?: () => Date } = {}): Promise<TestApp> {
  const app = await createTestApp(kind, options);
  const report = await importArticlesFromDir(app.ctx, SAMPLE_CONTENT_DIR, { sample: true });
  assert.equal(report.failedFiles, 0, 'the sample content imports cleanly');
  for (let i = 1; i <= EXTRA_COUNT; i++) {
    const n = String(i).padStart(2, '0');
    // Old dates keep these out of the "recently updated" lists and feeds the tests compare.
    await upsertArticle(app.ctx, buildArticle({ slug: `extra-${n}`, title: `Extra article ${n}`, categoryPath: [...EXTRA_CATEGORY], updatedOn: '2019-06-01', reviewedOn: '2019-06-01' }));
  }
  return app;
}

/** Published articles as the database has them, most recently updated first (the feeds' order). */
export async function publishedByRecency(ctx: AppContext): Promise<{ slug: string; title: string; summary: string; updated_on: string; category_path: string }[]> {
  return ctx.db.selectFrom('articles as a').innerJoin('categories as c', 'c.id', 'a.category_id')
    .where('a.status', '=', 'published')
    .select(['a.slug', 'a.title', 'a.summary', 'a.updated_on', 'c.path as category_path'])
    .orderBy('a.updated_on', 'desc').orderBy('a.title').orderBy('a.slug').execute();
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The text a person reads: tags removed, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!).replace(/\s+/g, ' ').trim();
}

/** The inner HTML of the first element that opens with `opening` (e.g. `<nav class="breadcrumbs`), up to its matching close. */
export function elementHtml(html: string, opening: string): string | undefined {
  const start = html.indexOf(opening);
  if (start < 0) return undefined;
  const tag = /^<([a-z0-9]+)/.exec(opening)?.[1];
  assert.ok(tag, `"${opening}" starts with a tag`);
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) return html.slice(html.indexOf('>', start) + 1, m.index);
  }
  return undefined;
}

/** The breadcrumb trail's labels, in order, and the links of those that are links. */
export function breadcrumbs(html: string): { labels: string[]; hrefs: (string | undefined)[] } {
  const nav = elementHtml(html, '<nav class="breadcrumbs');
  assert.ok(nav, 'the page has a breadcrumb trail');
  const items = [...nav.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => m[1]!);
  return { labels: items.map(textOf), hrefs: items.map((i) => /href="([^"]*)"/.exec(i)?.[1]) };
}

/** Every `/articles/<slug>` link inside a piece of HTML, in order. */
export function articleLinks(html: string): string[] {
  return [...html.matchAll(/href="\/articles\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

/** The `<h1>` text (asserting there is exactly one). */
export function h1(html: string): string {
  const all = [...html.matchAll(/<h1\b[^>]*>(.*?)<\/h1>/gs)];
  assert.equal(all.length, 1, 'the page has exactly one h1');
  return textOf(all[0]![1]!);
}
