import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import {
  countContactMessages, listContactMessagesForStaff, markContactMessage, replyProblem, replyToContactMessage, viewContactMessageForStaff,
  type InboxFilter, type StaffActorRef,
} from '../contact/index.ts';
import { currentStaff } from './staff-guard.ts';
import { listStaffNames } from './consultation-console.repository.ts';
import { renderInboxPage, renderMessagePage, type MessagePageView } from './contact-inbox.views.ts';

// The contact inbox (contact.handle): the list (GET /staff/messages), one message (audited
// contact.viewed), mark handled / unhandled, and reply by e-mail (audited contact.replied).

const PAGE_SIZE = 50;
const MESSAGE_ID = /^[0-9a-z]{26}$/;
const ListQuery = Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })), page: Type.Optional(Type.String({ maxLength: 6 })) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ViewQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const CsrfOnly = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 200 })) });
// The reply's length is checked by replyProblem so it comes back with a message; the body limit stops floods.
const ReplyBody = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 200 })), reply: Type.Optional(Type.String()) });
type IdParams = Static<typeof IdParams>;

const access = { staffAccess: 'contact.handle' } as const;
const NOTICES: Record<string, string> = {
  handled: 'Marked as handled.',
  unhandled: 'Marked as unhandled.',
  unchanged: 'Nothing needed changing.',
  replied: 'Reply sent by e-mail. The message is marked as handled.',
};

/** The staff inbox for messages left through /contact. */
export const contactInboxRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const actorOf = (request: FastifyRequest): StaffActorRef => ({ staffId: currentStaff(request).actor.id, ip: request.ip });
  const messagePage = async (request: FastifyRequest, reply: FastifyReply, status: number, id: string, extra: Partial<MessagePageView> = {}) => {
    const found = await viewContactMessageForStaff(ctx, actorOf(request), id);
    const names = new Map((await listStaffNames(ctx.db)).map((s) => [s.id, s.name] as const));
    return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8')
      .send(renderMessagePage(ctx.site, currentStaff(request), { ...found, names, ...extra }));
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>('/staff/messages', { config: access, schema: { querystring: ListQuery } }, async (request, reply) => {
    // Unknown filter values are ignored, like the consultation queue's.
    const status = request.query.status;
    const filter: InboxFilter = status === 'unhandled' || status === 'handled' ? status : 'all';
    const page = Math.min(Math.max(Number.parseInt(request.query.page ?? '1', 10) || 1, 1), 10_000);
    const rows = await listContactMessagesForStaff(ctx.db, filter, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
    const counts = await countContactMessages(ctx.db);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8')
      .send(renderInboxPage(ctx.site, currentStaff(request), { filter, counts, rows: rows.slice(0, PAGE_SIZE), page, hasMore: rows.length > PAGE_SIZE }));
  });

  app.get<{ Params: IdParams; Querystring: Static<typeof ViewQuery> }>('/staff/messages/:id', { config: access, schema: { params: IdParams, querystring: ViewQuery } }, async (request, reply) => {
    const done = request.query.done;
    return messagePage(request, reply, 200, messageId(request.params.id), { notice: done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined });
  });

  for (const handled of [true, false]) {
    const path = handled ? 'handled' : 'unhandled';
    app.post<{ Params: IdParams }>(`/staff/messages/:id/${path}`, { config: access, schema: { params: IdParams, body: CsrfOnly } }, async (request, reply) => {
      const id = messageId(request.params.id);
      const changed = await markContactMessage(ctx, actorOf(request), id, handled);
      return reply.redirect(`/staff/messages/${id}?done=${changed ? path : 'unchanged'}`, 303);
    });
  }

  app.post<{ Params: IdParams; Body: Static<typeof ReplyBody> }>('/staff/messages/:id/reply',
    { config: access, bodyLimit: 256 * 1024, schema: { params: IdParams, body: ReplyBody } },
    async (request, reply) => {
      const id = messageId(request.params.id);
      const text = (request.body.reply ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
      const problem = replyProblem(text);
      if (problem) {
        return messagePage(request, reply, problem.malformed ? 400 : 422, id, {
          problems: [{ field: 'reply', message: problem.message }], draft: text.replace(/\u0000/g, ''),
        });
      }
      await replyToContactMessage(ctx, actorOf(request), id, text);
      return reply.redirect(`/staff/messages/${id}?done=replied`, 303);
    });
};

/** Ids that cannot be ours are "not found": the page is the same either way. */
function messageId(id: string): string {
  if (!MESSAGE_ID.test(id)) throw new AppError('NOT_FOUND');
  return id;
}
