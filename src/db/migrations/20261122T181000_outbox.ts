import { sql, type Kysely } from 'kysely';

// The transactional outbox: every e-mail is written here in the same transaction as the change
// that causes it, and a sender delivers it later. Timestamps are ISO text on both databases, so
// the sender's "due" query compares strings; (status, next_attempt_at) serves it and the
// recovery of stale 'sending' rows. (related_type, related_id) lets retention purge a case's mail.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending')
      .check(sql`status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('first_failed_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('related_type', 'text')
    .addColumn('related_id', 'text')
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_related_idx').on('outbox').columns(['related_type', 'related_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
