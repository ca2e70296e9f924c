import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import type { ConsultationFileRow, ConsultationStatus } from '../consultations/index.ts';
import { currentStaff, requestMeta } from './staff-guard.ts';
import {
  addInternalNote, assignConsultation, changeConsultationStatus, checkNote, claimConsultation, openConsultationFile,
  pauseAnswerClock, resumeAnswerClock, unassignConsultation, viewConsultation, type ActionOutcome,
} from './consultation-console.service.ts';
import { renderConsultationPage, type ConsultationPageView } from './consultation-view.views.ts';

// Ids that cannot be ours are "not found", not "bad request": the page is the same either way.
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const FileParams = Type.Object({ id: Type.String({ maxLength: 64 }), fileId: Type.String({ maxLength: 64 }) });
const ViewQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const FileQuery = Type.Object({ download: Type.Optional(Type.String({ maxLength: 5 })) });
const CsrfOnly = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 200 })) });
const AssignBody = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 200 })), assignee: Type.Optional(Type.String({ maxLength: 1000 })) });
const StatusBody = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 200 })), status: Type.Optional(Type.String({ maxLength: 1000 })) });
// The length limit is checked by checkNote so the note comes back with a message (the body limit stops floods).
const NoteBody = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 200 })), note: Type.Optional(Type.String()) });
type IdParams = Static<typeof IdParams>;

const CONSULTATION_ID = /^[0-9a-z]{26}$/;
const FILE_ID = /^[0-9a-f]{32}$/;
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'application/pdf']);

const NOTICES: Record<ActionOutcome | 'answered', string> = {
  answered: 'Answer sent. The patient has been e-mailed a link to read it.',
  claimed: 'You have this consultation now.',
  assigned: 'Consultation assigned.',
  unassigned: 'Nobody has this consultation now.',
  noted: 'Note added. Only staff can see it.',
  status: 'Status changed.',
  paused: 'Clock paused: waiting for information from the patient.',
  resumed: 'Clock restarted. The deadline moved on by the time it was paused.',
  unchanged: 'Nothing needed changing.',
};

/** One consultation for experts: the view, its files, and the actions on it. */
export const consultationViewRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, status: number, id: string, extra: Omit<ConsultationPageView, 'found' | 'now'> = {}) => {
    const me = currentStaff(request);
    const found = await viewConsultation(ctx, me.actor, id, requestMeta(request));
    return reply.status(status).type('text/html; charset=utf-8').send(renderConsultationPage(ctx.site, me, { found, now: ctx.now(), ...extra }));
  };

  app.get<{ Params: IdParams; Querystring: Static<typeof ViewQuery> }>('/staff/consultations/:id',
    { config: { staffAccess: 'consultation.view' }, schema: { params: IdParams, querystring: ViewQuery } },
    async (request, reply) => {
      const done = request.query.done;
      const notice = done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done as ActionOutcome | 'answered'] : undefined;
      return page(request, reply, 200, consultationId(request.params.id), { notice });
    });

  app.get<{ Params: Static<typeof FileParams>; Querystring: Static<typeof FileQuery> }>('/staff/consultations/:id/files/:fileId',
    { config: { staffAccess: 'consultation.file' }, schema: { params: FileParams, querystring: FileQuery } },
    async (request, reply) => {
      if (!FILE_ID.test(request.params.fileId)) throw new AppError('NOT_FOUND');
      const download = request.query.download === '1';
      const { file, content } = await openConsultationFile(ctx, currentStaff(request).actor, consultationId(request.params.id), request.params.fileId, download, requestMeta(request));
      return sendStaffFile(reply, file, content, download);
    });

  // Each action: a 303 back to the view with a notice; a refusal shows the view again with its message.
  const action = (path: string, access: 'consultation.claim' | 'consultation.assign' | 'consultation.status',
    run: (request: FastifyRequest<{ Params: IdParams }>, id: string) => Promise<ActionOutcome>) => {
    app.post<{ Params: IdParams }>(`/staff/consultations/:id/${path}`, { config: { staffAccess: access }, schema: { params: IdParams, body: CsrfOnly } },
      async (request, reply) => respond(request, reply, consultationId(request.params.id), () => run(request, consultationId(request.params.id))));
  };
  action('claim', 'consultation.claim', (request, id) => claimConsultation(ctx, currentStaff(request).actor, id, requestMeta(request)));
  action('unassign', 'consultation.assign', (request, id) => unassignConsultation(ctx, currentStaff(request).actor, id, requestMeta(request)));
  action('pause', 'consultation.status', (request, id) => pauseAnswerClock(ctx, currentStaff(request).actor, id, requestMeta(request)));
  action('resume', 'consultation.status', (request, id) => resumeAnswerClock(ctx, currentStaff(request).actor, id, requestMeta(request)));

  app.post<{ Params: IdParams; Body: Static<typeof AssignBody> }>('/staff/consultations/:id/assign',
    { config: { staffAccess: 'consultation.assign' }, schema: { params: IdParams, body: AssignBody } },
    async (request, reply) => {
      const id = consultationId(request.params.id);
      return respond(request, reply, id, () => assignConsultation(ctx, currentStaff(request).actor, id, request.body.assignee ?? '', requestMeta(request)));
    });

  app.post<{ Params: IdParams; Body: Static<typeof StatusBody> }>('/staff/consultations/:id/status',
    { config: { staffAccess: 'consultation.status' }, schema: { params: IdParams, body: StatusBody } },
    async (request, reply) => {
      const id = consultationId(request.params.id);
      const to = request.body.status ?? '';
      if (to !== 'in_progress' && to !== 'closed') {
        return page(request, reply, 422, id, { problems: [{ field: 'status', message: 'Choose one of the statuses in the list.' }] });
      }
      return respond(request, reply, id, () => changeConsultationStatus(ctx, currentStaff(request).actor, id, to satisfies ConsultationStatus, requestMeta(request)));
    });

  app.post<{ Params: IdParams; Body: Static<typeof NoteBody> }>('/staff/consultations/:id/notes',
    { config: { staffAccess: 'consultation.note' }, schema: { params: IdParams, body: NoteBody } },
    async (request, reply) => {
      const id = consultationId(request.params.id);
      const raw = request.body.note ?? '';
      const check = checkNote(raw);
      if (!check.ok) return page(request, reply, check.status, id, { problems: [check.problem], noteDraft: raw.replace(/\u0000/g, '') });
      return respond(request, reply, id, () => addInternalNote(ctx, currentStaff(request).actor, id, check.value, requestMeta(request)));
    });

  async function respond(request: FastifyRequest, reply: FastifyReply, id: string, run: () => Promise<ActionOutcome>): Promise<FastifyReply> {
    try {
      const outcome = await run();
      return reply.redirect(`/staff/consultations/${id}?done=${outcome}`, 303);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'CONSULTATION_CONFLICT' || error.code === 'ASSIGNEE_NOT_ALLOWED')) {
        return page(request, reply, error.status, id, error.fields.length > 0 ? { problems: error.fields } : { error: error.message });
      }
      throw error;
    }
  }
};

function consultationId(id: string): string {
  if (!CONSULTATION_ID.test(id)) throw new AppError('NOT_FOUND');
  return id;
}

/**
 * Sends a decrypted attachment: images and PDFs inline unless a download is asked for, the type
 * we detected at upload, no sniffing, a sandbox so it can never run as a page, never cached.
 */
function sendStaffFile(reply: FastifyReply, file: ConsultationFileRow, content: Buffer, download: boolean): FastifyReply {
  const ascii = file.display_name.replace(/[^A-Za-z0-9._ -]/g, '_');
  const disposition = download || !INLINE_TYPES.has(file.media_type) ? 'attachment' : 'inline';
  return reply
    .header('content-type', file.media_type)
    .header('content-disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.display_name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(content);
}
