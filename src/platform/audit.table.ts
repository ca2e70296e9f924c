import type { Selectable } from 'kysely';

export type AuditActorType = 'staff' | 'patient' | 'system';
export type AuditOutcome = 'ok' | 'denied' | 'failed';

/** One audit row: who did what to which record, and when. Ids and codes only, never health data. */
export interface AuditLogTable {
  /** 1, 2, 3, … assigned under a lock by recordAudit; a hole means a deleted row. */
  seq: number;
  at: string;
  actor_type: AuditActorType;
  actor_id: string | null;
  /** A dotted code such as `consultation.viewed` or `staff.login_failed`. */
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  /** The previous row's hash ('' for the first row). */
  prev_hash: string;
  /** sha256(prev_hash + canonical JSON of this row's other columns), hex. */
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

export type AuditRow = Selectable<AuditLogTable>;
