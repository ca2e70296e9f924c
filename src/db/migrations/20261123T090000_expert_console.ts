import { sql, type Kysely } from 'kysely';

// The expert console: who has a consultation, its clock, its history, internal notes, reply
// templates, and who is on duty for reminders.
//
// The answer clock: `due_at` is received_at + the answer target. Pausing (waiting for information
// from the patient) sets `clock_paused_at`; resuming moves `due_at` on by the paused time and, until
// the first answer, adds it to `paused_seconds`, so the time to first answer excludes pauses.
// `reminder_sent_at` and `breached_at` belong to the current `due_at`: when a follow-up from the
// patient reopens an answered consultation, `due_at` is set afresh and both are cleared. Each
// reminder and breach is also kept as a consultation event, so history and the dashboard keep them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consultations').addColumn('assigned_to', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('assigned_at', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('clock_paused_at', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('paused_seconds', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('consultations').addColumn('reminder_sent_at', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('breached_at', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('first_answered_by', 'text').execute();
  await db.schema.createIndex('consultations_assigned_idx').on('consultations').columns(['assigned_to', 'due_at']).execute();
  await db.schema.createIndex('consultations_received_idx').on('consultations').column('received_at').execute();

  // What happened to a consultation, for its history and the dashboard. `detail` is JSON of codes
  // and ids only (never the patient's words), like the audit log.
  await db.schema.createTable('consultation_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('consultation_events_case_idx').on('consultation_events').columns(['consultation_id', 'at']).execute();
  await db.schema.createIndex('consultation_events_kind_idx').on('consultation_events').columns(['kind', 'at']).execute();

  // Internal notes between staff; never shown to the patient.
  await db.schema.createTable('consultation_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_notes_case_idx').on('consultation_notes').columns(['consultation_id', 'created_at']).execute();

  await db.schema.createTable('reply_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('staff').addColumn('on_duty', 'integer', (c) => c.notNull().defaultTo(1).check(sql`on_duty in (0, 1)`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['reply_templates', 'consultation_notes', 'consultation_events']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('consultations_received_idx').execute();
  await db.schema.dropIndex('consultations_assigned_idx').execute();
  for (const column of ['first_answered_by', 'breached_at', 'reminder_sent_at', 'paused_seconds', 'clock_paused_at', 'assigned_at', 'assigned_to']) {
    await db.schema.alterTable('consultations').dropColumn(column).execute();
  }
  await db.schema.alterTable('staff').dropColumn('on_duty').execute();
}
