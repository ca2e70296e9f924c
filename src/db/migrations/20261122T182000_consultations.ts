import { sql, type Kysely } from 'kysely';

// Patient consultations ("ask an expert"). Health data lives only in these tables and in the
// encrypted file store; messages and files go with their consultation (ON DELETE CASCADE).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['received', 'in_progress', 'answered', 'closed'])))
    .addColumn('triage_level', 'text', (c) => c.notNull().check(sqlIn('triage_level', ['emergency', 'same-day', 'routine'])))
    .addColumn('triage_reasons', 'text', (c) => c.notNull())
    .addColumn('patient_name', 'text', (c) => c.notNull())
    .addColumn('patient_email', 'text', (c) => c.notNull())
    .addColumn('patient_phone', 'text')
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('creatinine_value', 'text')
    .addColumn('creatinine_unit', 'text')
    .addColumn('creatinine_date', 'text')
    .addColumn('consent_version', 'text', (c) => c.notNull())
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('first_answered_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('deletion_requested_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultations_queue_idx').on('consultations').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('consultations_email_idx').on('consultations').column('patient_email').execute();

  await db.schema.createTable('consultation_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_messages_case_idx').on('consultation_messages').columns(['consultation_id', 'created_at']).execute();

  await db.schema.createTable('consultation_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('consultation_messages.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_files_case_idx').on('consultation_files').column('consultation_id').execute();

  await db.schema.createTable('case_access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('case_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['case_sessions', 'case_access_tokens', 'consultation_files', 'consultation_messages', 'consultations']) {
    await db.schema.dropTable(table).execute();
  }
}

function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
