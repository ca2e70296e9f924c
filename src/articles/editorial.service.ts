import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import type { ArticleRowUpdate } from './article.table.ts';
import { notifyContentChanged } from './article.service.ts';
import { syncArticleSearch } from './article-search.ts';
import { appendRevision, countRevisions, type RevisionContent } from './article-revisions.ts';
import { aYearAfter, editorialState, loadEditorialArticle, type EditorialState } from './editorial.repository.ts';
import type { ArticleDraft } from './editorial-input.ts';

// The rules of the editorial workflow. Who may do what is decided by the staff policy before
// these are called; here are the states:
//   draft ──submit──▶ in_review ──sign off──▶ published ──unpublish──▶ unpublished ──submit──▶ in_review
//   in_review ──send back / save──▶ draft
// A published article stays live while it is edited: saves become revisions (`pending_revision`)
// that are submitted and reach the page only when a reviewer signs them off.
// Every change appends an audit row (ids only) in its transaction, keeps the search index in step
// in the same transaction, and clears the page cache once committed.

/** Who acts: a staff member's id, and the name shown on an article they sign off. */
export interface EditorialActor {
  readonly id: string;
  readonly name: string;
}

/** Client address for the audit log. */
export interface EditorialMeta {
  readonly ip: string;
}

const SLUG_TAKEN = 'Another article already uses this slug. Choose a different one.';
const SLUG_LOCKED = 'The slug of an article that has been published cannot change: links to it would break.';

/** Thrown when an action does not fit the article's current state (someone else got there first, or the button was stale). */
export function stateConflict(state: EditorialState): AppError {
  return new AppError('ARTICLE_STATE_CONFLICT', {
    status: 409, message: `That cannot be done to this article while it is ${STATE_WORDS[state]}. Reload the page to see its current state.`,
  });
}

const STATE_WORDS: Record<EditorialState, string> = {
  draft: 'a draft', in_review: 'in review', published: 'published', unpublished: 'unpublished',
  changes_draft: 'published with draft changes', changes_in_review: 'published with changes in review',
};

/** Creates a draft article with its first revision; returns its id. Throws ARTICLE_SLUG_TAKEN (409). */
export async function createArticle(ctx: AppContext, actor: EditorialActor, draft: ArticleDraft, meta: EditorialMeta): Promise<string> {
  const now = ctx.now();
  const stamp = now.toISOString();
  const id = newId(now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await assertSlugFree(trx, draft.slug, undefined);
    await trx.insertInto('articles').values({
      id, slug: draft.slug, title: draft.title, summary: draft.summary, body: draft.body, category_id: draft.categoryId,
      status: 'draft', is_sample: 0, updated_on: stamp.slice(0, 10), created_at: stamp, modified_at: stamp, author_id: actor.id,
    }).execute();
    await writeTags(trx, id, draft.tags);
    await appendRevision(trx, id, contentOf(draft), { authorId: actor.id, note: draft.note, now });
    await audit(trx, actor, 'article.created', id, meta, now);
  });
  return id;
}

/**
 * Saves the form. A draft, in-review or unpublished article is changed in place (an article in
 * review goes back to draft: what the reviewer signs off must be what they read). A published
 * article is not touched: the content becomes a pending revision, back in draft if it was submitted.
 * Every save appends a revision. Returns the new state.
 */
export async function saveArticle(ctx: AppContext, actor: EditorialActor, id: string, draft: ArticleDraft, meta: EditorialMeta): Promise<EditorialState> {
  const now = ctx.now();
  const stamp = now.toISOString();
  const state = await ctx.db.transaction().execute(async (trx) => {
    const article = await loadForUpdate(trx, id);
    if (draft.slug !== article.slug) {
      if (article.publishedAt !== null) throw new AppError('ARTICLE_SLUG_LOCKED', { status: 422, message: SLUG_LOCKED, fields: [{ field: 'slug', message: SLUG_LOCKED }] });
      await assertSlugFree(trx, draft.slug, id);
    }
    // An imported article's first console edit keeps what it was before as revision 1.
    if (await countRevisions(trx, id) === 0) {
      await appendRevision(trx, id, article.live, { authorId: null, note: 'Before the first edit in the console', now });
    }
    const number = await appendRevision(trx, id, contentOf(draft), { authorId: actor.id, note: draft.note, now });
    let update: ArticleRowUpdate;
    if (article.status === 'published') {
      update = { pending_revision: number, submitted_at: null };
    } else {
      update = {
        slug: draft.slug, title: draft.title, summary: draft.summary, body: draft.body, category_id: draft.categoryId,
        updated_on: stamp.slice(0, 10),
        ...(article.status === 'in_review' ? { status: 'draft' as const, submitted_at: null } : {}),
      };
      await writeTags(trx, id, draft.tags);
    }
    const updated = await transition(trx, article.id, article.modifiedAt, { ...update, modified_at: stamp });
    if (!updated) throw stateConflict(article.state);
    await audit(trx, actor, 'article.saved', id, meta, now);
    await syncArticleSearch(trx, id);
    return editorialState({ status: update.status ?? article.status, pending_revision: update.pending_revision ?? article.pendingRevision, submitted_at: update.submitted_at === undefined ? article.submittedAt : update.submitted_at });
  });
  notifyContentChanged(ctx);
  return state;
}

/** Asks for review: a draft or unpublished article goes to in_review; a published article's pending changes are marked submitted. */
export async function submitForReview(ctx: AppContext, actor: EditorialActor, id: string, meta: EditorialMeta): Promise<void> {
  await changeState(ctx, actor, id, meta, 'article.submitted', (article, stamp) => {
    if (article.state === 'draft' || article.state === 'unpublished') return { status: 'in_review', submitted_at: stamp, review_comment: null };
    if (article.state === 'changes_draft') return { submitted_at: stamp, review_comment: null };
    return undefined;
  });
}

/**
 * The reviewer's sign-off: the submitted content goes live with today's review date, the
 * reviewer's name and id, and the next review date (a year from today unless one is given).
 * The caller has checked that the reviewer may sign off this article (not its author).
 */
export async function signOffArticle(
  ctx: AppContext, reviewer: EditorialActor, id: string, options: { nextReviewOn: string | null }, meta: EditorialMeta,
): Promise<void> {
  await changeState(ctx, reviewer, id, meta, ['article.signed_off', 'article.published'], async (article, stamp, trx) => {
    const today = stamp.slice(0, 10);
    const review: ArticleRowUpdate = {
      status: 'published', published_at: article.publishedAt ?? stamp, submitted_at: null, review_comment: null,
      reviewed_on: today, reviewed_by: reviewer.name, reviewed_by_id: reviewer.id,
      next_review_on: options.nextReviewOn ?? aYearAfter(today), updated_on: today,
    };
    if (article.state === 'in_review') return review;
    if (article.state !== 'changes_in_review') return undefined;
    await applyContent(trx, id, article.working);
    return { ...review, pending_revision: null };
  });
}

/** The reviewer sends the submitted work back to its author with a comment (stored on the article, never audited). */
export async function sendBackToDraft(ctx: AppContext, actor: EditorialActor, id: string, comment: string, meta: EditorialMeta): Promise<void> {
  await changeState(ctx, actor, id, meta, 'article.returned', (article) => {
    if (article.state === 'in_review') return { status: 'draft', submitted_at: null, review_comment: comment };
    if (article.state === 'changes_in_review') return { submitted_at: null, review_comment: comment };
    return undefined;
  });
}

/**
 * Takes a published article off the site at once (page, lists, feeds, sitemap, search). Pending
 * changes become its content, as nothing of it is public any more; it returns only through review.
 */
export async function unpublishArticle(ctx: AppContext, actor: EditorialActor, id: string, meta: EditorialMeta): Promise<void> {
  await changeState(ctx, actor, id, meta, 'article.unpublished', async (article, _stamp, trx) => {
    if (article.status !== 'published') return undefined;
    if (article.pendingRevision !== null) await applyContent(trx, id, article.working);
    return { status: 'unpublished', pending_revision: null, submitted_at: null };
  });
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadEditorialArticle>>>;

/** One state change: reload inside the transaction, decide, write only if nobody changed the row meanwhile, audit, reindex. */
async function changeState(
  ctx: AppContext, actor: EditorialActor, id: string, meta: EditorialMeta, actions: string | readonly string[],
  decide: (article: Loaded, stamp: string, trx: Trx) => ArticleRowUpdate | undefined | Promise<ArticleRowUpdate | undefined>,
): Promise<void> {
  const now = ctx.now();
  const stamp = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const article = await loadForUpdate(trx, id);
    const update = await decide(article, stamp, trx);
    if (!update || !await transition(trx, id, article.modifiedAt, { ...update, modified_at: stamp })) throw stateConflict(article.state);
    for (const action of typeof actions === 'string' ? [actions] : actions) await audit(trx, actor, action, id, meta, now);
    await syncArticleSearch(trx, id);
  });
  notifyContentChanged(ctx);
}

async function loadForUpdate(trx: Trx, id: string): Promise<Loaded> {
  const article = await loadEditorialArticle(trx, id);
  if (!article) throw new AppError('NOT_FOUND');
  return article;
}

/** Updates the row only if it is unchanged since it was read; false when someone else changed it first. */
async function transition(trx: Trx, id: string, modifiedAt: string, update: ArticleRowUpdate): Promise<boolean> {
  const result = await trx.updateTable('articles').set(update).where('id', '=', id).where('modified_at', '=', modifiedAt).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function applyContent(trx: Trx, id: string, content: RevisionContent): Promise<void> {
  await trx.updateTable('articles').set({
    title: content.title, summary: content.summary, body: content.body, category_id: content.categoryId,
  }).where('id', '=', id).execute();
  await writeTags(trx, id, content.tags);
}

async function writeTags(trx: Trx, id: string, tags: readonly string[]): Promise<void> {
  await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
  if (tags.length > 0) await trx.insertInto('article_tags').values(tags.map((tag, position) => ({ article_id: id, tag, position }))).execute();
}

async function assertSlugFree(trx: Trx, slug: string, exceptId: string | undefined): Promise<void> {
  let query = trx.selectFrom('articles').select('id').where('slug', '=', slug);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new AppError('ARTICLE_SLUG_TAKEN', { status: 409, message: SLUG_TAKEN, fields: [{ field: 'slug', message: SLUG_TAKEN }] });
}

async function audit(trx: Trx, actor: EditorialActor, action: string, id: string, meta: EditorialMeta, at: Date): Promise<void> {
  await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action, subject: { type: 'article', id }, ip: meta.ip, at });
}

function contentOf(draft: ArticleDraft): RevisionContent {
  return { title: draft.title, summary: draft.summary, body: draft.body, categoryId: draft.categoryId, tags: draft.tags };
}

