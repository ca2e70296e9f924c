import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import {
  editStory, findStoryForStaff, listStoriesForStaff, publishStory, rejectStory, unpublishStory, validateStoryText, type StoryForStaff,
} from '../stories/index.ts';
import { currentStaff, requestMeta } from './staff-guard.ts';
import { renderStoryListPage, renderStoryModerationPage } from './story-moderation.views.ts';

// Moderating patient stories (editors and admins: 'story.moderate'). The rules, including "never
// without recorded consent", live in stories/story.service.ts; each action is audited there.
// Opening a story shows its author's contact address, so that is audited too (ids only).

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-z]{26}$' }) });
type IdParams = Static<typeof IdParams>;
const TEXT = { maxLength: 60_000 } as const;
const EditBody = Type.Object({
  displayName: Type.Optional(Type.String(TEXT)), title: Type.Optional(Type.String(TEXT)), body: Type.Optional(Type.String(TEXT)),
  csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const ViewQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  published: 'Published: the story is on the site.',
  rejected: 'Rejected: the story will not be shown.',
  unpublished: 'Unpublished: the story is no longer on the site.',
};

/** /staff/stories: the moderation list, one story, edit, publish, reject and unpublish. */
export const storyModerationRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const moderate = { staffAccess: 'story.moderate' } as const;
  const meta = (request: FastifyRequest) => ({ ip: requestMeta(request).ip });
  const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').send(body);
  const load = async (id: string): Promise<StoryForStaff> => {
    const story = await findStoryForStaff(ctx.db, id);
    if (!story) throw new AppError('NOT_FOUND');
    return story;
  };

  app.get('/staff/stories', { config: moderate }, async (request, reply) =>
    html(reply, 200, renderStoryListPage(ctx.site, currentStaff(request), await listStoriesForStaff(ctx.db))));

  app.get<{ Params: IdParams; Querystring: Static<typeof ViewQuery> }>('/staff/stories/:id', {
    config: moderate, schema: { params: IdParams, querystring: ViewQuery },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const story = await load(request.params.id);
    await ctx.db.transaction().execute(async (trx) => {
      await recordAudit(trx, { actor: { type: 'staff', id: me.actor.id }, action: 'story.viewed', subject: { type: 'story', id: story.id }, ip: meta(request).ip, at: ctx.now() });
    });
    const done = request.query.done;
    const notice = done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    return html(reply, 200, renderStoryModerationPage(ctx.site, me, { story, notice }));
  });

  app.post<{ Params: IdParams; Body: Static<typeof EditBody> }>('/staff/stories/:id', {
    config: moderate, schema: { params: IdParams, body: EditBody },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const story = await load(request.params.id);
    const typed = { displayName: request.body.displayName ?? '', title: request.body.title ?? '', body: request.body.body ?? '' };
    const check = validateStoryText({ displayName: typed.displayName.normalize('NFC'), title: typed.title.normalize('NFC'), body: typed.body.normalize('NFC') });
    if (!check.ok) {
      const values = { displayName: typed.displayName.replace(/\u0000/g, ''), title: typed.title.replace(/\u0000/g, ''), body: typed.body.replace(/\u0000/g, '') };
      return html(reply, check.malformed ? 400 : 422, renderStoryModerationPage(ctx.site, me, { story, values, problems: check.problems }));
    }
    await editStory(ctx, me.actor.id, story.id, check.value, meta(request));
    return reply.redirect(`/staff/stories/${story.id}?done=saved`, 303);
  });

  const actions = [['publish', publishStory, 'published'], ['reject', rejectStory, 'rejected'], ['unpublish', unpublishStory, 'unpublished']] as const;
  for (const [path, act, done] of actions) {
    app.post<{ Params: IdParams }>(`/staff/stories/:id/${path}`, { config: moderate, schema: { params: IdParams } }, async (request, reply) => {
      const story = await load(request.params.id);
      await act(ctx, currentStaff(request).actor.id, story.id, meta(request));
      return reply.redirect(`/staff/stories/${story.id}?done=${done}`, 303);
    });
  }
};
