import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { assertCan, type StaffAction } from './staff.policy.ts';
import { sessionSettings } from './staff-auth.service.ts';
import { looksLikeSecret, newSecret, sameSecret } from './staff-keys.ts';
import { anonymousCsrfToken, loadSession, type RequestMeta, type StaffSession } from './staff-session.ts';

// The gate of the staff scope. Every route in it is for a signed-in staff member who may use the
// console unless its `staffAccess` says otherwise, so a route that forgets to say is closed, not
// open. Before any handler (and before body validation, so a stranger learns nothing from it):
//   1. who: the session from the cookie (anonymous → 303 to the sign-in page, or 401 for JSON);
//   2. CSRF, for every method but GET/HEAD/OPTIONS: no cross-site Origin or Sec-Fetch-Site, and
//      the form's `csrf` field must match the session's token (or, on pages before sign-in, the
//      token of the pre-session cookie);
//   3. what: the route's action under the role policy (403 otherwise).

/**
 * Who may reach a route: 'public' (sign-in, set-up and reset pages), 'code-step' (a session
 * waiting for its TOTP code), 'any-session' (either kind of session: sign out), or an action
 * the signed-in member must be allowed (default 'console.use').
 */
export type StaffAccess = 'public' | 'code-step' | 'any-session' | StaffAction;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may reach this staff route (src/staff/staff-guard.ts); absent means 'console.use'. */
    staffAccess?: StaffAccess;
  }
}

export interface StaffCookies {
  /** The session cookie. */
  readonly session: string;
  /** The pre-session cookie the sign-in, set-up and reset forms' tokens are bound to. */
  readonly pre: string;
  readonly secure: boolean;
}

const sessions = new WeakMap<FastifyRequest, StaffSession>();
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in staff member of this request; throws UNAUTHENTICATED outside a session. */
export function currentStaff(request: FastifyRequest): StaffSession {
  const session = sessions.get(request);
  if (!session) throw new AppError('UNAUTHENTICATED');
  return session;
}

/** The session of this request, of either stage, if there is one. */
export function optionalStaff(request: FastifyRequest): StaffSession | undefined {
  return sessions.get(request);
}

/** What the audit log and the session table keep about a request. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/** Cookie names: `__Host-` ones need Secure, which browsers honour on https and on localhost. */
export function staffCookies(baseUrl: string): StaffCookies {
  const secure = baseUrl.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(baseUrl);
  return secure
    ? { session: '__Host-kd_staff', pre: '__Host-kd_staff_pre', secure }
    : { session: 'kd_staff', pre: 'kd_staff_pre', secure };
}

/** Sets a staff cookie: HttpOnly, SameSite=Strict, Path=/, Secure where possible, no Domain. */
export function setStaffCookie(reply: FastifyReply, cookies: StaffCookies, name: string, value: string, maxAgeSeconds: number): void {
  reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: cookies.secure, maxAge: maxAgeSeconds });
}

/** The form token for a page shown before sign-in, setting the pre-session cookie if needed. */
export function anonymousFormToken(ctx: AppContext, cookies: StaffCookies, request: FastifyRequest, reply: FastifyReply): string {
  let pre = request.cookies[cookies.pre];
  if (!looksLikeSecret(pre)) {
    pre = newSecret();
    setStaffCookie(reply, cookies, cookies.pre, pre, 86_400);
  }
  return anonymousCsrfToken(ctx.staffSecret, pre);
}

/** Installs the gate on the staff scope (call before registering its routes). */
export function installStaffGuard(app: FastifyInstance, ctx: AppContext, cookies: StaffCookies): void {
  const settings = sessionSettings(ctx.config);
  const baseOrigin = new URL(ctx.config.baseUrl).origin;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
    const session = await loadSession(ctx.db, ctx.staffSecret, request.cookies[cookies.session], ctx.now(), settings);
    if (session) sessions.set(request, session);
  });

  app.addHook('preValidation', async (request, reply) => {
    const access: StaffAccess = request.routeOptions.config.staffAccess ?? 'console.use';
    const session = sessions.get(request);
    const stageOk = access === 'public' || (session !== undefined && (
      access === 'any-session' || session.stage === (access === 'code-step' ? 'code' : 'active')));
    if (!stageOk) return refuseStranger(request, reply);

    if (!SAFE_METHODS.has(request.method)) {
      if (crossSite(request, baseOrigin)) throw new AppError('CSRF_FAILED');
      // A streamed multipart body is read by its handler, after this gate, so such forms may carry
      // the token in their action URL (`?csrf=`); the body is never read for a request refused here.
      const given = (request.body as Record<string, unknown> | undefined)?.csrf
        ?? (isMultipart(request) ? (request.query as Record<string, unknown> | undefined)?.csrf : undefined);
      const pre = request.cookies[cookies.pre];
      const expected = access === 'public'
        ? (looksLikeSecret(pre) ? anonymousCsrfToken(ctx.staffSecret, pre) : undefined)
        : session?.csrf;
      if (typeof given !== 'string' || expected === undefined || !sameSecret(given, expected)) throw new AppError('CSRF_FAILED');
    }

    if (access !== 'public' && access !== 'code-step' && access !== 'any-session') assertCan(session!.actor, access);
  });
}

async function refuseStranger(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const accept = request.headers.accept ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html')) throw new AppError('UNAUTHENTICATED');
  const next = request.method === 'GET' && request.url !== '/staff' ? `?next=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/staff/login${next}`, 303);
}

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

/** True when the browser says the request came from another site. */
function crossSite(request: FastifyRequest, baseOrigin: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  return origin !== baseOrigin && origin !== `${request.protocol}://${request.host}`;
}

/** A `next` address after sign-in: only a path inside the console, never another site. */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/staff(\/[A-Za-z0-9._~%/?=&-]*)?$/.test(next) || next.startsWith('//') || next.includes('\\')) return '/staff';
  return next;
}
