import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import {
  freshDueAt, reminderLeadMs, listConsultationEvents, recordConsultationEvent, resumeClock,
  type ConsultationEventKind, type ConsultationEventRow, type ConsultationFileRow, type ConsultationRow, type ConsultationStatus, type EventDetail,
} from '../consultations/index.ts';
import type { StaffActor } from './staff.policy.ts';
import type { RequestMeta } from './staff-session.ts';
import {
  findConsultationFile, findConsultationForStaff, isAssignable, listStaffNames, loadConsultationForStaff, type StaffCase, type StaffName,
} from './consultation-console.repository.ts';

// What experts do to a consultation in the console. Every read of a case and every change is
// audited in the transaction that does it; every change is also a consultation event (its
// history) and moves updated_at. Changes are refused, not merged, when the consultation changed
// underneath (another expert acted first).

export interface StaffCaseView extends StaffCase {
  readonly events: ConsultationEventRow[];
  readonly staff: StaffName[];
}

const OPEN: readonly ConsultationStatus[] = ['received', 'in_progress'];

/** Loads one consultation for an expert and records that they viewed it; NOT_FOUND when there is none. */
export async function viewConsultation(ctx: AppContext, actor: StaffActor, id: string, meta: RequestMeta): Promise<StaffCaseView> {
  return ctx.db.transaction().execute(async (trx) => {
    const found = await loadConsultationForStaff(trx, id);
    if (!found) throw new AppError('NOT_FOUND');
    const events = await listConsultationEvents(trx, id);
    const staff = await listStaffNames(trx);
    await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: 'consultation.viewed', subject: { type: 'consultation', id }, ip: meta.ip, at: ctx.now() });
    return { ...found, events, staff };
  });
}

/**
 * Decrypts one attachment of this consultation for an expert and audits the access (viewed
 * inline or downloaded); NOT_FOUND for a file of any other consultation.
 */
export async function openConsultationFile(ctx: AppContext, actor: StaffActor, consultationId: string, fileId: string, download: boolean, meta: RequestMeta): Promise<{ file: ConsultationFileRow; content: Buffer }> {
  const file = await findConsultationFile(ctx.db, consultationId, fileId);
  if (!file) throw new AppError('NOT_FOUND');
  const content = await ctx.files.read({ id: file.id, wrappedKey: file.wrapped_key });
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(trx, {
      actor: { type: 'staff', id: actor.id }, action: download ? 'consultation.file_downloaded' : 'consultation.file_viewed',
      subject: { type: 'consultation_file', id: file.id }, ip: meta.ip, at: ctx.now(),
    });
  });
  return { file, content };
}

/** The status changes an expert may make from each status ('answered' only comes from sending an answer). */
export function allowedStatusChanges(status: ConsultationStatus): ConsultationStatus[] {
  switch (status) {
    case 'received': return ['in_progress', 'closed'];
    case 'in_progress': return ['closed'];
    case 'answered': return ['closed'];
    case 'closed': return ['in_progress'];
  }
}

/** The outcome of an action, for the notice shown after the redirect. */
export type ActionOutcome = 'claimed' | 'assigned' | 'unassigned' | 'noted' | 'status' | 'paused' | 'resumed' | 'unchanged';

type Changes = Partial<Omit<ConsultationRow, 'id' | 'reference' | 'updated_at'>>;
interface Decision {
  readonly changes: Changes;
  readonly event: ConsultationEventKind;
  readonly detail?: EventDetail;
  readonly audit: string;
  readonly outcome: ActionOutcome;
}

/** Assigns the consultation to the acting expert. Refused when someone else has it. */
export function claimConsultation(ctx: AppContext, actor: StaffActor, id: string, meta: RequestMeta): Promise<ActionOutcome> {
  return act(ctx, actor, id, meta, async (trx, c) => {
    if (c.assigned_to === actor.id) return 'unchanged';
    if (c.assigned_to !== null) {
      const holder = (await listStaffNames(trx)).find((s) => s.id === c.assigned_to)?.name ?? 'someone else';
      throw new AppError('CONSULTATION_CONFLICT', { message: `${holder} already has this consultation. Use "Assign to" to hand it over.` });
    }
    return { changes: { assigned_to: actor.id, assigned_at: ctx.now().toISOString() }, event: 'claimed', audit: 'consultation.claimed', outcome: 'claimed' };
  });
}

/** Assigns the consultation to an active expert or admin; ASSIGNEE_NOT_ALLOWED (field `assignee`) for anyone else. */
export function assignConsultation(ctx: AppContext, actor: StaffActor, id: string, assigneeId: string, meta: RequestMeta): Promise<ActionOutcome> {
  return act(ctx, actor, id, meta, async (trx, c) => {
    const target = (await listStaffNames(trx)).find((s) => s.id === assigneeId);
    if (!isAssignable(target)) {
      const message = target === undefined ? 'Choose an active expert or admin from the list.'
        : target.disabled ? `${target.name}'s account is disabled. Choose an active expert or admin.`
          : `${target.name} is an editor and cannot take consultations. Choose an expert or admin.`;
      throw new AppError('ASSIGNEE_NOT_ALLOWED', { message, fields: [{ field: 'assignee', message }] });
    }
    if (c.assigned_to === assigneeId) return 'unchanged';
    return {
      changes: { assigned_to: assigneeId, assigned_at: ctx.now().toISOString() },
      event: 'assigned', detail: { to: assigneeId, from: c.assigned_to }, audit: 'consultation.assigned', outcome: 'assigned',
    };
  });
}

/** Takes the consultation off whoever has it. */
export function unassignConsultation(ctx: AppContext, actor: StaffActor, id: string, meta: RequestMeta): Promise<ActionOutcome> {
  return act(ctx, actor, id, meta, async (_trx, c) => {
    if (c.assigned_to === null) return 'unchanged';
    return { changes: { assigned_to: null, assigned_at: null }, event: 'unassigned', detail: { from: c.assigned_to }, audit: 'consultation.unassigned', outcome: 'unassigned' };
  });
}

/** Adds an internal note (already checked by checkNote); never shown to the patient. */
export function addInternalNote(ctx: AppContext, actor: StaffActor, id: string, body: string, meta: RequestMeta): Promise<ActionOutcome> {
  return act(ctx, actor, id, meta, async (trx, c) => {
    const now = ctx.now();
    const noteId = newId(now.getTime());
    await trx.insertInto('consultation_notes').values({ id: noteId, consultation_id: c.id, author_id: actor.id, body, created_at: now.toISOString() }).execute();
    return { changes: {}, event: 'note_added', detail: { noteId }, audit: 'consultation.note_added', outcome: 'noted' };
  });
}

/**
 * Changes the status: received → in progress, received/in progress/answered → closed, closed →
 * in progress (reopened with a fresh deadline). Closing stops a paused clock.
 */
export function changeConsultationStatus(ctx: AppContext, actor: StaffActor, id: string, to: ConsultationStatus, meta: RequestMeta): Promise<ActionOutcome> {
  return act(ctx, actor, id, meta, async (_trx, c) => {
    if (!allowedStatusChanges(c.status).includes(to)) {
      const message = `A consultation that is ${STATUS_WORDS[c.status]} cannot be made ${STATUS_WORDS[to]} here.`;
      throw new AppError('CONSULTATION_CONFLICT', { status: 422, message, fields: [{ field: 'status', message }] });
    }
    const now = ctx.now();
    let changes: Changes = { status: to };
    if (to === 'closed') {
      const clock = resumeClock(clockOf(c), now, reminderLeadMs(ctx.config));
      changes = { ...changes, closed_at: now.toISOString(), clock_paused_at: null, due_at: clock.dueAt, paused_seconds: clock.pausedSeconds };
    } else if (c.status === 'closed') {
      changes = { ...changes, closed_at: null, clock_paused_at: null, due_at: freshDueAt(now, ctx.config.answerTargetHours), reminder_sent_at: null, breached_at: null };
    }
    return { changes, event: 'status_changed', detail: { from: c.status, to }, audit: 'consultation.status_changed', outcome: 'status' };
  });
}

/** Stops the answer clock while the team waits for information from the patient. */
export function pauseAnswerClock(ctx: AppContext, actor: StaffActor, id: string, meta: RequestMeta): Promise<ActionOutcome> {
  return act(ctx, actor, id, meta, async (_trx, c) => {
    if (c.clock_paused_at !== null) return 'unchanged';
    if (!OPEN.includes(c.status)) throw new AppError('CONSULTATION_CONFLICT', { message: 'Only an open consultation\'s clock can be paused.' });
    return { changes: { clock_paused_at: ctx.now().toISOString() }, event: 'clock_paused', audit: 'consultation.clock_paused', outcome: 'paused' };
  });
}

/** Restarts a paused clock: the deadline moves on by the pause (answer-clock.ts). */
export function resumeAnswerClock(ctx: AppContext, actor: StaffActor, id: string, meta: RequestMeta): Promise<ActionOutcome> {
  return act(ctx, actor, id, meta, async (_trx, c) => {
    if (c.clock_paused_at === null) return 'unchanged';
    const clock = resumeClock(clockOf(c), ctx.now(), reminderLeadMs(ctx.config));
    return {
      changes: { clock_paused_at: null, due_at: clock.dueAt, paused_seconds: clock.pausedSeconds, reminder_sent_at: clock.reminderSentAt },
      event: 'clock_resumed', detail: { pausedSeconds: clock.pausedFor }, audit: 'consultation.clock_resumed', outcome: 'resumed',
    };
  });
}

export const NOTE_MAX = 10_000;
const NOTE_CONTROLS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Checks an internal note as typed: a message beside the field and its status, or the text to store. */
export function checkNote(raw: string): { ok: true; value: string } | { ok: false; status: number; problem: FieldProblem } {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const length = [...text].length;
  const problem = (status: number, message: string) => ({ ok: false as const, status, problem: { field: 'note', message } });
  if (text.includes('\u0000')) return problem(400, 'The note contains a character we cannot accept.');
  if (length === 0) return problem(422, 'Please write the note.');
  if (length > NOTE_MAX) return problem(422, `Please keep the note to ${NOTE_MAX.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}).`);
  if (NOTE_CONTROLS.test(text)) return problem(422, 'The note contains hidden control characters. Please retype it.');
  return { ok: true, value: text };
}

const STATUS_WORDS: Record<ConsultationStatus, string> = { received: 'received', in_progress: 'in progress', answered: 'answered', closed: 'closed' };

function clockOf(c: ConsultationRow) {
  return { dueAt: c.due_at, clockPausedAt: c.clock_paused_at, pausedSeconds: c.paused_seconds, firstAnsweredAt: c.first_answered_at, reminderSentAt: c.reminder_sent_at };
}

/**
 * Runs one action in a transaction: load, decide, write the change (only if the row is as loaded),
 * the event and the audit row. 'unchanged' writes nothing.
 */
async function act(ctx: AppContext, actor: StaffActor, id: string, meta: RequestMeta,
  decide: (trx: Trx, c: ConsultationRow) => Promise<Decision | 'unchanged'>): Promise<ActionOutcome> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await findConsultationForStaff(trx, id);
    if (!c) throw new AppError('NOT_FOUND');
    const decision = await decide(trx, c);
    if (decision === 'unchanged') return 'unchanged';
    const now = ctx.now();
    const updated = await trx.updateTable('consultations').set({ ...decision.changes, updated_at: now.toISOString() })
      .where('id', '=', id).where('updated_at', '=', c.updated_at).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONSULTATION_CONFLICT');
    await recordConsultationEvent(trx, { consultationId: id, kind: decision.event, at: now, actorId: actor.id, ...(decision.detail ? { detail: decision.detail } : {}) });
    await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: decision.audit, subject: { type: 'consultation', id }, ip: meta.ip, at: now });
    return decision.outcome;
  });
}
