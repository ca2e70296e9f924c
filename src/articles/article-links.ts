import type { Db } from '../database.ts';
import type { ArticleLink } from './article.repository.ts';

/** The published articles among `slugs`, as links, in the order the slugs were given; drafts and unknown slugs are left out. */
export async function listPublishedArticleLinks(db: Db, slugs: readonly string[]): Promise<ArticleLink[]> {
  if (slugs.length === 0) return [];
  const rows = await db.selectFrom('articles').where('status', '=', 'published').where('slug', 'in', [...slugs])
    .select(['slug', 'title']).execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  return slugs.flatMap((slug) => {
    const row = bySlug.get(slug);
    return row ? [{ slug: row.slug, title: row.title }] : [];
  });
}
