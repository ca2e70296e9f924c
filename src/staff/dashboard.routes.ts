import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import { currentStaff, requestMeta } from './staff-guard.ts';
import { listPromiseCasesForStaff, staffNamesById } from './dashboard.repository.ts';
import { expertSummaries, isoWeekOf, summarise, weeklySummaries } from './promise-stats.ts';
import { promiseCsv } from './dashboard-csv.ts';
import { renderDashboardPage, type DashboardFilterValues } from './dashboard.views.ts';
import { setOnDuty } from './staff-duty.ts';

// The promise dashboard and its CSV export (dashboard.read), and the on-duty switch (consultation.view).

// Dates are checked by hand, so a wrong one gets a message beside its field rather than a bare 400.
const DashboardQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
});
const DutyBody = Type.Object({
  duty: Type.Union([Type.Literal('on'), Type.Literal('off')]),
  csrf: Type.Optional(Type.String({ maxLength: 100 })),
});

const DAY_MS = 86_400_000;
const DEFAULT_WEEKS = 12;
/** The longest period one request may cover (about five years). */
const MAX_DAYS = 366 * 5;

interface Period {
  readonly from: Date;
  /** The last day, inclusive (UTC midnight). */
  readonly to: Date;
}

/** The period a filter names: the last 12 ISO weeks by default; problems per field when it is wrong. */
export function parsePeriod(filters: DashboardFilterValues, now: Date): { ok: true; period: Period } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const day = (name: 'from' | 'to'): Date | undefined => {
    const raw = filters[name];
    if (raw === '') return undefined;
    const t = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== raw || raw < '2000-01-01' || raw > '2999-12-31') {
      problems.push({ field: name, message: 'Enter a real date as year-month-day, like 2026-11-30.' });
      return undefined;
    }
    return new Date(t);
  };
  const fromDay = day('from');
  const toDay = day('to');
  if (problems.length > 0) return { ok: false, problems };
  const to = toDay ?? new Date(Date.parse(now.toISOString().slice(0, 10)));
  const from = fromDay ?? new Date(isoWeekOf(to).monday.getTime() - (DEFAULT_WEEKS - 1) * 7 * DAY_MS);
  if (from.getTime() > to.getTime()) return { ok: false, problems: [{ field: 'to', message: 'The end date must be on or after the start date.' }] };
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) return { ok: false, problems: [{ field: 'from', message: 'Choose a period of at most five years.' }] };
  return { ok: true, period: { from, to } };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export const dashboardRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const read = { staffAccess: 'dashboard.read' } as const;
  const targetSeconds = ctx.config.answerTargetHours * 3600;
  const casesIn = (p: Period) => listPromiseCasesForStaff(ctx.db, p.from.toISOString(), new Date(p.to.getTime() + DAY_MS).toISOString());

  app.get<{ Querystring: Static<typeof DashboardQuery> }>('/staff/dashboard', { config: read, schema: { querystring: DashboardQuery } }, async (request, reply) => {
    const me = currentStaff(request);
    const now = ctx.now();
    const asked = { from: request.query.from?.trim() ?? '', to: request.query.to?.trim() ?? '' };
    const parsed = parsePeriod(asked, now);
    const view = { targetHours: ctx.config.answerTargetHours };
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!parsed.ok) return reply.status(422).send(renderDashboardPage(ctx.site, me, { ...view, filters: asked, problems: parsed.problems }));
    const { period } = parsed;
    const cases = await casesIn(period);
    return reply.send(renderDashboardPage(ctx.site, me, {
      ...view,
      filters: { from: isoDate(period.from), to: isoDate(period.to) },
      problems: [],
      result: {
        overall: summarise(cases, targetSeconds, now),
        weeks: weeklySummaries(cases, period.from, period.to, targetSeconds, now),
        breaches: cases.filter((c) => c.breached),
        experts: expertSummaries(cases, targetSeconds),
        staffNames: await staffNamesById(ctx.db),
      },
    }));
  });

  app.get<{ Querystring: Static<typeof DashboardQuery> }>('/staff/dashboard.csv', { config: read, schema: { querystring: DashboardQuery } }, async (request, reply) => {
    const me = currentStaff(request);
    const now = ctx.now();
    const parsed = parsePeriod({ from: request.query.from?.trim() ?? '', to: request.query.to?.trim() ?? '' }, now);
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', { fields: parsed.problems, message: parsed.problems[0]!.message });
    const { period } = parsed;
    const cases = await casesIn(period);
    const csv = promiseCsv(cases, { targetSeconds, now, staffNames: await staffNamesById(ctx.db) });
    await ctx.db.transaction().execute((trx) => recordAudit(trx, {
      actor: { type: 'staff', id: me.actor.id }, action: 'dashboard.exported', ip: requestMeta(request).ip, at: now,
    }));
    return reply.type('text/csv; charset=utf-8').header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="answer-promise-${isoDate(period.from)}-to-${isoDate(period.to)}.csv"`)
      .send(csv);
  });

  app.post<{ Body: Static<typeof DutyBody> }>('/staff/duty', { config: { staffAccess: 'consultation.view' }, schema: { body: DutyBody } }, async (request, reply) => {
    await setOnDuty(ctx, currentStaff(request).actor, request.body.duty === 'on', requestMeta(request));
    return reply.redirect('/staff', 303);
  });
};
