import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { CONDITIONS } from '../consultations/index.ts';
import { currentStaff } from './staff-guard.ts';
import {
  countConsultationsForStaff, listConsultationsForStaff, QUEUE_ASSIGNEES, QUEUE_STATUSES, type QueueAssignee, type QueueStatus,
} from './consultation-console.repository.ts';
import { renderQueuePage, renderQueueRows } from './consultation-queue.views.ts';

// Unknown filter values are ignored (the default is shown), like a search box: a stale bookmark
// still opens the queue.
const QueueQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 40 })),
  assignee: Type.Optional(Type.String({ maxLength: 40 })),
  condition: Type.Optional(Type.String({ maxLength: 100 })),
  format: Type.Optional(Type.String({ maxLength: 20 })),
});

const QUEUE_LIMIT = 200;

/** The consultation queue (experts and admins); `format=fragment` gives the table rows alone, for queue-refresh.js. */
export const consultationQueueRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: Static<typeof QueueQuery> }>('/staff/consultations',
    { config: { staffAccess: 'consultation.view' }, schema: { querystring: QueueQuery } },
    async (request, reply) => {
      const me = currentStaff(request);
      const q = request.query;
      const filters = {
        status: pick<QueueStatus>(QUEUE_STATUSES, q.status, 'open'),
        assignee: pick<QueueAssignee>(QUEUE_ASSIGNEES, q.assignee, 'any'),
        condition: CONDITIONS.some((c) => c.value === q.condition) ? q.condition! : '',
      };
      const now = ctx.now();
      const found = await listConsultationsForStaff(ctx.db, { ...filters, staffId: me.actor.id }, QUEUE_LIMIT + 1);
      const rows = found.slice(0, QUEUE_LIMIT);
      reply.type('text/html; charset=utf-8');
      if (q.format === 'fragment') return reply.send(renderQueueRows({ rows, now }).value);
      const counts = await countConsultationsForStaff(ctx.db, { ...filters, staffId: me.actor.id });
      return reply.send(renderQueuePage(ctx.site, me, { filters, rows, counts, truncated: found.length > QUEUE_LIMIT, now }));
    });
};

function pick<T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}
