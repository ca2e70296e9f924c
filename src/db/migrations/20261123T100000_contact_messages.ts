import { sql, type Kysely } from 'kysely';

// The contact form's messages (leave a message) and their handling in the staff inbox.
// A message is "handled" while handled_at is set; a reply by e-mail marks it handled and is kept
// in contact_replies (deleted with its message). triage_reasons holds red-flag codes only.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('contact_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('triage_level', 'text', (c) => c.notNull().check(sql`triage_level in ('emergency', 'same-day', 'routine')`))
    .addColumn('triage_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('handled_at', 'text')
    .addColumn('handled_by', 'text', (c) => c.references('staff.id').onDelete('set null'))
    .addColumn('replied_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_messages_inbox_idx').on('contact_messages').columns(['handled_at', 'received_at']).execute();
  await db.schema.createIndex('contact_messages_received_idx').on('contact_messages').column('received_at').execute();

  await db.schema.createTable('contact_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('contact_messages.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_replies_message_idx').on('contact_replies').columns(['message_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_replies').execute();
  await db.schema.dropTable('contact_messages').execute();
}
