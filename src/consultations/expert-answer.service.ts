import type { AppContext } from '../context.ts';
import type { Db, Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import { issueAccessToken } from './case-access.ts';
import { queueCaseMail } from './consultation.service.ts';
import { reminderLeadMs, resumeClock } from './answer-clock.ts';
import { recordConsultationEvent } from './consultation-events.ts';
import type { ConsultationMessageRow, ConsultationStatus, TriageLevel } from './consultation.table.ts';

// An expert answers a consultation. Everything the answer changes happens in one transaction:
// the message, the status and clock, the history, the audit row and the patient's e-mail (which
// says there is a reply and carries a fresh private link, never the reply itself).

/** The longest answer (or reply template) an expert can send, in characters. */
export const ANSWER_MAX_CHARS = 20_000;

/** What the answer page shows: the case's reference and state, and every message so far. */
export interface AnswerThread {
  readonly id: string;
  readonly reference: string;
  readonly status: ConsultationStatus;
  readonly triageLevel: TriageLevel;
  readonly deletionRequested: boolean;
  readonly messages: readonly ConsultationMessageRow[];
}

/** A consultation and its messages for the staff answer page (any patient's: staff only); undefined when there is none. */
export async function loadAnswerThreadForStaff(db: Db | Trx, consultationId: string): Promise<AnswerThread | undefined> {
  const c = await db.selectFrom('consultations').select(['id', 'reference', 'status', 'triage_level', 'deletion_requested_at'])
    .where('id', '=', consultationId).executeTakeFirst();
  if (!c) return undefined;
  const messages = await db.selectFrom('consultation_messages').selectAll()
    .where('consultation_id', '=', consultationId).orderBy('created_at').orderBy('id').execute();
  return { id: c.id, reference: c.reference, status: c.status, triageLevel: c.triage_level, deletionRequested: c.deletion_requested_at !== null, messages };
}

/**
 * The answer page's thread for a staff member, with the 'consultation.viewed' audit row written
 * in the same transaction as the read (ids only); NOT_FOUND when there is no such consultation.
 */
export async function openAnswerThreadForStaff(ctx: AppContext, staffId: string, consultationId: string, ip: string): Promise<AnswerThread> {
  return ctx.db.transaction().execute(async (trx) => {
    const thread = await loadAnswerThreadForStaff(trx, consultationId);
    if (!thread) throw new AppError('NOT_FOUND');
    await recordAudit(trx, {
      actor: { type: 'staff', id: staffId }, action: 'consultation.viewed', subject: { type: 'consultation', id: consultationId }, ip, at: ctx.now(),
    });
    return thread;
  });
}

/**
 * The problem with an answer or template body, or undefined when it can be sent: not blank, at
 * most ANSWER_MAX_CHARS characters, no NUL (PostgreSQL text cannot hold it).
 */
export function answerBodyProblem(text: string, what = 'answer'): string | undefined {
  if (text.trim() === '') return `Write the ${what} before sending it.`;
  if (text.includes('\u0000')) return `The ${what} contains a character that cannot be stored (NUL). Remove it and try again.`;
  const length = [...text].length;
  if (length > ANSWER_MAX_CHARS) return `The ${what} is ${length.toLocaleString('en-GB')} characters long; it can be at most ${ANSWER_MAX_CHARS.toLocaleString('en-GB')}.`;
  return undefined;
}

/** Line endings as one `\n` and Unicode in its composed form, once, before validation and storage. */
export function normaliseAnswerText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

export interface SentAnswer {
  readonly messageId: string;
  /** True for the consultation's first answer. */
  readonly first: boolean;
}

/**
 * Sends an expert's answer (already checked with answerBodyProblem). In one transaction: the
 * message, status 'answered' (also from 'closed': answering reopens it to answered), the first
 * answer's time and expert, a paused clock restarted by the same rule as resuming, the case
 * assigned to the expert when nobody had it, the 'answered' event, the audit row and the
 * patient's "there is a reply" e-mail with a fresh private link. NOT_FOUND for no such
 * consultation; CONSULTATION_CONFLICT when the patient has asked for it to be deleted.
 */
export async function sendExpertAnswer(ctx: AppContext, input: { consultationId: string; staffId: string; body: string; ip: string }): Promise<SentAnswer> {
  const now = ctx.now();
  const stamp = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    // Touching the row first takes its lock, so two experts answering at once are taken in turn
    // and only one of them sends the first answer.
    const touched = await trx.updateTable('consultations').set({ updated_at: stamp }).where('id', '=', input.consultationId).executeTakeFirst();
    if (Number(touched.numUpdatedRows) === 0) throw new AppError('NOT_FOUND');
    const c = await trx.selectFrom('consultations').selectAll().where('id', '=', input.consultationId).executeTakeFirstOrThrow();
    if (c.deletion_requested_at !== null) {
      throw new AppError('CONSULTATION_CONFLICT', { status: 409, message: 'The patient has asked for this consultation to be deleted, so it cannot be answered.' });
    }
    const first = c.first_answered_at === null;
    const clock = resumeClock({
      dueAt: c.due_at, clockPausedAt: c.clock_paused_at, pausedSeconds: c.paused_seconds,
      firstAnsweredAt: c.first_answered_at, reminderSentAt: c.reminder_sent_at,
    }, now, reminderLeadMs(ctx.config));
    const claim = c.assigned_to === null;

    const messageId = newId(now.getTime());
    await trx.insertInto('consultation_messages').values({
      id: messageId, consultation_id: c.id, author: 'expert', author_id: input.staffId, kind: 'answer', body: input.body, created_at: stamp,
    }).execute();
    await trx.updateTable('consultations').set({
      status: 'answered', closed_at: null, updated_at: stamp,
      due_at: clock.dueAt, clock_paused_at: null, paused_seconds: clock.pausedSeconds, reminder_sent_at: clock.reminderSentAt,
      ...(first ? { first_answered_at: stamp, first_answered_by: input.staffId } : {}),
      ...(claim ? { assigned_to: input.staffId, assigned_at: stamp } : {}),
    }).where('id', '=', c.id).execute();

    const event = (kind: 'claimed' | 'clock_resumed' | 'answered', detail: Record<string, string | number | boolean>) =>
      recordConsultationEvent(trx, { consultationId: c.id, kind, at: now, actorId: input.staffId, detail });
    if (claim) await event('claimed', { onAnswer: true });
    if (c.clock_paused_at !== null) await event('clock_resumed', { pausedSeconds: clock.pausedFor, onAnswer: true });
    await event('answered', { first });
    await recordAudit(trx, {
      actor: { type: 'staff', id: input.staffId }, action: 'consultation.answered', subject: { type: 'consultation', id: c.id }, ip: input.ip, at: now,
    });

    const token = await issueAccessToken(trx, c.id, now);
    await queueCaseMail(ctx, trx, 'case-answered', { id: c.id, reference: c.reference, email: c.patient_email, name: c.patient_name }, token);
    return { messageId, first };
  });
}
