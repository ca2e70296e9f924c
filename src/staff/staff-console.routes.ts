import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { listAudit, type AuditOutcome } from '../platform/audit.ts';
import { createStaffAccount, disableStaff, enableStaff, sendNewSetupLink, validateNewStaff } from './staff.service.ts';
import { listStaff } from './staff.repository.ts';
import { currentStaff, requestMeta } from './staff-guard.ts';
import { renderConsoleHome, renderTeamPage, type InviteValues, type TeamMemberView } from './staff-console.views.ts';
import { filterQuery, renderAuditPage, type AuditFilterValues } from './audit.views.ts';
import { dutyPanel } from './staff-duty.ts';
import { mailAlertsPanel } from './mail-alerts-panel.ts';
import { html } from '../web/html.ts';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-z]{26}$' }) });
const InviteBody = Type.Object({
  name: Type.String({ maxLength: 1000 }), email: Type.String({ maxLength: 1000 }), role: Type.String({ maxLength: 20 }),
  reviewer: Type.Optional(Type.String({ maxLength: 10 })), csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const TeamQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const DATE = '^(\\d{4}-\\d{2}-\\d{2})?$';
const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 100, pattern: '^[a-z0-9_.]*$' })),
  actor: Type.Optional(Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_:-]*$' })),
  subjectType: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]*$' })),
  subjectId: Type.Optional(Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_:-]*$' })),
  outcome: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')])),
  from: Type.Optional(Type.String({ pattern: DATE })),
  to: Type.Optional(Type.String({ pattern: DATE })),
  before: Type.Optional(Type.String({ pattern: '^\\d{1,15}$' })),
});
type IdParams = Static<typeof IdParams>;

const TEAM_NOTICES: Record<string, string> = {
  invited: 'Invitation sent. The set-up link is in the outbox.',
  disabled: 'Account disabled. Its sessions have ended.',
  enabled: 'Account enabled again.',
  link: 'A new set-up link has been sent.',
};

/** The console home, the team (admins) and the audit log (admins). */
export const staffConsoleRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const page = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').send(body);
  const manage = { staffAccess: 'staff.manage' } as const;

  app.get('/staff', async (request, reply) => {
    const me = currentStaff(request);
    return page(reply, 200, renderConsoleHome(ctx.site, me, html`${await dutyPanel(ctx.db, me)}${await mailAlertsPanel(ctx.db, me)}`));
  });

  app.get<{ Querystring: Static<typeof TeamQuery> }>('/staff/team', { config: manage, schema: { querystring: TeamQuery } }, async (request, reply) => {
    const done = request.query.done;
    const notice = done !== undefined && Object.hasOwn(TEAM_NOTICES, done) ? TEAM_NOTICES[done] : undefined;
    return teamPage(reply, 200, { email: '', name: '', role: '', reviewer: false }, [], notice, request);
  });

  app.post<{ Body: Static<typeof InviteBody> }>('/staff/team', { config: manage, schema: { body: InviteBody } }, async (request, reply) => {
    const me = currentStaff(request);
    const values: InviteValues = { email: request.body.email, name: request.body.name, role: request.body.role, reviewer: request.body.reviewer === 'yes' };
    const check = validateNewStaff({ ...values, isReviewer: values.reviewer });
    if (!check.ok) return teamPage(reply, 422, values, check.problems, undefined, request);
    try {
      await createStaffAccount(ctx, check.value, { type: 'staff', id: me.actor.id }, { mail: true, ip: request.ip });
    } catch (error) {
      if (error instanceof AppError && error.code === 'STAFF_EMAIL_TAKEN') return teamPage(reply, 409, values, error.fields, undefined, request);
      throw error;
    }
    return reply.redirect('/staff/team?done=invited', 303);
  });

  app.post<{ Params: IdParams }>('/staff/team/:id/disable', { config: manage, schema: { params: IdParams } }, async (request, reply) => {
    await disableStaff(ctx, currentStaff(request).actor, request.params.id, requestMeta(request));
    return reply.redirect('/staff/team?done=disabled', 303);
  });

  app.post<{ Params: IdParams }>('/staff/team/:id/enable', { config: manage, schema: { params: IdParams } }, async (request, reply) => {
    await enableStaff(ctx, currentStaff(request).actor, request.params.id, requestMeta(request));
    return reply.redirect('/staff/team?done=enabled', 303);
  });

  app.post<{ Params: IdParams }>('/staff/team/:id/setup-link', { config: manage, schema: { params: IdParams } }, async (request, reply) => {
    await sendNewSetupLink(ctx, currentStaff(request).actor, request.params.id, requestMeta(request));
    return reply.redirect('/staff/team?done=link', 303);
  });

  app.get<{ Querystring: Static<typeof AuditQuery> }>('/staff/audit', { config: { staffAccess: 'audit.read' }, schema: { querystring: AuditQuery } }, async (request, reply) => {
    const q = request.query;
    const filters: AuditFilterValues = {
      action: q.action ?? '', actor: q.actor ?? '', subjectType: q.subjectType ?? '', subjectId: q.subjectId ?? '',
      outcome: q.outcome ?? '', from: q.from ?? '', to: q.to ?? '',
    };
    const before = q.before ? Number(q.before) : undefined;
    const result = await listAudit(ctx.db, {
      action: filters.action || undefined, actorId: filters.actor || undefined,
      subjectType: filters.subjectType || undefined, subjectId: filters.subjectId || undefined,
      outcome: (filters.outcome || undefined) as AuditOutcome | undefined,
      from: filters.from || undefined,
      to: dayAfter(filters.to),
      beforeSeq: before, limit: 50,
    });
    const staffNames = new Map((await listStaff(ctx.db)).map((s) => [s.id, s.name] as const));
    return page(reply, 200, renderAuditPage(ctx.site, currentStaff(request), {
      filters, rows: result.rows, staffNames, paged: before !== undefined,
      olderHref: result.nextBeforeSeq !== undefined ? `/staff/audit?${filterQuery(filters, { before: String(result.nextBeforeSeq) })}` : undefined,
    }));
  });

  async function teamPage(reply: FastifyReply, status: number, invite: InviteValues, problems: TeamViewProblems, notice: string | undefined, request: Parameters<typeof currentStaff>[0]): Promise<FastifyReply> {
    const members: TeamMemberView[] = (await listStaff(ctx.db)).map((s) => ({
      id: s.id, name: s.name, email: s.email, role: s.role, isReviewer: s.is_reviewer === 1, setUp: s.password_hash !== null,
      totpEnabled: s.totp_enabled === 1, disabledAt: s.disabled_at, lastLoginAt: s.last_login_at,
    }));
    return page(reply, status, renderTeamPage(ctx.site, currentStaff(request), { members, invite, problems, notice }));
  }
};

type TeamViewProblems = Parameters<typeof renderTeamPage>[2]['problems'];

/** The day after an ISO date (the "until" filter includes its day); undefined for no or no real date. */
function dayAfter(date: string): string | undefined {
  const t = Date.parse(date);
  return date && !Number.isNaN(t) ? new Date(t + 86_400_000).toISOString().slice(0, 10) : undefined;
}
