import type { Db, Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import type { ConsultationEventKind, ConsultationEventRow } from './consultation.table.ts';

/** Detail kept with an event: codes, ids and numbers only, never the patient's words. */
export type EventDetail = Readonly<Record<string, string | number | boolean | null>>;

/** Records one event in a consultation's history, in the caller's transaction. */
export async function recordConsultationEvent(
  trx: Trx,
  event: { consultationId: string; kind: ConsultationEventKind; at: Date; actorId?: string | null; detail?: EventDetail },
): Promise<void> {
  await trx.insertInto('consultation_events').values({
    id: newId(event.at.getTime()),
    consultation_id: event.consultationId,
    at: event.at.toISOString(),
    actor_id: event.actorId ?? null,
    kind: event.kind,
    detail: JSON.stringify(event.detail ?? {}),
  }).execute();
}

/** A consultation's events, oldest first. */
export async function listConsultationEvents(db: Db, consultationId: string): Promise<ConsultationEventRow[]> {
  return db.selectFrom('consultation_events').selectAll()
    .where('consultation_id', '=', consultationId).orderBy('at').orderBy('id').execute();
}
