import { sql, type Kysely } from 'kysely';
import { databaseKind } from '../create-database.ts';

// Staff accounts, their sessions and one-time links, login throttling, and the audit log.
// Timestamps are ISO text on both databases, like everywhere else. Secrets are never stored:
// sessions and links are kept as SHA-256 hashes, passwords as argon2id PHC strings, TOTP secrets
// sealed with AES-256-GCM under a key derived from the master key.
//
// audit_log is append-only. `seq` is assigned by the writer under a lock (previous seq + 1), not
// by an identity column: a rolled-back insert would leave a hole in a sequence, and a hole has to
// mean "a row was deleted". Triggers refuse UPDATE and DELETE on both databases, so a bug cannot
// rewrite history; someone with the database owner's rights can drop them, which the hash chain
// (platform/audit.ts) then exposes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sqlIn('role', ['admin', 'expert', 'editor'])))
    .addColumn('is_reviewer', 'integer', (c) => c.notNull().defaultTo(0).check(sqlIn('is_reviewer', [0, 1])))
    .addColumn('credentials', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0).check(sqlIn('totp_enabled', [0, 1])))
    .addColumn('totp_last_step', 'bigint')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .addCheckConstraint('staff_email_lower', sql`email = lower(email)`)
    .execute();

  await db.schema.createTable('staff_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sqlIn('stage', ['code', 'active'])))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('staff_sessions_staff_idx').on('staff_sessions').columns(['staff_id', 'revoked_at']).execute();
  await db.schema.createIndex('staff_sessions_expires_idx').on('staff_sessions').column('expires_at').execute();

  await db.schema.createTable('staff_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sqlIn('purpose', ['setup', 'reset'])))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('staff_tokens_staff_idx').on('staff_tokens').columns(['staff_id', 'purpose']).execute();

  await db.schema.createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull().check(sqlIn('success', [0, 1])))
    .execute();
  await db.schema.createIndex('login_attempts_key_idx').on('login_attempts').columns(['key', 'attempted_at']).execute();
  await db.schema.createIndex('login_attempts_at_idx').on('login_attempts').column('attempted_at').execute();

  await db.schema.createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sqlIn('actor_type', ['staff', 'patient', 'system'])))
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(sqlIn('outcome', ['ok', 'denied', 'failed'])))
    // Unique: two rows can never claim the same predecessor, so the chain cannot fork.
    .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_type', 'subject_id', 'seq']).execute();

  if (databaseKind(db) === 'postgres') {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'login_attempts', 'staff_tokens', 'staff_sessions', 'staff']) {
    await db.schema.dropTable(table).execute();
  }
  if (databaseKind(db) === 'postgres') await sql`DROP FUNCTION audit_log_append_only()`.execute(db);
}

function sqlIn(column: string, values: readonly (string | number)[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
