import type { Db } from '../database.ts';
import { conditionLabel } from '../consultations/index.ts';
import type { CsvCase } from './dashboard-csv.ts';

// What the promise dashboard reads: consultations received in a window, across all patients
// (hence the name), with only the columns the figures need plus the condition for the export.
// Grouping and arithmetic happen in JavaScript (promise-stats.ts), so both databases agree.

/** Consultations received in [fromIso, toIso), oldest first, for the dashboard and its export. */
export async function listPromiseCasesForStaff(db: Db, fromIso: string, toIso: string): Promise<CsvCase[]> {
  const rows = await db.selectFrom('consultations')
    .select(['id', 'reference', 'received_at', 'due_at', 'first_answered_at', 'first_answered_by', 'paused_seconds',
      'clock_paused_at', 'status', 'closed_at', 'breached_at', 'condition'])
    .where('received_at', '>=', fromIso).where('received_at', '<', toIso)
    .orderBy('received_at').orderBy('id')
    .execute();
  // breached_at belongs to the current deadline only; the events keep every breach.
  const breachedEvents = await db.selectFrom('consultation_events').select('consultation_id').distinct()
    .where('kind', '=', 'breached')
    .where('consultation_id', 'in', (eb) => eb.selectFrom('consultations').select('id')
      .where('received_at', '>=', fromIso).where('received_at', '<', toIso))
    .execute();
  const breached = new Set(breachedEvents.map((e) => e.consultation_id));
  return rows.map((r) => ({
    id: r.id, reference: r.reference, receivedAt: r.received_at, dueAt: r.due_at,
    firstAnsweredAt: r.first_answered_at, firstAnsweredBy: r.first_answered_by, pausedSeconds: Number(r.paused_seconds),
    clockPausedAt: r.clock_paused_at, closed: r.status === 'closed', closedAt: r.closed_at,
    breached: r.breached_at !== null || breached.has(r.id), condition: conditionLabel(r.condition),
  }));
}

/** Names of every staff member by id (the dashboard names experts, never patients). */
export async function staffNamesById(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('staff').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name] as const));
}
