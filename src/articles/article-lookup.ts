import type { Db } from '../database.ts';
import { searchKnowledge } from '../search/index.ts';

/** An article an expert may link to from an answer. */
export interface ArticleLinkCandidate {
  readonly title: string;
  /** Site-relative, e.g. `/articles/kidney-diet`. */
  readonly url: string;
  readonly summary: string;
}

const MAX_RESULTS = 8;

/**
 * Published articles matching a query, best first, at most eight: the same search patients use
 * (/api/search), then checked against the articles table so a stale index entry for an article
 * that is no longer published is never offered as a link.
 */
export async function lookupPublishedArticles(db: Db, query: string): Promise<ArticleLinkCandidate[]> {
  if (query.trim() === '') return [];
  const found = await searchKnowledge(db, query, { limit: MAX_RESULTS * 2 });
  const slugs = found.results.filter((r) => r.type === 'article').map((r) => r.slug);
  if (slugs.length === 0) return [];
  const rows = await db.selectFrom('articles').select(['slug', 'title', 'summary'])
    .where('status', '=', 'published').where('slug', 'in', slugs).execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  return slugs.flatMap((slug) => {
    const row = bySlug.get(slug);
    return row ? [{ title: row.title, url: `/articles/${row.slug}`, summary: row.summary }] : [];
  }).slice(0, MAX_RESULTS);
}
