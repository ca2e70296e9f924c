import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { enqueueMail, renderMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { ValidContactForm } from './contact-form.ts';
import { findContactMessage, insertContactMessage, insertReply, listContactReplies, referenceTaken, setHandled } from './contact.repository.ts';
import type { ContactMessageRow, ContactReplyRow, ContactTriageLevel } from './contact.table.ts';

export interface ContactTriage {
  readonly level: ContactTriageLevel;
  readonly reasonCodes: readonly string[];
}

/** Who did it and from where, for the audit log (ids and addresses only). */
export interface StaffActorRef {
  readonly staffId: string;
  readonly ip: string;
}

/**
 * Stores a message and queues the acknowledgement e-mail in one transaction: the sender is told
 * "sent" only once both are committed. The acknowledgement never repeats what they wrote.
 */
export async function submitContactMessage(ctx: AppContext, form: ValidContactForm, triage: ContactTriage): Promise<{ id: string; reference: string }> {
  const now = ctx.now();
  const stamp = now.toISOString();
  const id = newId(now.getTime());
  return ctx.db.transaction().execute(async (trx) => {
    const reference = await unusedReference(trx);
    await insertContactMessage(trx, {
      id, reference, name: form.name, email: form.email, subject: form.subject, message: form.message,
      triage_level: triage.level, triage_reasons: JSON.stringify(triage.reasonCodes),
      received_at: stamp, handled_at: null, handled_by: null, replied_at: null, updated_at: stamp,
    });
    const mail = renderMail('contact-acknowledgement', { recipientName: form.name, reference }, ctx.site);
    await enqueueMail(trx, { ...mail, to: form.email, related: { type: 'contact_message', id } }, { now, baseUrl: ctx.config.baseUrl });
    return { id, reference };
  });
}

/** One message with its replies, for staff; the read is audited `contact.viewed`. NOT_FOUND if there is none. */
export async function viewContactMessageForStaff(ctx: AppContext, actor: StaffActorRef, id: string): Promise<{ message: ContactMessageRow; replies: ContactReplyRow[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    const message = await findContactMessage(trx, id);
    if (!message) throw new AppError('NOT_FOUND');
    const replies = await listContactReplies(trx, id);
    await audit(ctx, trx, actor, 'contact.viewed', id);
    return { message, replies };
  });
}

/**
 * Marks a message handled or unhandled, audited `contact.handled` / `contact.unhandled`.
 * Returns false (and records nothing) when it already was.
 */
export async function markContactMessage(ctx: AppContext, actor: StaffActorRef, id: string, handled: boolean): Promise<boolean> {
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const message = await findContactMessage(trx, id);
    if (!message) throw new AppError('NOT_FOUND');
    if ((message.handled_at !== null) === handled) return false;
    await setHandled(trx, id, handled ? { at: now, by: actor.staffId } : null, now);
    await audit(ctx, trx, actor, handled ? 'contact.handled' : 'contact.unhandled', id);
    return true;
  });
}

/**
 * Replies by e-mail: keeps the reply, marks the message handled, queues the mail carrying the
 * reply text and audits `contact.replied`, all in one transaction. `text` is already checked.
 */
export async function replyToContactMessage(ctx: AppContext, actor: StaffActorRef, id: string, text: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const message = await findContactMessage(trx, id);
    if (!message) throw new AppError('NOT_FOUND');
    await insertReply(trx, { id: newId(now.getTime()), message_id: id, author_id: actor.staffId, body: text, created_at: now.toISOString() });
    const link = new URL('/contact', ctx.config.baseUrl).toString();
    const mail = renderMail('contact-reply', { reference: message.reference, reply: text, link, recipientName: message.name }, ctx.site);
    await enqueueMail(trx, { ...mail, to: message.email, related: { type: 'contact_message', id } }, { now, baseUrl: ctx.config.baseUrl });
    await audit(ctx, trx, actor, 'contact.replied', id);
  });
}

async function audit(ctx: AppContext, trx: Trx, actor: StaffActorRef, action: string, id: string): Promise<void> {
  await recordAudit(trx, { actor: { type: 'staff', id: actor.staffId }, action, subject: { type: 'contact_message', id }, ip: actor.ip, at: ctx.now() });
}

// Crockford-style letters and digits without look-alikes (no 0/O, 1/I/L, U).
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short reference the sender can quote, e.g. M-7F3K2Q. */
function newContactReference(): string {
  const bytes = randomBytes(6);
  let out = 'M-';
  for (const byte of bytes) out += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
  return out;
}

async function unusedReference(trx: Trx): Promise<string> {
  for (;;) {
    const reference = newContactReference();
    if (!(await referenceTaken(trx, reference))) return reference;
  }
}
