import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { recordConsultationEvent, reminderLeadMs } from '../consultations/index.ts';
import { enqueueMail, renderMail } from '../notifications/index.ts';
import { startPeriodicJob, type PeriodicJob } from '../platform/periodic-job.ts';
import { recordAudit } from '../platform/audit.ts';

// The answer promise, enforced: REMINDER_AFTER_HOURS into the answer target the expert who has a
// consultation (or, when nobody has it, the experts on duty) gets a reminder; at due_at the breach
// is recorded. Only consultations awaiting an answer count, and never while their clock is paused
// (due_at moves on when it resumes). Each consultation is handled in its own transaction behind a
// conditional UPDATE, so running the checks twice, or in two processes at once, changes nothing more.

/** Statuses in which a consultation is waiting for an expert. */
const AWAITING = ['received', 'in_progress'] as const;
/** Roles that answer consultations: who can be on duty. */
const ANSWERING_ROLES = ['expert', 'admin'] as const;

export interface DeadlineCheckResult {
  /** Consultations whose reminder was queued in this run. */
  readonly reminded: number;
  /** Reminder mails queued in this run (one per recipient). */
  readonly mails: number;
  /** Consultations whose breach was recorded in this run. */
  readonly breached: number;
}

/** Queues due reminders and records breaches as of `now`; safe to run concurrently and repeatedly. */
export async function runDeadlineChecks(ctx: AppContext, now: Date = ctx.now()): Promise<DeadlineCheckResult> {
  const stamp = now.toISOString();
  const leadMs = reminderLeadMs(ctx.config);
  const remindBefore = new Date(now.getTime() + leadMs).toISOString();

  const toRemind = await ctx.db.selectFrom('consultations').select('id')
    .where('status', 'in', AWAITING).where('clock_paused_at', 'is', null).where('reminder_sent_at', 'is', null)
    .where('due_at', '<=', remindBefore).orderBy('due_at').execute();
  let reminded = 0;
  let mails = 0;
  for (const { id } of toRemind) {
    const sent = await ctx.db.transaction().execute((trx) => remindOne(ctx, trx, id, now, remindBefore));
    if (sent !== undefined) {
      reminded++;
      mails += sent;
    }
  }

  const toBreach = await ctx.db.selectFrom('consultations').select('id')
    .where('status', 'in', AWAITING).where('clock_paused_at', 'is', null).where('breached_at', 'is', null)
    .where('due_at', '<=', stamp).orderBy('due_at').execute();
  let breached = 0;
  for (const { id } of toBreach) {
    if (await ctx.db.transaction().execute((trx) => breachOne(trx, id, now))) breached++;
  }
  return { reminded, mails, breached };
}

/** Claims the reminder of one consultation and queues its mails (returns how many); undefined when another run got there first. */
async function remindOne(ctx: AppContext, trx: Trx, id: string, now: Date, remindBefore: string): Promise<number | undefined> {
  const stamp = now.toISOString();
  // The conditions are checked again by the UPDATE itself: between the list and here the case may
  // have been answered, paused or reminded by another process.
  const claim = await trx.updateTable('consultations').set({ reminder_sent_at: stamp })
    .where('id', '=', id).where('reminder_sent_at', 'is', null).where('status', 'in', AWAITING)
    .where('clock_paused_at', 'is', null).where('due_at', '<=', remindBefore)
    .executeTakeFirst();
  if (Number(claim.numUpdatedRows) !== 1) return undefined;
  const consultation = await trx.selectFrom('consultations').select(['reference', 'due_at', 'assigned_to'])
    .where('id', '=', id).executeTakeFirstOrThrow();
  const recipients = await reminderRecipients(trx, consultation.assigned_to);
  const link = `${ctx.config.baseUrl}/staff/consultations/${id}`;
  for (const person of recipients) {
    const mail = renderMail('staff-reminder', { caseReference: consultation.reference, deadline: new Date(consultation.due_at), link, recipientName: person.name }, ctx.site);
    await enqueueMail(trx, { ...mail, to: person.email, related: { type: 'consultation', id } }, { now, baseUrl: ctx.config.baseUrl });
  }
  await recordConsultationEvent(trx, { consultationId: id, kind: 'reminder_sent', at: now, detail: { recipients: recipients.length } });
  await recordAudit(trx, { actor: { type: 'system' }, action: 'consultation.reminder_sent', subject: { type: 'consultation', id }, at: now });
  return recipients.length;
}

/**
 * Who is reminded: the member who has the consultation; when nobody has it (or their account is
 * disabled), every expert or admin on duty; when nobody is on duty, every enabled expert and admin.
 */
async function reminderRecipients(trx: Trx, assignedTo: string | null): Promise<{ name: string; email: string }[]> {
  const enabled = trx.selectFrom('staff').select(['name', 'email']).where('disabled_at', 'is', null);
  if (assignedTo !== null) {
    const assignee = await enabled.where('id', '=', assignedTo).execute();
    if (assignee.length > 0) return assignee;
  }
  const answering = enabled.where('role', 'in', ANSWERING_ROLES).orderBy('email');
  const onDuty = await answering.where('on_duty', '=', 1).execute();
  return onDuty.length > 0 ? onDuty : answering.execute();
}

/** Records the breach of one consultation's current deadline; false when it is already recorded or no longer due. */
async function breachOne(trx: Trx, id: string, now: Date): Promise<boolean> {
  const stamp = now.toISOString();
  const claim = await trx.updateTable('consultations').set({ breached_at: stamp })
    .where('id', '=', id).where('breached_at', 'is', null).where('status', 'in', AWAITING)
    .where('clock_paused_at', 'is', null).where('due_at', '<=', stamp)
    .executeTakeFirst();
  if (Number(claim.numUpdatedRows) !== 1) return false;
  const row = await trx.selectFrom('consultations').select('first_answered_at').where('id', '=', id).executeTakeFirstOrThrow();
  await recordConsultationEvent(trx, { consultationId: id, kind: 'breached', at: now, detail: { first: row.first_answered_at === null } });
  await recordAudit(trx, { actor: { type: 'system' }, action: 'consultation.breached', subject: { type: 'consultation', id }, at: now });
  return true;
}

export type DeadlineChecker = PeriodicJob;

/** Runs the checks now and every `intervalMs`; runs never overlap. Failures are logged, not thrown. */
export function startDeadlineChecks(ctx: AppContext, options: { intervalMs: number; log: { info(o: object, m: string): void; error(o: object, m: string): void } }): DeadlineChecker {
  return startPeriodicJob(async () => {
    const r = await runDeadlineChecks(ctx);
    if (r.reminded + r.breached > 0) options.log.info({ event: 'deadlines.checked', ...r }, 'answer deadlines checked');
  }, { intervalMs: options.intervalMs, onError: (error) => { options.log.error({ err: error }, 'answer deadline check failed'); } });
}
