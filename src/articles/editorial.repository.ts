import { sql } from 'kysely';
import type { Db, Trx } from '../database.ts';
import { addMonths } from './article-list.views.ts';
import { nextReviewDue } from './article.views.ts';
import type { ArticleRow, ArticleStatus } from './article.table.ts';
import { findRevision, type RevisionContent } from './article-revisions.ts';

// Reads for the editorial console. Unlike article.repository.ts these see every status.

/**
 * Where an article is in the workflow. A published article stays live while changes to it are
 * drafted (`changes_draft`) and reviewed (`changes_in_review`).
 */
export type EditorialState = ArticleStatus | 'changes_draft' | 'changes_in_review';

/** An article as the console sees it, with the content the editor is working on. */
export interface EditorialArticle {
  readonly id: string;
  readonly slug: string;
  readonly status: ArticleStatus;
  readonly state: EditorialState;
  /** What the editor form shows: the pending revision of a published article, else the article itself. */
  readonly working: RevisionContent;
  /** The content the public sees (equal to `working` unless changes are pending). */
  readonly live: RevisionContent;
  readonly authorId: string | null;
  readonly reviewedOn: string | null;
  readonly reviewedBy: string | null;
  readonly nextReviewOn: string | null;
  readonly publishedAt: string | null;
  readonly submittedAt: string | null;
  readonly pendingRevision: number | null;
  readonly reviewComment: string | null;
  readonly modifiedAt: string;
  /** Who saved the newest revision (null when it has none or it came from an import). */
  readonly lastEditorId: string | null;
}

/** A row of the console's article list. */
export interface EditorialListItem {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly state: EditorialState;
  readonly modifiedAt: string;
  readonly reviewedOn: string | null;
  readonly reviewedBy: string | null;
  /** YYYY-MM-DD: when the next review is due (null when never reviewed). */
  readonly reviewDue: string | null;
}

export type StatusFilter = 'draft' | 'in_review' | 'published' | 'unpublished';

export interface CategoryOption {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly depth: number;
}

const LIST_LIMIT = 500;
export const REVIEW_WINDOW_DAYS = 30;

/** The state of an article row. */
export function editorialState(row: Pick<ArticleRow, 'status' | 'pending_revision' | 'submitted_at'>): EditorialState {
  if (row.status !== 'published' || row.pending_revision === null) return row.status;
  return row.submitted_at === null ? 'changes_draft' : 'changes_in_review';
}

/** An article with its working copy, or undefined. */
export async function loadEditorialArticle(db: Db | Trx, id: string): Promise<EditorialArticle | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [tags, last] = await Promise.all([
    db.selectFrom('article_tags').select('tag').where('article_id', '=', id).orderBy('position').execute(),
    db.selectFrom('article_revisions').select('author_id').where('article_id', '=', id).orderBy('number', 'desc').limit(1).executeTakeFirst(),
  ]);
  const live: RevisionContent = { title: row.title, summary: row.summary, body: row.body, categoryId: row.category_id, tags: tags.map((t) => t.tag) };
  const pending = row.pending_revision !== null ? await findRevision(db, id, Number(row.pending_revision)) : undefined;
  return {
    id: row.id, slug: row.slug, status: row.status, state: editorialState(row),
    working: pending ? { title: pending.title, summary: pending.summary, body: pending.body, categoryId: pending.categoryId, tags: pending.tags } : live,
    live,
    authorId: row.author_id, reviewedOn: row.reviewed_on, reviewedBy: row.reviewed_by, nextReviewOn: row.next_review_on,
    publishedAt: row.published_at, submittedAt: row.submitted_at,
    pendingRevision: row.pending_revision === null ? null : Number(row.pending_revision),
    reviewComment: row.review_comment, modifiedAt: row.modified_at, lastEditorId: last?.author_id ?? null,
  };
}

/** Articles of any status for the console, most recently changed first; by workflow status and words in the title. */
export async function listArticlesForStaff(db: Db, filter: { status?: StatusFilter | undefined; title?: string | undefined }): Promise<EditorialListItem[]> {
  let query = db.selectFrom('articles')
    .select(['id', 'slug', 'title', 'status', 'pending_revision', 'submitted_at', 'modified_at', 'reviewed_on', 'next_review_on', 'reviewed_by']);
  const status = filter.status;
  if (status === 'in_review') {
    query = query.where((eb) => eb.or([
      eb('status', '=', 'in_review'),
      eb.and([eb('status', '=', 'published'), eb('pending_revision', 'is not', null), eb('submitted_at', 'is not', null)]),
    ]));
  } else if (status !== undefined) {
    query = query.where('status', '=', status);
  }
  const words = filter.title?.normalize('NFC').trim().toLowerCase();
  if (words) {
    // The same SQL on both databases; "!" escapes LIKE's wildcards in what was typed.
    const pattern = `%${words.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    query = query.where(sql<boolean>`lower(title) like ${pattern} escape '!'`);
  }
  const rows = await query.orderBy('modified_at', 'desc').orderBy('id').limit(LIST_LIMIT).execute();
  return rows.map((r) => ({
    id: r.id, slug: r.slug, title: r.title, state: editorialState(r), modifiedAt: r.modified_at,
    reviewedOn: r.reviewed_on, reviewedBy: r.reviewed_by,
    reviewDue: nextReviewDue({ nextReviewOn: r.next_review_on, reviewedOn: r.reviewed_on }),
  }));
}

/**
 * Published articles whose next review (next_review_on, or a year after the last review) has
 * passed or falls within 30 days of `today`, overdue first. Never-reviewed ones come first of all.
 */
export async function listReviewsDue(db: Db, today: string): Promise<EditorialListItem[]> {
  const horizon = addDays(today, REVIEW_WINDOW_DAYS);
  const rows = await db.selectFrom('articles')
    .select(['id', 'slug', 'title', 'status', 'pending_revision', 'submitted_at', 'modified_at', 'reviewed_on', 'next_review_on', 'reviewed_by'])
    .where('status', '=', 'published').execute();
  return rows
    .map((r) => ({
      id: r.id, slug: r.slug, title: r.title, state: editorialState(r), modifiedAt: r.modified_at,
      reviewedOn: r.reviewed_on, reviewedBy: r.reviewed_by,
      reviewDue: nextReviewDue({ nextReviewOn: r.next_review_on, reviewedOn: r.reviewed_on }),
    }))
    .filter((r) => r.reviewDue === null || r.reviewDue <= horizon)
    .sort((a, b) => (a.reviewDue ?? '').localeCompare(b.reviewDue ?? '') || a.title.localeCompare(b.title));
}

/** Every category, in tree order (by path), for the editor's select. */
export async function listCategoryOptions(db: Db | Trx): Promise<CategoryOption[]> {
  const rows = await db.selectFrom('categories').select(['id', 'path', 'name', 'depth']).execute();
  // Level by level, so a category is followed by those under it whatever the database's collation.
  const key = (path: string) => path.split('/').join('\u0000');
  return rows.map((r) => ({ ...r, depth: Number(r.depth) })).sort((a, b) => (key(a.path) < key(b.path) ? -1 : key(a.path) > key(b.path) ? 1 : 0));
}

/** YYYY-MM-DD plus `days`. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A year after `isoDate`: the default next review. */
export function aYearAfter(isoDate: string): string {
  return addMonths(isoDate, 12);
}
