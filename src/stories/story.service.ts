import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import { enqueueMail, renderMail } from '../notifications/index.ts';
import { STORY_CONSENT_VERSION, type StoryText, type ValidStory } from './story-input.ts';
import { findStoryByTokenHash, findStoryForStaff, type StoryForStaff } from './story.repository.ts';

// The rules of patient stories. The one that matters most: a story is published only with its
// consent recorded and not withdrawn, checked here in the transaction that publishes it, whatever
// the route. Withdrawing takes a story off the site at once. Every change clears the page cache
// after commit; audit rows hold ids only.

export interface ModeratorMeta {
  readonly ip: string;
}

/** A 256-bit secret for the withdrawal link, base64url. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only the SHA-256 of a withdrawal token is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True when the value has the shape of a token we issue (so garbage is not even looked up). */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * Stores a submitted story with its consent, and queues the "story received" mail with the private
 * withdrawal link, in one transaction. Returns the story id.
 */
export async function submitStory(ctx: AppContext, story: ValidStory): Promise<string> {
  const now = ctx.now();
  const stamp = now.toISOString();
  const id = newId(now.getTime());
  const token = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('stories').values({
      id, display_name: story.displayName, condition: story.condition, title: story.title, body: story.body, contact_email: story.email,
      consent_version: STORY_CONSENT_VERSION, consented_at: stamp, status: 'submitted', submitted_at: stamp, published_at: null,
      moderated_by: null, moderated_at: null, withdrawn_at: null, withdrawal_token_hash: hashToken(token), updated_at: stamp,
    }).execute();
    const mail = renderMail('story-received', { link: `${ctx.config.baseUrl}/stories/withdraw/${token}`, recipientName: story.displayName }, ctx.site);
    await enqueueMail(trx, { ...mail, to: story.email, related: { type: 'story', id } }, { now, baseUrl: ctx.config.baseUrl });
    await recordAudit(trx, { actor: { type: 'patient' }, action: 'story.submitted', subject: { type: 'story', id }, at: now });
  });
  return id;
}

/** Whether a story has the consent publishing needs: recorded, and not withdrawn. */
export function hasPublishableConsent(story: Pick<StoryForStaff, 'consentVersion' | 'consentedAt' | 'withdrawnAt' | 'status'>): boolean {
  return story.consentVersion.trim() !== '' && story.consentedAt.trim() !== '' && !Number.isNaN(Date.parse(story.consentedAt))
    && story.withdrawnAt === null && story.status !== 'withdrawn';
}

function conflict(message: string): AppError {
  return new AppError('STORY_CONFLICT', { status: 409, message });
}

async function load(trx: Trx, id: string): Promise<StoryForStaff> {
  const story = await findStoryForStaff(trx, id);
  if (!story) throw new AppError('NOT_FOUND');
  return story;
}

async function audit(trx: Trx, ctx: AppContext, actorId: string, action: string, id: string, meta: ModeratorMeta): Promise<void> {
  await recordAudit(trx, { actor: { type: 'staff', id: actorId }, action, subject: { type: 'story', id }, ip: meta.ip, at: ctx.now() });
}

/** Publishes a submitted or rejected story. Throws STORY_NO_CONSENT (409) without recorded, unwithdrawn consent. */
export async function publishStory(ctx: AppContext, actorId: string, id: string, meta: ModeratorMeta): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const story = await load(trx, id);
    if (!hasPublishableConsent(story)) {
      throw new AppError('STORY_NO_CONSENT', { status: 409, message: 'This story cannot be published: its author\u2019s consent is not recorded, or was withdrawn.' });
    }
    if (story.status === 'published') throw conflict('This story is already published.');
    const stamp = ctx.now().toISOString();
    await trx.updateTable('stories').set({ status: 'published', published_at: stamp, moderated_by: actorId, moderated_at: stamp, updated_at: stamp })
      .where('id', '=', id).where('withdrawn_at', 'is', null).execute();
    await audit(trx, ctx, actorId, 'story.published', id, meta);
  });
  ctx.pageCache.invalidate();
}

/** Rejects a submitted story (it is never shown). */
export async function rejectStory(ctx: AppContext, actorId: string, id: string, meta: ModeratorMeta): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const story = await load(trx, id);
    if (story.status !== 'submitted') throw conflict('Only a story waiting for moderation can be rejected. Unpublish a published story instead.');
    const stamp = ctx.now().toISOString();
    await trx.updateTable('stories').set({ status: 'rejected', moderated_by: actorId, moderated_at: stamp, updated_at: stamp }).where('id', '=', id).execute();
    await audit(trx, ctx, actorId, 'story.rejected', id, meta);
  });
}

/** Takes a published story off the site; it goes back to waiting for moderation. */
export async function unpublishStory(ctx: AppContext, actorId: string, id: string, meta: ModeratorMeta): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const story = await load(trx, id);
    if (story.status !== 'published') throw conflict('This story is not published.');
    const stamp = ctx.now().toISOString();
    await trx.updateTable('stories').set({ status: 'submitted', published_at: null, moderated_by: actorId, moderated_at: stamp, updated_at: stamp })
      .where('id', '=', id).execute();
    await audit(trx, ctx, actorId, 'story.unpublished', id, meta);
  });
  ctx.pageCache.invalidate();
}

/** A moderator's edit of the name, title and text; the consent stays as it was. Not for withdrawn stories. */
export async function editStory(ctx: AppContext, actorId: string, id: string, text: StoryText, meta: ModeratorMeta): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const story = await load(trx, id);
    if (story.status === 'withdrawn') throw conflict('This story was withdrawn by its author and can no longer be changed.');
    await trx.updateTable('stories').set({ display_name: text.displayName, title: text.title, body: text.body, updated_at: ctx.now().toISOString() })
      .where('id', '=', id).execute();
    await audit(trx, ctx, actorId, 'story.edited', id, meta);
  });
  ctx.pageCache.invalidate();
}

/** The state of the story behind a withdrawal link: undefined for an unknown token. */
export async function storyForToken(ctx: AppContext, token: string): Promise<{ id: string; withdrawn: boolean } | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const story = await findStoryByTokenHash(ctx.db, hashToken(token));
  return story ? { id: story.id, withdrawn: story.status === 'withdrawn' } : undefined;
}

/**
 * Withdraws consent through the private link: the story leaves the site at once and is marked
 * withdrawn for good. Returns false for an unknown token; withdrawing twice changes nothing more.
 */
export async function withdrawStory(ctx: AppContext, token: string): Promise<boolean> {
  if (!looksLikeToken(token)) return false;
  const found = await ctx.db.transaction().execute(async (trx) => {
    const story = await findStoryByTokenHash(trx, hashToken(token));
    if (!story) return false;
    if (story.status === 'withdrawn') return true;
    const stamp = ctx.now().toISOString();
    await trx.updateTable('stories').set({ status: 'withdrawn', withdrawn_at: stamp, published_at: null, updated_at: stamp }).where('id', '=', story.id).execute();
    await recordAudit(trx, { actor: { type: 'patient' }, action: 'story.withdrawn', subject: { type: 'story', id: story.id }, at: ctx.now() });
    return true;
  });
  ctx.pageCache.invalidate();
  return found;
}
