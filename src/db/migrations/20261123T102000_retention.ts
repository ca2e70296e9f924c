import type { Kysely } from 'kysely';

// Retention and erasure. The purge itself needs no new columns: a closed consultation goes
// RETENTION_DAYS after `closed_at`, and a patient's request is `deletion_requested_at`. Every table
// that holds a case's data references `consultations` with ON DELETE CASCADE, and the outbox finds
// a case's mail by (related_type, related_id). This index serves the daily "closed before the
// cutoff" query without scanning the table.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('consultations_closed_idx').on('consultations').columns(['status', 'closed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('consultations_closed_idx').execute();
}
