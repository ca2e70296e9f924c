import type { Db, Trx } from '../database.ts';
import {
  appendSearchDocuments, clearSearchIndex, deleteSearchDocument, writeSearchDocument, writeWordCounts, type SearchDocument,
} from '../search/index.ts';
import { extractHeadings, markdownToPlainText } from './markdown.ts';
import { loadCategoryNames } from './article.repository.ts';

const BATCH = 200;

/** The search index's view of one article. */
export function articleSearchDocument(article: {
  slug: string; title: string; summary: string; body: string; updatedOn: string; tags: readonly string[];
}, categoryNames: readonly string[]): SearchDocument {
  return {
    type: 'article',
    key: article.slug,
    title: article.title,
    summary: article.summary,
    tags: article.tags,
    headings: extractHeadings(article.body),
    body: markdownToPlainText(article.body),
    url: `/articles/${article.slug}`,
    breadcrumb: categoryNames.join(' › '),
    updatedOn: article.updatedOn,
  };
}

/** Puts the article in the index when published, takes it out otherwise; same transaction as the change. */
export async function syncArticleSearch(trx: Trx, articleId: string): Promise<void> {
  const row = await trx.selectFrom('articles').select(['slug', 'title', 'summary', 'body', 'updated_on', 'status', 'category_id'])
    .where('id', '=', articleId).executeTakeFirst();
  if (!row) return;
  if (row.status !== 'published') {
    await deleteSearchDocument(trx, 'article', row.slug);
    return;
  }
  const tags = await trx.selectFrom('article_tags').select('tag').where('article_id', '=', articleId).orderBy('position').execute();
  const namesOf = await loadCategoryNames(trx);
  await writeSearchDocument(trx, articleSearchDocument({ ...row, updatedOn: row.updated_on, tags: tags.map((t) => t.tag) }, namesOf(row.category_id)));
}

/** Rebuilds the whole index from the published articles, reporting progress. Returns the count. */
export async function reindexArticles(db: Db, onProgress?: (done: number, total: number) => void): Promise<number> {
  const namesOf = await loadCategoryNames(db);
  const ids = (await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute()).map((r) => r.id);
  const wordCounts = new Map<string, number>();
  await db.transaction().execute(async (trx) => {
    await clearSearchIndex(trx);
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      const rows = await trx.selectFrom('articles').select(['id', 'slug', 'title', 'summary', 'body', 'updated_on', 'category_id'])
        .where('id', 'in', chunk).orderBy('id').execute();
      const tags = await trx.selectFrom('article_tags').select(['article_id', 'tag']).where('article_id', 'in', chunk).orderBy('position').execute();
      const docs = rows.map((r) => articleSearchDocument({
        ...r, updatedOn: r.updated_on, tags: tags.filter((t) => t.article_id === r.id).map((t) => t.tag),
      }, namesOf(r.category_id)));
      await appendSearchDocuments(trx, docs, wordCounts);
      onProgress?.(Math.min(i + BATCH, ids.length), ids.length);
    }
    await writeWordCounts(trx, wordCounts);
  });
  return ids.length;
}
