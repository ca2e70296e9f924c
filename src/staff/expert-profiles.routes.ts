import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import {
  createProfile, EMPTY_PROFILE_FORM, findProfile, listProfilesForStaff, loadProfilePhoto, PROFILE_LIMITS, profileFormValues, setProfilePhoto,
  setProfilePublished, updateProfile, validateProfileForm, type ExpertProfile, type ProfileFormValues,
} from '../experts/index.ts';
import { listStaff } from './staff.repository.ts';
import { IMAGE_FORM_LIMITS, ImageUploadQuery, readImageUpload } from './image-upload.ts';
import { currentStaff, requestMeta } from './staff-guard.ts';
import type { StaffSession } from './staff-session.ts';
import { renderProfileFormPage, renderProfileListPage, type ProfileFormView } from './expert-profiles.views.ts';

// Expert profiles in the console (admins: 'profile.manage'). The rules and the audit live in
// experts/expert.service.ts; the photo goes through the same checks and re-encoding as article
// images (content sniffing, 5 MB, pixel limit, WebP without metadata).

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-z]{26}$' }) });
type IdParams = Static<typeof IdParams>;
const TEXT = { maxLength: 60_000 } as const;
const ProfileBody = Type.Object({
  name: Type.Optional(Type.String(TEXT)), slug: Type.Optional(Type.String(TEXT)), roleTitle: Type.Optional(Type.String(TEXT)),
  credentials: Type.Optional(Type.String(TEXT)), specialties: Type.Optional(Type.String(TEXT)), biography: Type.Optional(Type.String(TEXT)),
  position: Type.Optional(Type.String(TEXT)), staffId: Type.Optional(Type.String(TEXT)), csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const EditQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const NOTICES: Record<string, string> = {
  created: 'Profile created. It is not on the site until you publish it.',
  saved: 'Saved.',
  photo: 'Photo uploaded.',
  published: 'Published: the profile is on the site.',
  unpublished: 'Unpublished: the profile is no longer on the site.',
};

/** /staff/experts: list, create, edit, photo and publishing of expert profiles. */
export const expertProfileRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(multipart, { limits: IMAGE_FORM_LIMITS });
  const manage = { staffAccess: 'profile.manage' } as const;
  const meta = (request: FastifyRequest) => ({ ip: requestMeta(request).ip });
  const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').send(body);
  const staffOptions = async () => (await listStaff(ctx.db)).filter((s) => s.disabled_at === null).map((s) => ({ id: s.id, name: s.name }));
  const load = async (id: string): Promise<ExpertProfile> => {
    const profile = await findProfile(ctx.db, id);
    if (!profile) throw new AppError('NOT_FOUND');
    return profile;
  };
  const formPage = async (reply: FastifyReply, status: number, me: StaffSession, view: Omit<ProfileFormView, 'staff'>) =>
    html(reply, status, renderProfileFormPage(ctx.site, me, { ...view, staff: await staffOptions() }));
  // Accounts a profile may link to: enabled ones, plus the one it is linked to already.
  const linkable = async (profile?: ExpertProfile) => new Set([...(await staffOptions()).map((s) => s.id), ...(profile?.staffId ? [profile.staffId] : [])]);

  app.get('/staff/experts', { config: manage }, async (request, reply) =>
    html(reply, 200, renderProfileListPage(ctx.site, currentStaff(request), await listProfilesForStaff(ctx.db))));

  app.get('/staff/experts/new', { config: manage }, async (request, reply) =>
    formPage(reply, 200, currentStaff(request), { values: EMPTY_PROFILE_FORM }));

  app.post<{ Body: Static<typeof ProfileBody> }>('/staff/experts', { config: manage, schema: { body: ProfileBody } }, async (request, reply) => {
    const me = currentStaff(request);
    const values = profileFormValues(request.body);
    const check = validateProfileForm(values, { staffIds: await linkable() });
    if (!check.ok) return formPage(reply, check.malformed ? 400 : 422, me, { values: shown(values), problems: check.problems });
    try {
      const id = await createProfile(ctx, me.actor, check.value, meta(request));
      return reply.redirect(`/staff/experts/${id}?done=created`, 303);
    } catch (error) {
      if (error instanceof AppError && error.fields.length > 0) return formPage(reply, error.status, me, { values, problems: error.fields });
      throw error;
    }
  });

  app.get<{ Params: IdParams; Querystring: Static<typeof EditQuery> }>('/staff/experts/:id', {
    config: manage, schema: { params: IdParams, querystring: EditQuery },
  }, async (request, reply) => {
    const profile = await load(request.params.id);
    const done = request.query.done;
    const notice = done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    return formPage(reply, 200, currentStaff(request), { profile, values: valuesOf(profile), notice });
  });

  app.post<{ Params: IdParams; Body: Static<typeof ProfileBody> }>('/staff/experts/:id', {
    config: manage, schema: { params: IdParams, body: ProfileBody },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const profile = await load(request.params.id);
    const values = profileFormValues(request.body);
    const check = validateProfileForm(values, { staffIds: await linkable(profile) });
    if (!check.ok) return formPage(reply, check.malformed ? 400 : 422, me, { profile, values: shown(values), problems: check.problems });
    try {
      await updateProfile(ctx, me.actor, profile.id, check.value, meta(request));
      return reply.redirect(`/staff/experts/${profile.id}?done=saved`, 303);
    } catch (error) {
      if (error instanceof AppError && error.fields.length > 0) return formPage(reply, error.status, me, { profile, values, problems: error.fields });
      throw error;
    }
  });

  app.get<{ Params: IdParams }>('/staff/experts/:id/photo', { config: manage, schema: { params: IdParams } }, async (request, reply) => {
    const profile = await load(request.params.id);
    const bytes = profile.photo ? await loadProfilePhoto(ctx.db, profile.photo.url.slice('/experts/photos/'.length, -'.webp'.length), { publishedOnly: false }) : undefined;
    if (!bytes) throw new AppError('NOT_FOUND');
    return reply.header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox").type('image/webp').send(bytes);
  });

  app.post<{ Params: IdParams; Querystring: Static<typeof ImageUploadQuery> }>('/staff/experts/:id/photo', {
    config: manage, schema: { params: IdParams, querystring: ImageUploadQuery },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const profile = await load(request.params.id);
    if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Upload the photo with the form on the profile\u2019s page.' });
    const upload = await readImageUpload(request, { altField: 'photoAlt', altLabel: 'Description of the photo', altMax: PROFILE_LIMITS.photoAlt, noun: 'photo' });
    if (!upload.ok) {
      if (upload.status === 413) reply.header('connection', 'close');
      return formPage(reply, upload.status, me, { profile, values: valuesOf(profile), problems: upload.problems, photoAlt: upload.altRaw.replace(/\u0000/g, '') });
    }
    await setProfilePhoto(ctx, me.actor, profile.id, { ...upload.image, alt: upload.alt }, meta(request));
    return reply.redirect(`/staff/experts/${profile.id}?done=photo`, 303);
  });

  for (const [path, published] of [['publish', true], ['unpublish', false]] as const) {
    app.post<{ Params: IdParams }>(`/staff/experts/:id/${path}`, { config: manage, schema: { params: IdParams } }, async (request, reply) => {
      const profile = await load(request.params.id);
      await setProfilePublished(ctx, currentStaff(request).actor, profile.id, published, meta(request));
      return reply.redirect(`/staff/experts/${profile.id}?done=${published ? 'published' : 'unpublished'}`, 303);
    });
  }
};

function valuesOf(profile: ExpertProfile): ProfileFormValues {
  return {
    name: profile.name, slug: profile.slug, roleTitle: profile.roleTitle, credentials: profile.credentials, specialties: profile.specialties.join(', '),
    biography: profile.biography, position: String(profile.position), staffId: profile.staffId ?? '',
  };
}

/** The typed values to show again, without NUL characters (which the page could not carry). */
function shown(values: ProfileFormValues): ProfileFormValues {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replace(/\u0000/g, '')])) as unknown as ProfileFormValues;
}
