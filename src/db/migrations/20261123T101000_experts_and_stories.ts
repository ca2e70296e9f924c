import { sql, type Kysely } from 'kysely';
import { databaseKind } from '../create-database.ts';

// Expert profiles (/experts) and patient stories (/stories).
//
// A profile may belong to a staff account (`staff_id`), which is how an article's reviewer
// (`articles.reviewed_by_id`) is linked to the profile that states their credentials. The photo is
// re-encoded WebP kept in the row, like article images: public, small, and in the one backup;
// `photo_id` changes with every upload, so its address can be cached for good.
//
// A story is published only with recorded consent (`consent_version`, `consented_at`). The
// submitter's address is for moderation and withdrawal only; the withdrawal link's token is kept
// as its SHA-256, never itself.

export async function up(db: Kysely<any>): Promise<void> {
  const bytes = databaseKind(db) === 'postgres' ? 'bytea' : 'blob';
  await db.schema.createTable('expert_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.unique().references('staff.id').onDelete('set null'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role_title', 'text', (c) => c.notNull())
    .addColumn('credentials', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of short labels, in order.
    .addColumn('specialties', 'text', (c) => c.notNull().defaultTo('[]'))
    // Markdown, rendered with raw HTML off.
    .addColumn('biography', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_id', 'text')
    .addColumn('photo', bytes)
    .addColumn('photo_width', 'integer')
    .addColumn('photo_height', 'integer')
    .addColumn('photo_alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0).check(sql`published in (0, 1)`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('expert_profiles_public_idx').on('expert_profiles').columns(['published', 'position', 'name']).execute();

  await db.schema.createTable('stories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('consent_version', 'text', (c) => c.notNull())
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('submitted', 'published', 'rejected', 'withdrawn')`))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('moderated_by', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawal_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stories_status_idx').on('stories').columns(['status', 'published_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stories').execute();
  await db.schema.dropTable('expert_profiles').execute();
}
