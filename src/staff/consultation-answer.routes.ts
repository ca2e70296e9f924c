import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { lookupPublishedArticles, type ArticleLinkCandidate } from '../articles/index.ts';
import {
  answerBodyProblem, findReplyTemplate, listReplyTemplates, normaliseAnswerText, openAnswerThreadForStaff,
  renderExpertAnswer, sendExpertAnswer,
} from '../consultations/index.ts';
import type { SafeHtml } from '../web/html.ts';
import { currentStaff } from './staff-guard.ts';
import { renderAnswerPage } from './consultation-answer.views.ts';

// Answering a consultation: the answer page (GET), Preview and Send (POST, no JavaScript
// needed), the live preview (JSON) and the article-link lookup (JSON).

// Ids are looked up, not pattern-checked, so any id that names no consultation is a 404.
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const AnswerQuery = Type.Object({
  template: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(Type.String({ maxLength: 500 })),
});
// No maxLength on the text: an over-long answer is shown again with a message, not refused as
// malformed. The route's body limit bounds it (20,000 characters of any script fit, URL-encoded).
const AnswerBody = Type.Object({
  markdown: Type.Optional(Type.String()),
  action: Type.Optional(Type.String({ maxLength: 20 })),
  csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const LookupQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 500 })) });
type IdParams = Static<typeof IdParams>;

const BODY_LIMIT = 512 * 1024;
const answer = { staffAccess: 'consultation.answer' } as const;

/** GET/POST /staff/consultations/:id/answer, POST …/answer/preview and GET /staff/articles/lookup. */
export const consultationAnswerRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  async function answerPage(request: FastifyRequest, reply: FastifyReply, status: number, values: {
    markdown: string; problem?: string; preview?: SafeHtml; templateId?: string; articleQuery?: string; notice?: string;
  }): Promise<FastifyReply> {
    const me = currentStaff(request);
    const { id } = request.params as IdParams;
    const thread = await openAnswerThreadForStaff(ctx, me.actor.id, id, request.ip);
    const templates = await listReplyTemplates(ctx.db);
    const query = values.articleQuery ?? '';
    const articles: ArticleLinkCandidate[] | undefined = query.trim() !== '' ? await lookupPublishedArticles(ctx.db, query) : undefined;
    const page = renderAnswerPage(ctx.site, me, {
      thread, templates, templateId: values.templateId ?? '', markdown: values.markdown, problem: values.problem, preview: values.preview,
      notice: values.notice, articleQuery: query, articles,
    });
    return reply.status(status).type('text/html; charset=utf-8').send(page);
  }

  app.get<{ Params: IdParams; Querystring: Static<typeof AnswerQuery> }>('/staff/consultations/:id/answer',
    { config: answer, schema: { params: IdParams, querystring: AnswerQuery } },
    async (request, reply) => {
      const templateId = request.query.template ?? '';
      const template = templateId !== '' ? await findReplyTemplate(ctx.db, templateId) : undefined;
      return answerPage(request, reply, 200, {
        markdown: template?.body ?? '', templateId: template ? templateId : '', articleQuery: request.query.q ?? '',
        notice: templateId !== '' && !template ? 'That template no longer exists.' : undefined,
      });
    });

  app.post<{ Params: IdParams; Body: Static<typeof AnswerBody> }>('/staff/consultations/:id/answer',
    { config: answer, bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: AnswerBody } },
    async (request, reply) => {
      const me = currentStaff(request);
      const markdown = normaliseAnswerText(request.body.markdown ?? '');
      const sending = request.body.action === 'send';
      if (!sending && markdown.trim() === '') return answerPage(request, reply, 422, { markdown, problem: 'Write the answer to preview it.' });
      const problem = answerBodyProblem(markdown);
      if (problem) return answerPage(request, reply, 422, { markdown, problem });
      // Anything but an explicit Send only previews: nothing reaches the patient by accident.
      if (!sending) return answerPage(request, reply, 200, { markdown, preview: renderExpertAnswer(markdown, ctx.site) });
      await sendExpertAnswer(ctx, { consultationId: request.params.id, staffId: me.actor.id, body: markdown, ip: request.ip });
      return reply.redirect(`/staff/consultations/${request.params.id}?done=answered`, 303);
    });

  app.post<{ Params: IdParams; Body: Static<typeof AnswerBody> }>('/staff/consultations/:id/answer/preview',
    { config: answer, bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: AnswerBody } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const exists = await ctx.db.selectFrom('consultations').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!exists) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'There is no such consultation.', fields: [] } });
      const markdown = normaliseAnswerText(request.body.markdown ?? '');
      const problem = markdown.trim() === '' ? undefined : answerBodyProblem(markdown);
      if (problem) return reply.status(422).send({ error: { code: 'VALIDATION_FAILED', message: problem, fields: [{ field: 'markdown', message: problem }] } });
      return { html: renderExpertAnswer(markdown, ctx.site).value };
    });

  app.get<{ Querystring: Static<typeof LookupQuery> }>('/staff/articles/lookup', { config: answer, schema: { querystring: LookupQuery } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const query = request.query.q ?? '';
    return { query, results: await lookupPublishedArticles(ctx.db, query) };
  });
};
