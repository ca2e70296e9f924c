import type { AppContext } from '../context.ts';
import { newId } from '../db/index.ts';
import type { ConsultationStatus } from '../consultations/index.ts';

// Test helpers for the reminders and the dashboard (not loaded by the app): consultations written
// straight into the database with a known clock.

export interface CaseSpec {
  readonly reference: string;
  readonly receivedAt: string;
  readonly status?: ConsultationStatus;
  /** Defaults to received_at + the answer target + pausedSeconds. */
  readonly dueAt?: string;
  readonly assignedTo?: string | null;
  readonly firstAnsweredAt?: string | null;
  readonly firstAnsweredBy?: string | null;
  readonly pausedSeconds?: number;
  readonly clockPausedAt?: string | null;
  readonly condition?: string;
  readonly closedAt?: string | null;
}

/** Inserts one consultation (patient details are placeholders); returns its id. */
export async function insertCase(ctx: AppContext, spec: CaseSpec): Promise<string> {
  const received = Date.parse(spec.receivedAt);
  const id = newId(received);
  const paused = spec.pausedSeconds ?? 0;
  await ctx.db.insertInto('consultations').values({
    id, reference: spec.reference, status: spec.status ?? (spec.firstAnsweredAt ? 'answered' : 'received'),
    triage_level: 'routine', triage_reasons: '[]',
    patient_name: 'Pat Example', patient_email: 'pat@example.com', patient_phone: null,
    condition: spec.condition ?? 'ckd-3', creatinine_value: null, creatinine_unit: null, creatinine_date: null,
    consent_version: 'test', consented_at: spec.receivedAt, received_at: spec.receivedAt,
    due_at: spec.dueAt ?? new Date(received + ctx.config.answerTargetHours * 3_600_000 + paused * 1000).toISOString(),
    first_answered_at: spec.firstAnsweredAt ?? null, first_answered_by: spec.firstAnsweredBy ?? null,
    closed_at: spec.closedAt ?? null, deletion_requested_at: null, updated_at: spec.receivedAt,
    assigned_to: spec.assignedTo ?? null, assigned_at: spec.assignedTo ? spec.receivedAt : null,
    clock_paused_at: spec.clockPausedAt ?? null, paused_seconds: paused, reminder_sent_at: null, breached_at: null,
  }).execute();
  return id;
}

/** An ISO time `hours` after `from`. */
export function hoursAfter(from: string, hours: number): string {
  return new Date(Date.parse(from) + hours * 3_600_000).toISOString();
}
