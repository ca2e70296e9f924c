import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import {
  checkTemplate, createReplyTemplate, deleteReplyTemplate, findReplyTemplate, listReplyTemplates, updateReplyTemplate, type TemplateInput,
} from '../consultations/index.ts';
import { currentStaff } from './staff-guard.ts';
import { renderTemplatesPage } from './reply-templates.views.ts';

// Reply templates: list and create (GET/POST /staff/templates), edit (POST /staff/templates/:id)
// and delete (POST /staff/templates/:id/delete). Refused forms come back with the typed values.

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
// Lengths are checked by checkTemplate so the form can say what is wrong; the body limit bounds them.
const TemplateBody = Type.Object({
  title: Type.Optional(Type.String()),
  body: Type.Optional(Type.String()),
  csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const ListQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
type IdParams = Static<typeof IdParams>;
type TemplateBody = Static<typeof TemplateBody>;

const BODY_LIMIT = 512 * 1024;
const manage = { staffAccess: 'template.manage' } as const;
const NOTICES: Record<string, string> = { created: 'Template added.', updated: 'Template saved.', deleted: 'Template deleted.' };

/** The reply templates pages. */
export const replyTemplateRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  async function page(request: FastifyRequest, reply: FastifyReply, status: number, view: {
    draft?: TemplateInput; problemsFor?: string; problems?: readonly FieldProblem[]; editValues?: TemplateInput; notice?: string | undefined;
  }): Promise<FastifyReply> {
    const templates = await listReplyTemplates(ctx.db);
    const html = renderTemplatesPage(ctx.site, currentStaff(request), {
      templates, draft: view.draft ?? { title: '', body: '' }, problemsFor: view.problemsFor, problems: view.problems ?? [],
      editValues: view.editValues, notice: view.notice,
    });
    return reply.status(status).type('text/html; charset=utf-8').send(html);
  }
  const typed = (body: TemplateBody): TemplateInput => ({ title: body.title ?? '', body: body.body ?? '' });

  app.get<{ Querystring: Static<typeof ListQuery> }>('/staff/templates', { config: manage, schema: { querystring: ListQuery } }, async (request, reply) => {
    const done = request.query.done;
    return page(request, reply, 200, { notice: done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined });
  });

  app.post<{ Body: TemplateBody }>('/staff/templates', { config: manage, bodyLimit: BODY_LIMIT, schema: { body: TemplateBody } }, async (request, reply) => {
    const input = typed(request.body);
    const check = checkTemplate(input);
    if (!check.ok) return page(request, reply, 422, { draft: input, problemsFor: 'new', problems: check.problems });
    await createReplyTemplate(ctx, currentStaff(request).actor.id, check.value, request.ip);
    return reply.redirect('/staff/templates?done=created', 303);
  });

  app.post<{ Params: IdParams; Body: TemplateBody }>('/staff/templates/:id', { config: manage, bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: TemplateBody } }, async (request, reply) => {
    const input = typed(request.body);
    const check = checkTemplate(input);
    if (!check.ok) {
      // A refused edit of a template that is gone is simply "not found".
      if (!(await findReplyTemplate(ctx.db, request.params.id))) throw new AppError('NOT_FOUND');
      return page(request, reply, 422, { problemsFor: request.params.id, problems: check.problems, editValues: input });
    }
    await updateReplyTemplate(ctx, currentStaff(request).actor.id, request.params.id, check.value, request.ip);
    return reply.redirect('/staff/templates?done=updated', 303);
  });

  app.post<{ Params: IdParams }>('/staff/templates/:id/delete', { config: manage, schema: { params: IdParams } }, async (request, reply) => {
    await deleteReplyTemplate(ctx, currentStaff(request).actor.id, request.params.id, request.ip);
    return reply.redirect('/staff/templates?done=deleted', 303);
  });
};
