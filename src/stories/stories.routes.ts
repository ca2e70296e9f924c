import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { checkFormStamp, HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../platform/form-guard.ts';
import { renderCachedPage, serveFromPageCache } from '../web/page-response.ts';
import { EMPTY_STORY_FORM, storyFormValues, validateStoryForm, type StoryFormValues } from './story-input.ts';
import { findPublishedStory, listPublishedStories } from './story.repository.ts';
import { storyForToken, submitStory, withdrawStory } from './story.service.ts';
import { renderSharePage, renderStoriesPage, renderStoryPage, renderStoryWaitPage, renderThanksPage, renderWithdrawPage } from './story.views.ts';

const HTML = 'text/html; charset=utf-8';
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-z]{26}$' }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
// Generous limits: an over-long field is answered beside the field (422), not as a bad request;
// formbody's 64 KiB limit stops anything larger (413).
const TEXT = { maxLength: 70_000 } as const;
const ShareBody = Type.Object({
  displayName: Type.Optional(Type.String(TEXT)), condition: Type.Optional(Type.String(TEXT)), title: Type.Optional(Type.String(TEXT)),
  body: Type.Optional(Type.String(TEXT)), email: Type.Optional(Type.String(TEXT)), consent: Type.Optional(Type.String(TEXT)),
  [HONEYPOT_FIELD]: Type.Optional(Type.String(TEXT)), [STAMP_FIELD]: Type.Optional(Type.String(TEXT)),
});

/** Patient stories: the published ones (through the page cache), the submission form and the withdrawal link. */
export const storyRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const fromCache = serveFromPageCache(ctx);
  const page = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).header('cache-control', 'no-store').type(HTML).send(body);
  const sharePage = (values: StoryFormValues, problems: readonly FieldProblem[]) =>
    renderSharePage(ctx.site, { values, problems, stamp: issueFormStamp(ctx.formSecret, ctx.now()) });

  app.get('/stories', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/stories', contentType: HTML, render: async () => renderStoriesPage(ctx.site, await listPublishedStories(ctx.db)),
  }));

  app.get('/stories/share', async (_request, reply) => page(reply, 200, sharePage(EMPTY_STORY_FORM, [])));

  app.post<{ Body: Static<typeof ShareBody> }>('/stories/share', { schema: { body: ShareBody } }, async (request, reply) => {
    const limit = ctx.formLimiter.check(request.ip, ctx.now());
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      return page(reply, 429, renderStoryWaitPage(ctx.site, limit.retryAfterSeconds));
    }
    const fields = request.body ?? {};
    const values = storyFormValues(fields);
    const shown = { ...values, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replace(/\u0000/g, '')])) } as StoryFormValues;
    const reject = (status: number, problems: readonly FieldProblem[], reason: string) => {
      request.log.info({ event: 'form.rejected', form: 'story', reason }, 'story form rejected');
      return page(reply, status, sharePage(shown, problems));
    };
    if ((fields[HONEYPOT_FIELD] ?? '') !== '') {
      // Automated: answered like a person's mistake would be, and nothing is stored.
      return reject(422, [{ field: 'body', message: 'We could not accept this form. Please check your answers and send it again.' }], 'honeypot');
    }
    const check = validateStoryForm(values);
    if (!check.ok) return reject(check.malformed ? 400 : 422, check.problems, check.problems.map((p) => p.field).join(','));
    const stamp = checkFormStamp(fields[STAMP_FIELD] ?? '', ctx.formSecret, ctx.now(), ctx.config.formMinFillSeconds);
    if (stamp !== 'ok') {
      return reject(422, [{ field: 'body', message: stamp === 'too-fast'
        ? 'That was very quick. Please check your story, then send the form again.'
        : 'This form had expired. Please check your story and send it again.' }], `stamp-${stamp}`);
    }
    await submitStory(ctx, check.value);
    ctx.formLimiter.record(request.ip, ctx.now());
    return reply.header('cache-control', 'no-store').redirect('/stories/share/thanks', 303);
  });

  app.get('/stories/share/thanks', async (_request, reply) => page(reply, 200, renderThanksPage(ctx.site)));

  app.get<{ Params: Static<typeof TokenParams> }>('/stories/withdraw/:token', { schema: { params: TokenParams }, attachValidation: true }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const story = request.validationError ? undefined : await storyForToken(ctx, request.params.token);
    if (!story) return page(reply, 404, renderWithdrawPage(ctx.site, 'unknown', ''));
    return page(reply, 200, renderWithdrawPage(ctx.site, story.withdrawn ? 'withdrawn' : 'confirm', request.params.token));
  });

  // The token in the address is the secret: a page that does not have it cannot make this request.
  app.post<{ Params: Static<typeof TokenParams> }>('/stories/withdraw/:token', { schema: { params: TokenParams }, attachValidation: true }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const found = !request.validationError && await withdrawStory(ctx, request.params.token);
    return page(reply, found ? 200 : 404, renderWithdrawPage(ctx.site, found ? 'withdrawn' : 'unknown', ''));
  });

  app.get<{ Params: Static<typeof IdParams> }>('/stories/:id', { onRequest: fromCache, schema: { params: IdParams }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw new AppError('NOT_FOUND');
    const { id } = request.params;
    return renderCachedPage(ctx, request, reply, {
      canonicalUrl: `/stories/${id}`, contentType: HTML,
      render: async () => {
        const story = await findPublishedStory(ctx.db, id);
        if (!story) throw new AppError('NOT_FOUND');
        return renderStoryPage(ctx.site, story);
      },
    });
  });
};
