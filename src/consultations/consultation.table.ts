import type { Generated, Selectable } from 'kysely';

export type ConsultationStatus = 'received' | 'in_progress' | 'answered' | 'closed';
export type TriageLevel = 'emergency' | 'same-day' | 'routine';

export interface ConsultationTable {
  id: string;
  /** Short human reference, e.g. KD-7F3K-Q2. */
  reference: string;
  status: ConsultationStatus;
  triage_level: TriageLevel;
  /** JSON array of red-flag codes (never the patient's words). */
  triage_reasons: string;
  patient_name: string;
  patient_email: string;
  patient_phone: string | null;
  condition: string;
  creatinine_value: string | null;
  creatinine_unit: string | null;
  creatinine_date: string | null;
  consent_version: string;
  consented_at: string;
  received_at: string;
  /** received_at + the answer target; moved on when the clock is paused (staff console). */
  due_at: string;
  first_answered_at: string | null;
  closed_at: string | null;
  deletion_requested_at: string | null;
  updated_at: string;
  /** The staff member who has the consultation (claimed or assigned); null: unassigned. */
  assigned_to: string | null;
  assigned_at: string | null;
  /** Set while the clock is paused (waiting for information from the patient). */
  clock_paused_at: string | null;
  /** Seconds paused before the first answer; excluded from the time to first answer. */
  paused_seconds: Generated<number>;
  /** The 20-hour reminder for the current due_at was queued. */
  reminder_sent_at: string | null;
  /** The current due_at passed without an answer (recorded once). */
  breached_at: string | null;
  /** Staff id of the expert who sent the first answer. */
  first_answered_by: string | null;
}

export type MessageAuthor = 'patient' | 'expert' | 'system';

export interface ConsultationMessageTable {
  id: string;
  consultation_id: string;
  author: MessageAuthor;
  /** Staff account id for expert messages (staff console). */
  author_id: string | null;
  kind: 'description' | 'follow_up' | 'answer';
  body: string;
  created_at: string;
}

export interface ConsultationFileTable {
  /** The storage blob id. */
  id: string;
  consultation_id: string;
  message_id: string;
  display_name: string;
  media_type: string;
  size: number;
  sha256: string;
  wrapped_key: string;
  created_at: string;
}

export interface CaseAccessTokenTable {
  /** SHA-256 of the token sent by e-mail; the token itself is never stored. */
  token_hash: string;
  consultation_id: string;
  created_at: string;
  expires_at: string;
}

export interface CaseSessionTable {
  /** SHA-256 of the cookie value. */
  id_hash: string;
  consultation_id: string;
  created_at: string;
  expires_at: string;
}

/** Kinds of consultation event; `detail` is JSON of codes and ids, never the patient's words. */
export type ConsultationEventKind =
  | 'claimed' | 'assigned' | 'unassigned' | 'status_changed' | 'clock_paused' | 'clock_resumed'
  | 'note_added' | 'answered' | 'follow_up' | 'reminder_sent' | 'breached';

export interface ConsultationEventTable {
  id: string;
  consultation_id: string;
  at: string;
  /** Staff id; null for the patient or the system. */
  actor_id: string | null;
  kind: ConsultationEventKind;
  detail: Generated<string>;
}

/** An internal note between staff; never shown to the patient. */
export interface ConsultationNoteTable {
  id: string;
  consultation_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface ReplyTemplateTable {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConsultationTables {
  consultations: ConsultationTable;
  consultation_events: ConsultationEventTable;
  consultation_notes: ConsultationNoteTable;
  reply_templates: ReplyTemplateTable;
  consultation_messages: ConsultationMessageTable;
  consultation_files: ConsultationFileTable;
  case_access_tokens: CaseAccessTokenTable;
  case_sessions: CaseSessionTable;
}

export type ConsultationRow = Selectable<ConsultationTable>;
export type ConsultationMessageRow = Selectable<ConsultationMessageTable>;
export type ConsultationFileRow = Selectable<ConsultationFileTable>;
export type ConsultationEventRow = Selectable<ConsultationEventTable>;
export type ConsultationNoteRow = Selectable<ConsultationNoteTable>;
export type ReplyTemplateRow = Selectable<ReplyTemplateTable>;
