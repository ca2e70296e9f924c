import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { checkFormStamp, HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../platform/form-guard.ts';
import { isValidMailAddress } from '../notifications/index.ts';
import { assessUrgency } from '../triage/index.ts';
import { EMPTY_FORM, LIMITS, normalizeForm, validateAskForm, type AskFormInput } from './consultation-form.ts';
import { discardFiles, MULTIPART_LIMITS, readFormSubmission } from './upload-intake.ts';
import { submitConsultation, addPatientFollowUp, closeConsultationByPatient, requestDeletion, resendCaseLinks } from './consultation.service.ts';
import { caseFormToken, endCaseSession, findConsultationBySession, findConsultationByToken, startCaseSession } from './case-access.ts';
import { loadCaseForPatient, findPatientFile } from './consultation.repository.ts';
import { renderAskPage, renderReceivedPage, renderTooManyPage } from './ask.views.ts';
import { renderAccessPage, renderCasePage, renderNoCasePage, renderResendPage, type AnswererCredit } from './case.views.ts';
import type { FieldProblem } from '../platform/errors.ts';

const AskQuery = Type.Object({ q: Type.Optional(Type.String()) });
const TriageBody = Type.Object({ text: Type.String({ maxLength: 10_000 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const FileParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const CaseQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
type TokenParams = Static<typeof TokenParams>;

/** Ask an expert (/ask) and the patient's private case page (/case). */
/** Finds the public credit (published profile) of the expert with this staff account, if any. */
export type AnswererLookup = (db: AppContext['db'], staffId: string) => Promise<AnswererCredit | undefined>;

export const consultationRoutes: FastifyPluginAsync<{ ctx: AppContext; findAnswerer?: AnswererLookup }> = async (app, { ctx, findAnswerer }) => {
  /** The case with the credits of the experts who answered it. */
  const loadCase = async (id: string) => {
    const view = await loadCaseForPatient(ctx.db, id);
    if (!view || !findAnswerer) return view;
    const answerers = new Map<string, AnswererCredit>();
    for (const staffId of new Set(view.messages.filter((m) => m.author === 'expert' && m.author_id).map((m) => m.author_id!))) {
      const credit = await findAnswerer(ctx.db, staffId);
      if (credit) answerers.set(staffId, credit);
    }
    return { ...view, answerers };
  };

  await app.register(multipart, { limits: MULTIPART_LIMITS });
  const secureCookie = ctx.config.baseUrl.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(ctx.config.baseUrl);
  const COOKIE = secureCookie ? '__Host-kd_case' : 'kd_case';
  const today = () => ctx.now().toISOString().slice(0, 10);
  const stamp = () => issueFormStamp(ctx.formSecret, ctx.now());
  const page = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
  const askPage = (values: AskFormInput, problems: readonly FieldProblem[]) =>
    renderAskPage(ctx.site, { values, problems, stamp: stamp(), targetHours: ctx.config.answerTargetHours });

  app.get<{ Querystring: Static<typeof AskQuery> }>('/ask', { schema: { querystring: AskQuery } }, async (request, reply) => {
    const description = [...(request.query.q ?? '').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ')].slice(0, LIMITS.descriptionMax).join('');
    return page(reply, 200, askPage({ ...EMPTY_FORM, description }, []));
  });

  // Multipart bodies are limited while they stream (upload-intake.ts); URL-encoded ones by formbody.
  app.post('/ask', async (request, reply) => {
    const client = request.ip;
    const limit = ctx.formLimiter.check(client, ctx.now());
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds)).header('connection', 'close');
      return page(reply, 429, renderTooManyPage(ctx.site, limit.retryAfterSeconds));
    }
    const submission = await readFormSubmission(request, ctx.files);
    const values = normalizeForm(submission.fields);
    const reject = async (status: number, problems: readonly FieldProblem[], reason: string) => {
      await discardFiles(ctx.files, submission.files);
      request.log.info({ event: 'form.rejected', form: 'ask', reason }, 'ask form rejected');
      return page(reply, status, askPage(values, problems));
    };

    if (submission.cutOff) {
      reply.header('connection', 'close');
      return reject(413, [submission.cutOff], 'too-large');
    }
    if ((submission.fields[HONEYPOT_FIELD] ?? '') !== '') {
      // Automated: answer like a person's mistake would be answered, store nothing.
      return reject(422, [{ field: 'description', message: 'We could not accept this form. Please check your answers and send it again.' }], 'honeypot');
    }
    const check = validateAskForm(values, today());
    // After a refused file the rest of the form was not read: say nothing about fields that never arrived.
    const formProblems = check.ok ? [] : check.problems.filter((p) => submission.complete || p.field in submission.fields);
    const problems = [...formProblems];
    if (submission.fileProblem) problems.push(submission.fileProblem);
    const stampState = checkFormStamp(submission.fields[STAMP_FIELD] ?? '', ctx.formSecret, ctx.now(), ctx.config.formMinFillSeconds);
    if (problems.length === 0 && stampState !== 'ok') {
      problems.push({ field: 'description', message: stampState === 'too-fast'
        ? 'That was very quick. Please check your answers, then send the form again.'
        : 'This form had expired. Please check your answers and send it again.' });
    }
    if (problems.length > 0 || !check.ok) {
      const status = !check.ok && check.malformed ? 400 : submission.fileStatus && formProblems.length === 0 ? submission.fileStatus : 422;
      return reject(status, problems, problems.map((p) => p.field).join(','));
    }

    const triage = assessUrgency(check.value.description);
    const created = await submitConsultation(ctx, check.value, submission.files, { level: triage.level, reasonCodes: triage.reasons.map((r) => r.code) });
    ctx.formLimiter.record(client, ctx.now());
    request.log.info({ event: 'consultation.received', triage: triage.level, files: submission.files.length }, 'consultation received');
    await signIn(reply, created.id);
    return reply.status(303).header('cache-control', 'no-store').redirect('/ask/received', 303);
  });

  // Live hint while the patient types (JavaScript only); the same engine runs again on submit.
  app.post<{ Body: Static<typeof TriageBody> }>('/api/triage', { schema: { body: TriageBody } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const result = assessUrgency(request.body.text.normalize('NFC'));
    return { level: result.level, ...TRIAGE_HINTS[result.level](ctx.site.emergencyNumber) };
  });

  app.get('/ask/received', async (request, reply) => {
    const id = await findConsultationBySession(ctx.db, request.cookies[COOKIE], ctx.now());
    const view = id ? await loadCaseForPatient(ctx.db, id) : undefined;
    if (!view) return page(reply, 200, renderNoCasePage(ctx.site));
    return page(reply, 200, renderReceivedPage(ctx.site, view.consultation.reference, view.consultation.triage_level, ctx.config.answerTargetHours));
  });

  app.get<{ Params: TokenParams }>('/case/access/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    const id = await findConsultationByToken(ctx.db, request.params.token, ctx.now());
    reply.header('referrer-policy', 'no-referrer');
    return page(reply, id ? 200 : 404, renderAccessPage(ctx.site, request.params.token, id !== undefined));
  });

  app.post<{ Params: TokenParams }>('/case/access/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    const id = await findConsultationByToken(ctx.db, request.params.token, ctx.now());
    if (!id) return page(reply, 404, renderAccessPage(ctx.site, request.params.token, false));
    await signIn(reply, id);
    return reply.redirect('/case', 303);
  });

  app.get<{ Querystring: Static<typeof CaseQuery> }>('/case', { schema: { querystring: CaseQuery } }, async (request, reply) => {
    const session = await caseSession(request);
    if (!session) return page(reply, 200, renderNoCasePage(ctx.site));
    const view = await loadCase(session.id);
    if (!view) return page(reply, 200, renderNoCasePage(ctx.site));
    const done = request.query.done;
    const notice = done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    return page(reply, 200, renderCasePage(ctx.site, { ...view, csrf: session.csrf, notice }));
  });

  app.post('/case/messages', async (request, reply) => {
    const session = await caseSession(request);
    // Without a case session nothing is read, let alone stored.
    if (!session) {
      reply.header('connection', 'close');
      throw new AppError('CSRF_FAILED');
    }
    const submission = await readFormSubmission(request, ctx.files);
    if (submission.cutOff) reply.header('connection', 'close');
    if (submission.fields.csrf !== session.csrf) {
      await discardFiles(ctx.files, submission.files);
      throw new AppError('CSRF_FAILED');
    }
    const body = (submission.fields.body ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
    const problems: FieldProblem[] = [];
    if (submission.cutOff) problems.push(submission.cutOff);
    else if (body.includes('\u0000')) problems.push({ field: 'body', message: 'Your message contains a character we cannot accept.' });
    else if (body.length === 0 && submission.files.length === 0) problems.push({ field: 'body', message: 'Please write a message or attach a report.' });
    else if ([...body].length > LIMITS.descriptionMax) problems.push({ field: 'body', message: `Please keep your message to ${LIMITS.descriptionMax.toLocaleString('en')} characters.` });
    if (submission.fileProblem) problems.push(submission.fileProblem);
    if (problems.length > 0) {
      await discardFiles(ctx.files, submission.files);
      const view = await loadCase(session.id);
      if (!view) return page(reply, 200, renderNoCasePage(ctx.site));
      const status = submission.cutOff ? 413 : problems.some((p) => p.message.includes('cannot accept')) ? 400 : submission.fileStatus ?? 422;
      return page(reply, status,
        renderCasePage(ctx.site, { ...view, csrf: session.csrf, problems, followUp: body.replace(/\u0000/g, '') }));
    }
    await addPatientFollowUp(ctx, session.id, body === '' ? '(Reports attached.)' : body, submission.files);
    return reply.redirect('/case?done=message', 303);
  });

  app.post('/case/close', async (request, reply) => {
    const session = await requireCaseForm(request);
    await closeConsultationByPatient(ctx, session.id);
    return reply.redirect('/case?done=closed', 303);
  });

  app.post('/case/delete-request', async (request, reply) => {
    const session = await requireCaseForm(request);
    await requestDeletion(ctx, session.id, request.ip);
    return reply.redirect('/case?done=deletion', 303);
  });

  app.post('/case/sign-out', async (request, reply) => {
    await requireCaseForm(request);
    await endCaseSession(ctx.db, request.cookies[COOKIE] ?? '');
    reply.clearCookie(COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  app.get<{ Params: Static<typeof FileParams> }>('/case/files/:id', { schema: { params: FileParams } }, async (request, reply) => {
    const session = await caseSession(request);
    if (!session) throw new AppError('NOT_FOUND');
    const file = await findPatientFile(ctx.db, session.id, request.params.id);
    if (!file) throw new AppError('NOT_FOUND');
    const content = await ctx.files.read({ id: file.id, wrappedKey: file.wrapped_key });
    return sendAttachment(reply, file.display_name, file.media_type, content);
  });

  app.get('/case/resend', async (_request, reply) => page(reply, 200, renderResendPage(ctx.site, { sent: false, stamp: stamp() })));

  app.post('/case/resend', async (request, reply) => {
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof fields.email === 'string' ? fields.email.normalize('NFC').trim() : '';
    if (!isValidMailAddress(email)) {
      return page(reply, email.includes('\u0000') ? 400 : 422, renderResendPage(ctx.site, { sent: false, stamp: stamp(), email: email.replace(/\u0000/g, ''), problem: 'Please enter one e-mail address, like name@example.com.' }));
    }
    const limit = ctx.formLimiter.check(`resend:${request.ip}`, ctx.now());
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      return page(reply, 429, renderTooManyPage(ctx.site, limit.retryAfterSeconds));
    }
    ctx.formLimiter.record(`resend:${request.ip}`, ctx.now());
    await resendCaseLinks(ctx, email);
    // The same answer whether or not the address is known.
    return page(reply, 200, renderResendPage(ctx.site, { sent: true, stamp: stamp() }));
  });

  async function signIn(reply: FastifyReply, consultationId: string): Promise<void> {
    const secret = await startCaseSession(ctx.db, consultationId, ctx.now());
    reply.setCookie(COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie, maxAge: 12 * 3600 });
  }

  async function caseSession(request: FastifyRequest): Promise<{ id: string; csrf: string } | undefined> {
    const cookie = request.cookies[COOKIE];
    const id = await findConsultationBySession(ctx.db, cookie, ctx.now());
    return id && cookie ? { id, csrf: caseFormToken(cookie) } : undefined;
  }

  async function requireCaseForm(request: FastifyRequest): Promise<{ id: string; csrf: string }> {
    const session = await caseSession(request);
    const csrf = ((request.body ?? {}) as Record<string, unknown>).csrf;
    if (!session || csrf !== session.csrf) throw new AppError('CSRF_FAILED');
    return session;
  }
};

const TRIAGE_HINTS: Record<'emergency' | 'same-day' | 'routine', (emergencyNumber: string) => { title: string; message: string }> = {
  emergency: (n) => ({ title: 'Get urgent help now', message: `What you describe may be an emergency. Call ${n} now or go to the nearest emergency department. Do not wait for our answer.` }),
  'same-day': () => ({ title: 'Get urgent help today', message: 'What you describe needs a kidney team today. Contact your dialysis unit, PD unit, transplant team or kidney clinic today; if they are closed, call the out-of-hours renal on-call service.' }),
  routine: () => ({ title: '', message: '' }),
};

const NOTICES: Record<string, string> = {
  message: 'Your message has been added. Our experts will see it.',
  closed: 'Your question is closed. Send a message if you need to reopen it.',
  deletion: 'We have your request to delete this question.',
};

/**
 * Sends a stored report as a download: the type we detected, a generated safe file name, no
 * sniffing, a sandbox policy so it can never run as a page, and never cached.
 */
export function sendAttachment(reply: FastifyReply, displayName: string, mediaType: string, content: Buffer): FastifyReply {
  const ascii = displayName.replace(/[^A-Za-z0-9._ -]/g, '_');
  return reply
    .header('content-type', mediaType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(displayName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'no-store')
    .send(content);
}
