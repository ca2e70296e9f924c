import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import type { ProfileDraft } from './expert-input.ts';
import { findClash, findProfile } from './expert.repository.ts';

// Writes to expert profiles: each in one transaction with its audit row (ids only), and the page
// cache cleared after commit, because a profile shows on /experts, its own page and the pages of
// the articles its person reviewed.

/** Who acts, and from where. */
export interface ProfileActor {
  readonly id: string;
}
export interface ProfileMeta {
  readonly ip: string;
}

type Action = 'created' | 'updated' | 'photo_uploaded' | 'published' | 'unpublished';

async function audit(trx: Trx, ctx: AppContext, actor: ProfileActor, action: Action, id: string, meta: ProfileMeta): Promise<void> {
  await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: `expert_profile.${action}`, subject: { type: 'expert_profile', id }, ip: meta.ip, at: ctx.now() });
}

async function assertFree(trx: Trx, draft: ProfileDraft, exceptId?: string): Promise<void> {
  if (await findClash(trx, 'slug', draft.slug, exceptId)) {
    const message = 'Another profile already uses this address. Choose another.';
    throw new AppError('PROFILE_SLUG_TAKEN', { status: 422, message, fields: [{ field: 'slug', message }] });
  }
  if (draft.staffId !== null && await findClash(trx, 'staff_id', draft.staffId, exceptId)) {
    const message = 'This staff account already has a profile.';
    throw new AppError('PROFILE_STAFF_TAKEN', { status: 422, message, fields: [{ field: 'staffId', message }] });
  }
}

function columns(draft: ProfileDraft) {
  return {
    staff_id: draft.staffId, slug: draft.slug, name: draft.name, role_title: draft.roleTitle, credentials: draft.credentials,
    specialties: JSON.stringify(draft.specialties), biography: draft.biography, position: draft.position,
  };
}

/** Creates an unpublished profile; returns its id. Throws PROFILE_SLUG_TAKEN / PROFILE_STAFF_TAKEN (422, with the field). */
export async function createProfile(ctx: AppContext, actor: ProfileActor, draft: ProfileDraft, meta: ProfileMeta): Promise<string> {
  const now = ctx.now();
  const id = newId(now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await assertFree(trx, draft);
    await trx.insertInto('expert_profiles').values({
      id, ...columns(draft), photo_id: null, photo: null, photo_width: null, photo_height: null, photo_alt: '', published: 0,
      created_at: now.toISOString(), updated_at: now.toISOString(),
    }).execute();
    await audit(trx, ctx, actor, 'created', id, meta);
  });
  return id;
}

/** Saves a profile's text; a published profile changes on the site at once. */
export async function updateProfile(ctx: AppContext, actor: ProfileActor, id: string, draft: ProfileDraft, meta: ProfileMeta): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireProfile(trx, id);
    await assertFree(trx, draft, id);
    await trx.updateTable('expert_profiles').set({ ...columns(draft), updated_at: ctx.now().toISOString() }).where('id', '=', id).execute();
    await audit(trx, ctx, actor, 'updated', id, meta);
  });
  ctx.pageCache.invalidate();
}

/** Replaces the photo with an already re-encoded WebP (see articles' `reencodeImage`) and its description. */
export async function setProfilePhoto(
  ctx: AppContext, actor: ProfileActor, id: string, photo: { webp: Buffer; width: number; height: number; alt: string }, meta: ProfileMeta,
): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await requireProfile(trx, id);
    await trx.updateTable('expert_profiles').set({
      photo_id: newId(now.getTime()), photo: photo.webp, photo_width: photo.width, photo_height: photo.height, photo_alt: photo.alt,
      updated_at: now.toISOString(),
    }).where('id', '=', id).execute();
    await audit(trx, ctx, actor, 'photo_uploaded', id, meta);
  });
  ctx.pageCache.invalidate();
}

/** Shows or hides a profile on the site. Throws PROFILE_CONFLICT (409) when it is already so. */
export async function setProfilePublished(ctx: AppContext, actor: ProfileActor, id: string, published: boolean, meta: ProfileMeta): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const profile = await requireProfile(trx, id);
    if (profile.published === published) {
      throw new AppError('PROFILE_CONFLICT', { status: 409, message: published ? 'This profile is already published.' : 'This profile is not published.' });
    }
    await trx.updateTable('expert_profiles').set({ published: published ? 1 : 0, updated_at: ctx.now().toISOString() }).where('id', '=', id).execute();
    await audit(trx, ctx, actor, published ? 'published' : 'unpublished', id, meta);
  });
  ctx.pageCache.invalidate();
}

async function requireProfile(trx: Trx, id: string) {
  const profile = await findProfile(trx, id);
  if (!profile) throw new AppError('NOT_FOUND');
  return profile;
}
