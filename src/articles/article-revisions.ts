import type { Db, Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import type { ArticleRevisionRow } from './editorial.table.ts';

// Revision history: every save in the console appends one numbered row with the whole content.

/** The content a revision keeps. */
export interface RevisionContent {
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly categoryId: string;
  readonly tags: readonly string[];
}

/** One revision, as the history pages show it. */
export interface ArticleRevision extends RevisionContent {
  readonly number: number;
  readonly authorId: string | null;
  readonly createdAt: string;
  readonly note: string;
}

/** Appends the next revision of an article and returns its number. */
export async function appendRevision(
  trx: Trx, articleId: string, content: RevisionContent, by: { authorId: string | null; note: string; now: Date },
): Promise<number> {
  const last = await trx.selectFrom('article_revisions').select((eb) => eb.fn.max('number').as('n')).where('article_id', '=', articleId).executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  await trx.insertInto('article_revisions').values({
    id: newId(by.now.getTime()), article_id: articleId, number,
    title: content.title, summary: content.summary, body: content.body, category_id: content.categoryId, tags: JSON.stringify(content.tags),
    author_id: by.authorId, created_at: by.now.toISOString(), note: by.note,
  }).execute();
  return number;
}

/** Every revision of an article, newest first. */
export async function listRevisions(db: Db | Trx, articleId: string): Promise<ArticleRevision[]> {
  const rows = await db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).orderBy('number', 'desc').execute();
  return rows.map(toRevision);
}

/** One revision by number, or undefined. */
export async function findRevision(db: Db | Trx, articleId: string, number: number): Promise<ArticleRevision | undefined> {
  const row = await db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).where('number', '=', number).executeTakeFirst();
  return row ? toRevision(row) : undefined;
}

/** Number of revisions an article has. */
export async function countRevisions(db: Db | Trx, articleId: string): Promise<number> {
  const row = await db.selectFrom('article_revisions').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).executeTakeFirstOrThrow();
  return Number(row.n);
}

function toRevision(row: ArticleRevisionRow): ArticleRevision {
  return {
    number: Number(row.number), title: row.title, summary: row.summary, body: row.body, categoryId: row.category_id,
    tags: JSON.parse(row.tags) as string[], authorId: row.author_id, createdAt: row.created_at, note: row.note,
  };
}
