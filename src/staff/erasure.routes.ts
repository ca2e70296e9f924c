import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { eraseRequestedConsultation, listDeletionRequestsForStaff } from '../consultations/index.ts';
import { currentStaff, requestMeta } from './staff-guard.ts';
import { renderDeletionRequestsPage } from './erasure.views.ts';

// Carrying out patients' deletion requests (admins: patient.erase). The request itself is the
// patient's (case page); the confirmation is here, audited `consultation.erased` in the
// transaction that deletes the consultation (consultations/retention.ts).

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const CsrfOnly = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 200 })) });
const ListQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const CONSULTATION_ID = /^[0-9a-z]{26}$/;

export const erasureRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: Static<typeof ListQuery> }>('/staff/deletions',
    { config: { staffAccess: 'patient.erase' }, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const notice = request.query.done === 'erased' ? 'The consultation was deleted.' : undefined;
      const requests = await listDeletionRequestsForStaff(ctx.db);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store')
        .send(renderDeletionRequestsPage(ctx.site, currentStaff(request), { requests, notice }));
    });

  app.post<{ Params: Static<typeof IdParams> }>('/staff/consultations/:id/erase',
    { config: { staffAccess: 'patient.erase' }, schema: { params: IdParams, body: CsrfOnly } },
    async (request, reply) => {
      if (!CONSULTATION_ID.test(request.params.id)) throw new AppError('NOT_FOUND');
      const me = currentStaff(request);
      const purged = await eraseRequestedConsultation(ctx, request.params.id, { staffId: me.actor.id, ip: requestMeta(request).ip });
      request.log.info({ event: 'consultation.erased', consultationId: request.params.id, files: purged.files, mails: purged.mails, filesLeft: purged.filesLeft }, 'consultation erased');
      return reply.redirect('/staff/deletions?done=erased', 303);
    });
};
