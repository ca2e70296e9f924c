import type { Db, Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError } from '../platform/errors.ts';
import type { MailKind } from './templates.ts';

/** What a message is about, e.g. `{ type: 'consultation', id }`; lets retention purge find it. */
export interface MailSubjectRef {
  readonly type: string;
  readonly id: string;
}

/** A message to queue: usually `renderMail(...)` spread together with a recipient. */
export interface NewMail {
  readonly kind: MailKind;
  /** One bare address, e.g. `ann@example.org`. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | null | undefined;
  readonly related?: MailSubjectRef | undefined;
}

export interface EnqueueOptions {
  readonly now: Date;
  /** BASE_URL: its host names the Message-ID, `<id@host>`. */
  readonly baseUrl: string;
}

export interface QueuedMail {
  readonly id: string;
  readonly messageId: string;
}

/** A message that could not be delivered and needs a person: shown to staff. */
export interface MailAlert {
  readonly id: string;
  readonly kind: string;
  readonly recipient: string;
  readonly subject: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly firstFailedAt: string | null;
  readonly createdAt: string;
  readonly related: MailSubjectRef | null;
}

const MAX_ADDRESS = 254;
const MAX_SUBJECT = 250;
// One bare address: no display name, no list, no comments, no quoting; nothing that can end a header.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]/u;

/** True when `value` is exactly one plain e-mail address (what the outbox accepts as a recipient). */
export function isValidMailAddress(value: string): boolean {
  // A leading hyphen could be read as a sendmail option; a leading dot is not a valid local part.
  return value.length <= MAX_ADDRESS && ADDRESS.test(value) && !value.includes('..') && !/^[-.]/.test(value);
}

/**
 * Queues a message inside the caller's transaction, so it exists if and only if the change that
 * caused it commits. Rejects a recipient that is not one plain address, and a subject with line
 * breaks or control characters (header injection), with a 422 AppError.
 */
export async function enqueueMail(trx: Trx, mail: NewMail, options: EnqueueOptions): Promise<QueuedMail> {
  if (!isValidMailAddress(mail.to)) {
    throw new AppError('MAIL_INVALID_RECIPIENT', { status: 422, message: 'Please enter one valid e-mail address.', fields: [{ field: 'email', message: 'Please enter one valid e-mail address.' }] });
  }
  if (mail.subject.trim() === '' || mail.subject.length > MAX_SUBJECT || LINE_BREAKING.test(mail.subject)) {
    throw new AppError('MAIL_INVALID_SUBJECT', { status: 422, message: 'The e-mail subject is not valid.' });
  }
  const stamp = options.now.toISOString();
  const id = newId(options.now.getTime());
  const messageId = `<${id}@${messageIdHost(options.baseUrl)}>`;
  await trx.insertInto('outbox').values({
    id,
    kind: mail.kind,
    recipient: mail.to,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html ?? null,
    message_id: messageId,
    status: 'pending',
    attempts: 0,
    next_attempt_at: stamp,
    claimed_at: null,
    last_error: null,
    first_failed_at: null,
    sent_at: null,
    created_at: stamp,
    related_type: mail.related?.type ?? null,
    related_id: mail.related?.id ?? null,
  }).execute();
  return { id, messageId };
}

function messageIdHost(baseUrl: string): string {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  return /^[A-Za-z0-9.-]+$/.test(host) ? host : 'kidneydesk.invalid';
}

/** Messages that failed for good (retries exhausted or rejected by the server), newest first: staff act on them. */
export async function listMailAlerts(db: Db): Promise<MailAlert[]> {
  const rows = await db.selectFrom('outbox')
    .select(['id', 'kind', 'recipient', 'subject', 'attempts', 'last_error', 'first_failed_at', 'created_at', 'related_type', 'related_id'])
    .where('status', '=', 'failed')
    .orderBy('created_at', 'desc').orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    attempts: r.attempts,
    lastError: r.last_error,
    firstFailedAt: r.first_failed_at,
    createdAt: r.created_at,
    related: r.related_type !== null && r.related_id !== null ? { type: r.related_type, id: r.related_id } : null,
  }));
}

/** Gives a failed message a fresh retry window from `now`; false if it is not failed. */
export async function retryMail(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('outbox')
    .set({ status: 'pending', next_attempt_at: now.toISOString(), first_failed_at: null })
    .where('id', '=', id).where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stops a pending or failed message from being sent (and drops its content); false if it is already sent or in flight. */
export async function cancelMail(db: Db | Trx, id: string): Promise<boolean> {
  const result = await db.updateTable('outbox')
    .set({ status: 'cancelled', text_body: '', html_body: null })
    .where('id', '=', id).where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes every message about one subject (retention purge of a case); returns how many. */
export async function purgeMailFor(db: Db | Trx, related: MailSubjectRef): Promise<number> {
  return (await purgeMailIdsFor(db, related)).length;
}

/** Like purgeMailFor, returning the deleted messages' ids (to remove their `.eml` copies too). */
export async function purgeMailIdsFor(db: Db | Trx, related: MailSubjectRef): Promise<string[]> {
  const rows = await db.deleteFrom('outbox')
    .where('related_type', '=', related.type).where('related_id', '=', related.id)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
