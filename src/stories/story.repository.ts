import type { Db, Trx } from '../database.ts';
import type { StoryRow, StoryStatus } from './story.table.ts';

// SQL for stories. Public readers get `PublicStory`, which has no contact address; only the
// console's `StoryForStaff` carries it.

/** What the public pages show. */
export interface PublicStory {
  readonly id: string;
  readonly displayName: string;
  readonly condition: string;
  readonly title: string;
  readonly body: string;
  /** ISO time. */
  readonly publishedAt: string;
}

/** What moderators see. */
export interface StoryForStaff {
  readonly id: string;
  readonly displayName: string;
  readonly condition: string;
  readonly title: string;
  readonly body: string;
  readonly contactEmail: string;
  readonly consentVersion: string;
  readonly consentedAt: string;
  readonly status: StoryStatus;
  readonly submittedAt: string;
  readonly publishedAt: string | null;
  readonly moderatedBy: string | null;
  readonly moderatedAt: string | null;
  readonly withdrawnAt: string | null;
}

const STATUS_ORDER: Record<StoryStatus, number> = { submitted: 0, published: 1, rejected: 2, withdrawn: 3 };

/** Published stories, newest first. */
export async function listPublishedStories(db: Db): Promise<PublicStory[]> {
  const rows = await db.selectFrom('stories').select(['id', 'display_name', 'condition', 'title', 'body', 'published_at'])
    .where('status', '=', 'published').orderBy('published_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, condition: r.condition, title: r.title, body: r.body, publishedAt: r.published_at ?? '' }));
}

/** A published story by id, or undefined. */
export async function findPublishedStory(db: Db, id: string): Promise<PublicStory | undefined> {
  const r = await db.selectFrom('stories').select(['id', 'display_name', 'condition', 'title', 'body', 'published_at'])
    .where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
  return r ? { id: r.id, displayName: r.display_name, condition: r.condition, title: r.title, body: r.body, publishedAt: r.published_at ?? '' } : undefined;
}

/** Any story by id, for moderation. */
export async function findStoryForStaff(db: Db | Trx, id: string): Promise<StoryForStaff | undefined> {
  const row = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStaffView(row) : undefined;
}

/** Every story for the moderation list: submitted first, then published, rejected and withdrawn; newest first within each. */
export async function listStoriesForStaff(db: Db): Promise<StoryForStaff[]> {
  const rows = await db.selectFrom('stories').selectAll().orderBy('submitted_at', 'desc').orderBy('id', 'desc').execute();
  // A stable sort keeps the newest-first order within each status.
  return rows.map(toStaffView).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
}

function toStaffView(r: StoryRow): StoryForStaff {
  return {
    id: r.id, displayName: r.display_name, condition: r.condition, title: r.title, body: r.body, contactEmail: r.contact_email,
    consentVersion: r.consent_version, consentedAt: r.consented_at, status: r.status, submittedAt: r.submitted_at, publishedAt: r.published_at,
    moderatedBy: r.moderated_by, moderatedAt: r.moderated_at, withdrawnAt: r.withdrawn_at,
  };
}

/** The story a withdrawal token belongs to (by its hash). */
export async function findStoryByTokenHash(db: Db | Trx, hash: string): Promise<{ id: string; status: StoryStatus } | undefined> {
  return db.selectFrom('stories').select(['id', 'status']).where('withdrawal_token_hash', '=', hash).executeTakeFirst();
}
