import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { isValidMailAddress } from '../notifications/index.ts';
import { formatSecretForPeople, otpauthUri } from './totp.ts';
import { renderQrSvg } from './totp-qr.ts';
import { requiresTotp } from './staff.policy.ts';
import { sessionSettings, signInWithCode, signInWithPassword, signOut } from './staff-auth.service.ts';
import {
  accountForLink, confirmTotpFromLink, pendingTotpSecret, requestPasswordReset, resetPasswordFromLink, setPasswordFromLink,
} from './staff.service.ts';
import { anonymousFormToken, currentStaff, optionalStaff, requestMeta, safeNext, setStaffCookie, type StaffCookies } from './staff-guard.ts';
import {
  renderCodePage, renderDeadLinkPage, renderLoginPage, renderResetPage, renderResetRequestPage, renderSetupCodePage,
  renderSetupPasswordPage, renderThrottledPage, SIGN_IN_REFUSED,
} from './staff-auth.views.ts';

const LoginQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })), done: Type.Optional(Type.String({ maxLength: 20 })) });
// NUL never belongs in a form value and PostgreSQL text cannot hold one: such a request is malformed (400).
const NO_NUL = '^[^\\u0000]*$';
const LoginBody = Type.Object({
  email: Type.String({ maxLength: 254, pattern: NO_NUL }), password: Type.String({ maxLength: 1000, pattern: NO_NUL }),
  next: Type.Optional(Type.String({ maxLength: 500 })), csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const CodeBody = Type.Object({ code: Type.String({ maxLength: 20 }), next: Type.Optional(Type.String({ maxLength: 500 })), csrf: Type.Optional(Type.String({ maxLength: 100 })) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const PasswordBody = Type.Object({
  password: Type.String({ maxLength: 1000, pattern: NO_NUL }), confirm: Type.String({ maxLength: 1000, pattern: NO_NUL }),
  totp: Type.Optional(Type.String({ maxLength: 10 })), csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const EmailBody = Type.Object({ email: Type.String({ maxLength: 1000, pattern: NO_NUL }), csrf: Type.Optional(Type.String({ maxLength: 100 })) });
type TokenParams = Static<typeof TokenParams>;

const DONE_NOTICES: Record<string, string> = {
  setup: 'Your account is set up. You can sign in now.',
  reset: 'Your password has been changed. You can sign in with it now.',
  out: 'You have signed out.',
};

/** Sign-in and sign-out, set-up links and password reset: the console's only public pages. */
export const staffAuthRoutes: FastifyPluginAsync<{ ctx: AppContext; cookies: StaffCookies }> = async (app, { ctx, cookies }) => {
  const isPublic = { staffAccess: 'public' } as const;
  const page = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').send(body);
  const sessionCookieSeconds = Math.ceil(sessionSettings(ctx.config).absoluteMs / 1000);

  app.get<{ Querystring: Static<typeof LoginQuery> }>('/staff/login', { config: isPublic, schema: { querystring: LoginQuery } }, async (request, reply) => {
    const session = optionalStaff(request);
    const next = safeNext(request.query.next);
    if (session?.stage === 'active') return reply.redirect(next, 303);
    if (session?.stage === 'code') return page(reply, 200, renderCodePage(ctx.site, { csrf: session.csrf, next }));
    const done = request.query.done;
    const notice = done !== undefined && Object.hasOwn(DONE_NOTICES, done) ? DONE_NOTICES[done] : undefined;
    return page(reply, 200, renderLoginPage(ctx.site, { csrf: anonymousFormToken(ctx, cookies, request, reply), next, notice }));
  });

  app.post<{ Body: Static<typeof LoginBody> }>('/staff/login', { config: isPublic, schema: { body: LoginBody } }, async (request, reply) => {
    const email = request.body.email.trim().toLowerCase();
    const next = safeNext(request.body.next);
    const csrf = anonymousFormToken(ctx, cookies, request, reply);
    const result = await signInWithPassword(ctx, email, request.body.password, requestMeta(request));
    switch (result.outcome) {
      case 'signed-in':
        setStaffCookie(reply, cookies, cookies.session, result.cookie, sessionCookieSeconds);
        return reply.redirect(next, 303);
      case 'code-needed':
        setStaffCookie(reply, cookies, cookies.session, result.cookie, sessionCookieSeconds);
        return reply.redirect(next === '/staff' ? '/staff/login' : `/staff/login?next=${encodeURIComponent(next)}`, 303);
      case 'throttled':
        reply.header('retry-after', String(result.retryAfterSeconds));
        return page(reply, 429, renderThrottledPage(ctx.site, { csrf, retryAfterSeconds: result.retryAfterSeconds, email }));
      case 'setup-unfinished':
        return page(reply, 403, renderLoginPage(ctx.site, { csrf, email, next, problem: 'Your account set-up is not finished. Use your set-up link, or ask an admin to send you a new one.' }));
      default:
        return page(reply, 401, renderLoginPage(ctx.site, { csrf, email, next, problem: SIGN_IN_REFUSED }));
    }
  });

  app.post<{ Body: Static<typeof CodeBody> }>('/staff/login/code', { config: { staffAccess: 'code-step' }, schema: { body: CodeBody } }, async (request, reply) => {
    const pending = currentStaff(request);
    const next = safeNext(request.body.next);
    const result = await signInWithCode(ctx, pending, request.body.code, requestMeta(request));
    if (result.outcome === 'signed-in') {
      setStaffCookie(reply, cookies, cookies.session, result.cookie, sessionCookieSeconds);
      return reply.redirect(next, 303);
    }
    if (result.outcome === 'throttled') {
      reply.header('retry-after', String(result.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return page(reply, 429, renderCodePage(ctx.site, { csrf: pending.csrf, next, problem: `${SIGN_IN_REFUSED} Too many attempts: please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.` }));
    }
    return page(reply, 401, renderCodePage(ctx.site, { csrf: pending.csrf, next, problem: SIGN_IN_REFUSED }));
  });

  app.post('/staff/logout', { config: { staffAccess: 'any-session' } }, async (request, reply) => {
    await signOut(ctx, currentStaff(request), requestMeta(request));
    reply.clearCookie(cookies.session, { path: '/', secure: cookies.secure, httpOnly: true, sameSite: 'strict' });
    return reply.redirect('/staff/login?done=out', 303);
  });

  // Set-up link: GET shows a form and changes nothing, so a mail scanner following it uses nothing up.
  app.get<{ Params: TokenParams }>('/staff/setup/:token', { config: isPublic, schema: { params: TokenParams } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const staff = await accountForLink(ctx, request.params.token, 'setup');
    if (!staff) return page(reply, 404, renderDeadLinkPage(ctx.site, 'setup'));
    return page(reply, 200, renderSetupPasswordPage(ctx.site, {
      token: request.params.token, csrf: anonymousFormToken(ctx, cookies, request, reply), name: staff.name, email: staff.email,
      totpRequired: requiresTotp(staff.role), problems: [],
    }));
  });

  app.post<{ Params: TokenParams; Body: Static<typeof PasswordBody> }>('/staff/setup/:token', { config: isPublic, schema: { params: TokenParams, body: PasswordBody } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const staff = await accountForLink(ctx, token, 'setup');
    if (!staff) return page(reply, 404, renderDeadLinkPage(ctx.site, 'setup'));
    const result = await setPasswordFromLink(ctx, token, { password: request.body.password, confirm: request.body.confirm, wantsTotp: request.body.totp === 'yes' }, requestMeta(request));
    if (!result.ok) {
      return page(reply, 422, renderSetupPasswordPage(ctx.site, {
        token, csrf: anonymousFormToken(ctx, cookies, request, reply), name: staff.name, email: staff.email, totpRequired: requiresTotp(staff.role), problems: result.problems,
      }));
    }
    return reply.redirect(result.next === 'code' ? `/staff/setup/${token}/code` : '/staff/login?done=setup', 303);
  });

  app.get<{ Params: TokenParams }>('/staff/setup/:token/code', { config: isPublic, schema: { params: TokenParams } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    return setupCodePage(request.params.token, anonymousFormToken(ctx, cookies, request, reply), reply, 200);
  });

  app.post<{ Params: TokenParams; Body: Static<typeof CodeBody> }>('/staff/setup/:token/code', { config: isPublic, schema: { params: TokenParams, body: CodeBody } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    if (!(await pendingTotpSecret(ctx, token))) return page(reply, 404, renderDeadLinkPage(ctx.site, 'setup'));
    if (await confirmTotpFromLink(ctx, token, request.body.code, requestMeta(request))) return reply.redirect('/staff/login?done=setup', 303);
    return setupCodePage(token, anonymousFormToken(ctx, cookies, request, reply), reply, 422, 'That code did not match. Check the time on your phone is right, and type the newest code.');
  });

  app.get('/staff/password-reset', { config: isPublic }, async (request, reply) =>
    page(reply, 200, renderResetRequestPage(ctx.site, { csrf: anonymousFormToken(ctx, cookies, request, reply), sent: false })));

  app.post<{ Body: Static<typeof EmailBody> }>('/staff/password-reset', { config: isPublic, schema: { body: EmailBody } }, async (request, reply) => {
    const csrf = anonymousFormToken(ctx, cookies, request, reply);
    const email = request.body.email.normalize('NFC').trim().toLowerCase();
    if (!isValidMailAddress(email)) {
      return page(reply, 422, renderResetRequestPage(ctx.site, { csrf, sent: false, email: email.replace(/[\u0000-\u001F]/g, ''), problem: 'Enter one e-mail address, like name@clinic.example.' }));
    }
    const limit = ctx.formLimiter.check(`staff-reset:${request.ip}`, ctx.now());
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      return page(reply, 429, renderResetRequestPage(ctx.site, { csrf, sent: false, email, problem: 'Too many requests from here. Please wait a while and try again.' }));
    }
    ctx.formLimiter.record(`staff-reset:${request.ip}`, ctx.now());
    await requestPasswordReset(ctx, email, requestMeta(request));
    return page(reply, 200, renderResetRequestPage(ctx.site, { csrf, sent: true }));
  });

  app.get<{ Params: TokenParams }>('/staff/password-reset/:token', { config: isPublic, schema: { params: TokenParams } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const staff = await accountForLink(ctx, request.params.token, 'reset');
    if (!staff) return page(reply, 404, renderDeadLinkPage(ctx.site, 'reset'));
    return page(reply, 200, renderResetPage(ctx.site, { token: request.params.token, csrf: anonymousFormToken(ctx, cookies, request, reply), email: staff.email, problems: [] }));
  });

  app.post<{ Params: TokenParams; Body: Static<typeof PasswordBody> }>('/staff/password-reset/:token', { config: isPublic, schema: { params: TokenParams, body: PasswordBody } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const staff = await accountForLink(ctx, token, 'reset');
    if (!staff) return page(reply, 404, renderDeadLinkPage(ctx.site, 'reset'));
    const result = await resetPasswordFromLink(ctx, token, { password: request.body.password, confirm: request.body.confirm }, requestMeta(request));
    if (!result.ok) {
      return page(reply, 422, renderResetPage(ctx.site, { token, csrf: anonymousFormToken(ctx, cookies, request, reply), email: staff.email, problems: result.problems }));
    }
    reply.clearCookie(cookies.session, { path: '/', secure: cookies.secure, httpOnly: true, sameSite: 'strict' });
    return reply.redirect('/staff/login?done=reset', 303);
  });

  async function setupCodePage(token: string, csrf: string, reply: FastifyReply, status: number, problem?: string): Promise<FastifyReply> {
    const pending = await pendingTotpSecret(ctx, token);
    if (!pending) return page(reply, 404, renderDeadLinkPage(ctx.site, 'setup'));
    const uri = otpauthUri(pending.secret, ctx.site.name, pending.staff.email);
    return page(reply, status, renderSetupCodePage(ctx.site, {
      token, csrf, problem, secretText: formatSecretForPeople(pending.secret),
      qr: renderQrSvg(uri, 'QR code for your authenticator app. If you cannot scan it, type the key shown below it.'),
    }));
  }
};
