import type { Selectable } from 'kysely';

/** How urgent the message reads (triage engine on subject and message). */
export type ContactTriageLevel = 'emergency' | 'same-day' | 'routine';

export interface ContactMessageTable {
  id: string;
  /** Short reference told to the sender, e.g. M-7F3K2Q. */
  reference: string;
  name: string;
  email: string;
  subject: string;
  message: string;
  triage_level: ContactTriageLevel;
  /** JSON array of red-flag codes (never the sender's words). */
  triage_reasons: string;
  received_at: string;
  /** Set when a staff member marks it handled (or replies); cleared when marked unhandled again. */
  handled_at: string | null;
  handled_by: string | null;
  /** The latest reply sent by e-mail. */
  replied_at: string | null;
  updated_at: string;
}

/** A reply a staff member sent by e-mail, kept with the message. */
export interface ContactReplyTable {
  id: string;
  message_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface ContactTables {
  contact_messages: ContactMessageTable;
  contact_replies: ContactReplyTable;
}

export type ContactMessageRow = Selectable<ContactMessageTable>;
export type ContactReplyRow = Selectable<ContactReplyTable>;
