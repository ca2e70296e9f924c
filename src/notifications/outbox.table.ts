import type { Generated, Selectable } from 'kysely';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxTable {
  id: string;
  /** The template the message was made from, e.g. `case-received`. */
  kind: string;
  /** One bare e-mail address. */
  recipient: string;
  subject: string;
  /** Emptied once the message is sent: a sent mail's private link should not outlive its delivery here. */
  text_body: string;
  html_body: string | null;
  /** `<id@host>`, fixed at enqueue so every attempt, and a resend after a crash, carries the same one. */
  message_id: string;
  status: Generated<OutboxStatus>;
  /** Send attempts started (counted when a message is claimed). */
  attempts: Generated<number>;
  /** ISO time from which the message may be (re)tried. */
  next_attempt_at: string;
  /** ISO time of the current claim, while status is 'sending'; a stale claim means a sender crashed. */
  claimed_at: string | null;
  /** A short error code and message, never the content or the address. */
  last_error: string | null;
  /** When the current run of failures began; the 72-hour limit counts from here. retryMail clears it. */
  first_failed_at: string | null;
  sent_at: string | null;
  created_at: string;
  /** What the mail is about, e.g. ('consultation', id), so retention purge can delete it with the case. */
  related_type: string | null;
  related_id: string | null;
}

export interface NotificationTables {
  outbox: OutboxTable;
}

export type OutboxRow = Selectable<OutboxTable>;
