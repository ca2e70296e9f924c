import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { recordAudit } from '../platform/audit.ts';
import { enqueueMail, renderMail } from '../notifications/index.ts';
import type { StoredFile } from '../storage/index.ts';
import { CONSENT_VERSION, type ValidAskForm } from './consultation-form.ts';
import { issueAccessToken, newCaseReference } from './case-access.ts';
import type { ConsultationStatus, TriageLevel } from './consultation.table.ts';
import { freshDueAt, reminderLeadMs, resumeClock } from './answer-clock.ts';
import { recordConsultationEvent } from './consultation-events.ts';

export interface TriageOutcome {
  readonly level: TriageLevel;
  readonly reasonCodes: readonly string[];
}

export interface SubmittedConsultation {
  readonly id: string;
  readonly reference: string;
}

/**
 * Records a new consultation with its description, its already-stored files, a private-link
 * token and the confirmation e-mail, all in one transaction: the patient is told "received"
 * only once every part of the case is committed.
 */
export async function submitConsultation(ctx: AppContext, form: ValidAskForm, files: readonly StoredFile[], triage: TriageOutcome): Promise<SubmittedConsultation> {
  const now = ctx.now();
  const stamp = now.toISOString();
  const id = newId(now.getTime());
  const due = new Date(now.getTime() + ctx.config.answerTargetHours * 3_600_000).toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const reference = await unusedReference(trx);
    await trx.insertInto('consultations').values({
      id, reference, status: 'received',
      triage_level: triage.level, triage_reasons: JSON.stringify(triage.reasonCodes),
      patient_name: form.name, patient_email: form.email, patient_phone: form.phone, condition: form.condition,
      creatinine_value: form.creatinine?.value ?? null, creatinine_unit: form.creatinine?.unit ?? null, creatinine_date: form.creatinine?.date ?? null,
      consent_version: CONSENT_VERSION, consented_at: stamp, received_at: stamp, due_at: due,
      first_answered_at: null, closed_at: null, deletion_requested_at: null, updated_at: stamp,
    }).execute();
    await addMessage(trx, { consultationId: id, kind: 'description', body: form.description, files, now });
    const token = await issueAccessToken(trx, id, now);
    await queueCaseMail(ctx, trx, 'case-received', { id, reference, email: form.email, name: form.name }, token);
    return { id, reference };
  });
}

/**
 * A follow-up message from the patient. It restarts a paused clock (the patient has sent what was
 * asked for), and it reopens an answered or closed consultation with a fresh deadline whose
 * reminder and breach are still to come. Recorded as a 'follow_up' event by nobody on staff.
 */
export async function addPatientFollowUp(ctx: AppContext, consultationId: string, body: string, files: readonly StoredFile[]): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('consultations')
      .select(['status', 'due_at', 'clock_paused_at', 'paused_seconds', 'first_answered_at', 'reminder_sent_at'])
      .where('id', '=', consultationId).executeTakeFirstOrThrow();
    await addMessage(trx, { consultationId, kind: 'follow_up', body, files, now });
    const reopen = current.status === 'answered' || current.status === 'closed';
    const clock = resumeClock({
      dueAt: current.due_at, clockPausedAt: current.clock_paused_at, pausedSeconds: current.paused_seconds,
      firstAnsweredAt: current.first_answered_at, reminderSentAt: current.reminder_sent_at,
    }, now, reminderLeadMs(ctx.config));
    const status: ConsultationStatus = current.status === 'received' ? 'received' : 'in_progress';
    await trx.updateTable('consultations').set({
      status, closed_at: null, updated_at: now.toISOString(),
      clock_paused_at: null, paused_seconds: clock.pausedSeconds,
      ...(reopen
        ? { due_at: freshDueAt(now, ctx.config.answerTargetHours), reminder_sent_at: null, breached_at: null }
        : { due_at: clock.dueAt, reminder_sent_at: clock.reminderSentAt }),
    }).where('id', '=', consultationId).execute();
    await recordConsultationEvent(trx, {
      consultationId, kind: 'follow_up', at: now, actorId: null,
      detail: { reopened: reopen, clockResumed: current.clock_paused_at !== null, files: files.length },
    });
  });
}

/** The patient closes their consultation (they can reopen it with a follow-up). */
export async function closeConsultationByPatient(ctx: AppContext, consultationId: string): Promise<void> {
  const stamp = ctx.now().toISOString();
  await ctx.db.updateTable('consultations').set({ status: 'closed', closed_at: stamp, updated_at: stamp })
    .where('id', '=', consultationId).execute();
}

/** Records the patient's request that their consultation be deleted; staff confirm it. */
export async function requestDeletion(ctx: AppContext, consultationId: string, ip: string | null = null): Promise<void> {
  const now = ctx.now();
  const stamp = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await trx.updateTable('consultations').set({ deletion_requested_at: stamp, updated_at: stamp })
      .where('id', '=', consultationId).where('deletion_requested_at', 'is', null).executeTakeFirst();
    // The request itself is part of the record that staff act on: who asked, when, from where.
    if (Number(changed.numUpdatedRows) > 0) {
      await recordAudit(trx, { actor: { type: 'patient', id: consultationId }, action: 'consultation.deletion_requested', subject: { type: 'consultation', id: consultationId }, ip, at: now });
    }
  });
}

/**
 * Sends a fresh private link for every open consultation of this address. Says nothing about
 * whether the address is known: the caller shows the same page either way.
 */
export async function resendCaseLinks(ctx: AppContext, email: string): Promise<number> {
  const now = ctx.now();
  const cases = await ctx.db.selectFrom('consultations').select(['id', 'reference', 'patient_email', 'patient_name'])
    .where((eb) => eb(eb.fn('lower', ['patient_email']), '=', email.trim().toLowerCase()))
    .where('deletion_requested_at', 'is', null)
    .orderBy('received_at', 'desc').limit(10).execute();
  for (const c of cases) {
    await ctx.db.transaction().execute(async (trx) => {
      const token = await issueAccessToken(trx, c.id, now);
      await queueCaseMail(ctx, trx, 'case-link-resend', { id: c.id, reference: c.reference, email: c.patient_email, name: c.patient_name }, token);
    });
  }
  return cases.length;
}

/** The absolute private link for a token. */
export function caseLink(ctx: AppContext, token: string): string {
  return `${ctx.config.baseUrl}/case/access/${token}`;
}

async function addMessage(trx: Trx, message: { consultationId: string; kind: 'description' | 'follow_up'; body: string; files: readonly StoredFile[]; now: Date }): Promise<void> {
  const messageId = newId(message.now.getTime());
  await trx.insertInto('consultation_messages').values({
    id: messageId, consultation_id: message.consultationId, author: 'patient', author_id: null,
    kind: message.kind, body: message.body, created_at: message.now.toISOString(),
  }).execute();
  if (message.files.length > 0) {
    await trx.insertInto('consultation_files').values(message.files.map((f) => ({
      id: f.id, consultation_id: message.consultationId, message_id: messageId, display_name: f.displayName,
      media_type: f.mediaType, size: f.size, sha256: f.sha256, wrapped_key: f.wrappedKey, created_at: f.createdAt,
    }))).execute();
  }
}

/** Queues one of the patient's case mails (with a private link) in the caller's transaction. */
export async function queueCaseMail(ctx: AppContext, trx: Trx, kind: 'case-received' | 'case-link-resend' | 'case-answered', c: { id: string; reference: string; email: string; name: string }, token: string): Promise<void> {
  const mail = renderMail(kind, { caseReference: c.reference, link: caseLink(ctx, token), recipientName: c.name }, ctx.site);
  await enqueueMail(trx, { ...mail, to: c.email, related: { type: 'consultation', id: c.id } }, { now: ctx.now(), baseUrl: ctx.config.baseUrl });
}

async function unusedReference(trx: Trx): Promise<string> {
  for (;;) {
    const reference = newCaseReference();
    const taken = await trx.selectFrom('consultations').select('id').where('reference', '=', reference).executeTakeFirst();
    if (!taken) return reference;
  }
}
