import { mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import { formatArticleFile, type ArticleInput } from './article-file.ts';
import { loadCategoryNames } from './article.repository.ts';

/** Writes every article (any status) as `<slug>.md` with front matter; returns the count. */
export async function exportArticlesToDir(ctx: AppContext, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const articles = await readArticlesForExport(ctx);
  for (const article of articles) {
    const target = path.join(dir, `${article.slug}.md`);
    const temp = `${target}.tmp`;
    await writeFile(temp, formatArticleFile(article), 'utf8');
    await rename(temp, target);
  }
  return articles.length;
}

/** Every article as the ArticleInput it would be imported from. */
export async function readArticlesForExport(ctx: AppContext): Promise<ArticleInput[]> {
  const namesOf = await loadCategoryNames(ctx.db);
  const rows = await ctx.db.selectFrom('articles').selectAll().orderBy('slug').execute();
  const tags = await ctx.db.selectFrom('article_tags').select(['article_id', 'tag']).orderBy('article_id').orderBy('position').execute();
  const tagsOf = new Map<string, string[]>();
  for (const t of tags) tagsOf.set(t.article_id, [...(tagsOf.get(t.article_id) ?? []), t.tag]);
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    categoryPath: namesOf(r.category_id),
    tags: tagsOf.get(r.id) ?? [],
    summary: r.summary,
    updatedOn: r.updated_on,
    reviewedOn: r.reviewed_on ?? r.updated_on,
    nextReviewOn: r.next_review_on,
    reviewedBy: r.reviewed_by,
    status: r.status,
    sample: r.is_sample === 1,
    body: r.body,
  }));
}
