import type { Db } from '../database.ts';
import { listAllPublishedArticles, listPublicTags, loadCategoryTree, type CategoryNode } from './article.repository.ts';
import { xml } from './xml.ts';

export const SITEMAP_TYPE = 'application/xml; charset=utf-8';

export interface SitemapEntry {
  /** Site-relative path, e.g. `/articles/x`. */
  readonly path: string;
  /** YYYY-MM-DD, when known. */
  readonly lastmod?: string | undefined;
}

/** A sitemaps.org document with absolute URLs built from `baseUrl`. */
export function renderSitemap(baseUrl: string, entries: readonly SitemapEntry[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.map((e) => xml`<url><loc>${baseUrl}${e.path}</loc>${e.lastmod ? xml`<lastmod>${e.lastmod}</lastmod>` : ''}</url>
`)}</urlset>
`.value}`;
}

/** The knowledge base's public pages: the topic list, each topic, each published article and each tag. */
export async function knowledgeBaseSitemapEntries(db: Db): Promise<SitemapEntry[]> {
  const [tree, articles, tags] = await Promise.all([loadCategoryTree(db), listAllPublishedArticles(db), listPublicTags(db)]);
  const topics: SitemapEntry[] = [];
  const walk = (nodes: readonly CategoryNode[]): void => {
    for (const n of nodes) {
      topics.push({ path: `/topics/${n.path}` });
      walk(n.children);
    }
  };
  walk(tree.roots);
  return [
    { path: '/topics' },
    ...topics,
    ...articles.map((a) => ({ path: `/articles/${a.slug}`, lastmod: a.updatedOn })),
    ...tags.map((t) => ({ path: `/tags/${encodeURIComponent(t)}` })),
  ];
}
