import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { checkFormStamp, HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../platform/form-guard.ts';
import { assessUrgency } from '../triage/index.ts';
import { CONTACT_LIMITS, EMPTY_CONTACT_FORM, normalizeContactForm, validateContactForm, type ContactFormInput } from './contact-form.ts';
import { submitContactMessage } from './contact.service.ts';
import { renderContactPage, renderContactSentPage, renderContactTooManyPage } from './contact.views.ts';
import type { ContactTriageLevel } from './contact.table.ts';

// Room for a 10,000-character message of 4-byte characters, URL-encoded, and the other fields;
// anything larger is refused while it streams in (413), before it is parsed.
const BODY_LIMIT = 256 * 1024;
const SENT = /^(emergency|same-day|routine)\.(M-[2-9A-Z]{6})$/;

/** Contact us (/contact): leave a message; the thank-you page (/contact/sent). */
export const contactRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secureCookie = ctx.config.baseUrl.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(ctx.config.baseUrl);
  // Tells the thank-you page the reference and whether to lead with the urgent-help notice.
  const SENT_COOKIE = secureCookie ? '__Host-kd_contact_sent' : 'kd_contact_sent';
  const page = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
  const formPage = (reply: FastifyReply, status: number, values: ContactFormInput, problems: readonly FieldProblem[]) =>
    page(reply, status, renderContactPage(ctx.site, { values, problems, stamp: issueFormStamp(ctx.formSecret, ctx.now()) }));

  // A body over the limit never reaches the handler: answer with the form and a message beside the field.
  app.setErrorHandler(async (error, request, reply) => {
    if ((error as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE' || request.url.split('?')[0] !== '/contact') throw error;
    request.log.info({ event: 'form.rejected', form: 'contact', reason: 'too-large' }, 'contact form rejected');
    reply.header('connection', 'close');
    return formPage(reply, 413, EMPTY_CONTACT_FORM, [{ field: 'message', message: `Please shorten your message to ${CONTACT_LIMITS.messageMax.toLocaleString('en')} characters.` }]);
  });

  app.get('/contact', async (_request, reply) => formPage(reply, 200, EMPTY_CONTACT_FORM, []));

  app.post('/contact', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const client = `contact:${request.ip}`;
    const limit = ctx.formLimiter.check(client, ctx.now());
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      return page(reply, 429, renderContactTooManyPage(ctx.site, limit.retryAfterSeconds));
    }
    const fields = (request.body !== null && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const values = normalizeContactForm(fields);
    const reject = (status: number, problems: readonly FieldProblem[], reason: string) => {
      request.log.info({ event: 'form.rejected', form: 'contact', reason }, 'contact form rejected');
      return formPage(reply, status, values, problems);
    };

    if (typeof fields[HONEYPOT_FIELD] === 'string' && fields[HONEYPOT_FIELD] !== '') {
      // Automated: answer as a person's mistake would be answered, store nothing.
      return reject(422, [{ field: 'message', message: 'We could not accept this form. Please check your answers and send it again.' }], 'honeypot');
    }
    const check = validateContactForm(values);
    if (!check.ok) return reject(check.malformed ? 400 : 422, check.problems, check.problems.map((p) => p.field).join(','));
    const stamp = typeof fields[STAMP_FIELD] === 'string' ? fields[STAMP_FIELD] : '';
    const stampState = checkFormStamp(stamp, ctx.formSecret, ctx.now(), ctx.config.formMinFillSeconds);
    if (stampState !== 'ok') {
      return reject(422, [{ field: 'message', message: stampState === 'too-fast'
        ? 'That was very quick. Please check your message, then send it again.'
        : 'This form had expired. Please check your message and send it again.' }], `stamp-${stampState}`);
    }

    const triage = assessUrgency(`${check.value.subject}\n${check.value.message}`);
    const sent = await submitContactMessage(ctx, check.value, { level: triage.level, reasonCodes: triage.reasons.map((r) => r.code) });
    ctx.formLimiter.record(client, ctx.now());
    request.log.info({ event: 'contact.received', triage: triage.level }, 'contact message received');
    reply.setCookie(SENT_COOKIE, `${triage.level}.${sent.reference}`, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie, maxAge: 30 * 60 });
    return reply.status(303).header('cache-control', 'no-store').redirect('/contact/sent', 303);
  });

  app.get('/contact/sent', async (request: FastifyRequest, reply) => {
    const match = SENT.exec(request.cookies[SENT_COOKIE] ?? '');
    const sent = match ? { level: match[1] as ContactTriageLevel, reference: match[2]! } : undefined;
    return page(reply, 200, renderContactSentPage(ctx.site, sent));
  });
};
