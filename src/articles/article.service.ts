import type { AppContext } from '../context.ts';
import type { Db, Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { categorySlug, type ArticleInput } from './article-file.ts';
import type { ArticleStatus, CategoryRow } from './article.table.ts';
import { syncArticleSearch } from './article-search.ts';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates or updates an article by slug, with its category chain and tags, in one transaction,
 * then tells the page cache (and anything else listening) that content changed.
 */
export async function upsertArticle(ctx: AppContext, input: ArticleInput): Promise<UpsertOutcome> {
  const outcome = await ctx.db.transaction().execute((trx) => upsertArticleInTransaction(trx, input, ctx.now()));
  if (outcome !== 'unchanged') notifyContentChanged(ctx);
  return outcome;
}

/** The transactional part of upsertArticle, for callers that batch several writes. */
export async function upsertArticleInTransaction(trx: Trx, input: ArticleInput, now: Date): Promise<UpsertOutcome> {
  const stamp = now.toISOString();
  const category = await ensureCategoryChain(trx, input.categoryPath, stamp);
  const existing = await trx.selectFrom('articles').selectAll().where('slug', '=', input.slug).executeTakeFirst();
  const values = {
    title: input.title,
    summary: input.summary,
    body: input.body,
    category_id: category.id,
    status: input.status,
    is_sample: input.sample ? 1 : 0,
    updated_on: input.updatedOn,
    reviewed_on: input.reviewedOn,
    next_review_on: input.nextReviewOn,
    reviewed_by: input.reviewedBy,
  };
  let articleId: string;
  let outcome: UpsertOutcome;
  if (existing) {
    articleId = existing.id;
    const oldTags = await trx.selectFrom('article_tags').select('tag').where('article_id', '=', articleId).orderBy('position').execute();
    const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => existing[k] === values[k])
      && oldTags.map((t) => t.tag).join('\n') === input.tags.join('\n');
    if (same) return 'unchanged';
    await trx.updateTable('articles').set({
      ...values,
      published_at: input.status === 'published' ? (existing.published_at ?? stamp) : existing.published_at,
      modified_at: stamp,
    }).where('id', '=', articleId).execute();
    await trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
    outcome = 'updated';
  } else {
    articleId = newId(now.getTime());
    await trx.insertInto('articles').values({
      id: articleId, slug: input.slug, ...values,
      published_at: input.status === 'published' ? stamp : null,
      created_at: stamp, modified_at: stamp,
    }).execute();
    outcome = 'created';
  }
  if (input.tags.length > 0) {
    await trx.insertInto('article_tags').values(input.tags.map((tag, position) => ({ article_id: articleId, tag, position }))).execute();
  }
  await syncArticleSearch(trx, articleId);
  return outcome;
}

/** Changes an article's status (e.g. unpublish); returns false when the slug is unknown. */
export async function setArticleStatus(ctx: AppContext, slug: string, status: ArticleStatus): Promise<boolean> {
  const stamp = ctx.now().toISOString();
  const existing = await ctx.db.selectFrom('articles').select(['id', 'published_at']).where('slug', '=', slug).executeTakeFirst();
  if (!existing) return false;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('articles').set({
      status,
      modified_at: stamp,
      published_at: status === 'published' ? (existing.published_at ?? stamp) : existing.published_at,
    }).where('id', '=', existing.id).execute();
    await syncArticleSearch(trx, existing.id);
  });
  notifyContentChanged(ctx);
  return true;
}

/** Number of articles in any status; used to decide whether to load the sample content. */
export async function countArticles(db: Db): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Clears cached pages after any article change so no page is served stale. */
export function notifyContentChanged(ctx: AppContext): void {
  ctx.pageCache.invalidate();
}

async function ensureCategoryChain(trx: Trx, names: readonly string[], stamp: string): Promise<CategoryRow> {
  let parent: CategoryRow | undefined;
  const slugs: string[] = [];
  for (const [depth, name] of names.entries()) {
    slugs.push(categorySlug(name));
    const path = slugs.join('/');
    let row = await trx.selectFrom('categories').selectAll().where('path', '=', path).executeTakeFirst();
    if (!row) {
      row = { id: newId(), path, name, parent_id: parent?.id ?? null, depth, created_at: stamp };
      await trx.insertInto('categories').values(row).execute();
    } else if (row.name !== name) {
      await trx.updateTable('categories').set({ name }).where('id', '=', row.id).execute();
      row = { ...row, name };
    }
    parent = row;
  }
  return parent!;
}
