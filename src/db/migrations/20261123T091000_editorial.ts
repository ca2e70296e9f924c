import type { Kysely } from 'kysely';
import { databaseKind } from '../create-database.ts';

// The editorial workflow: who wrote and who reviewed an article, its revision history, pending
// changes to a published article, and uploaded images.
//
// A published article's row is what the public sees. Edits to it are kept as a revision
// (`pending_revision`) and reach the row only when a reviewer signs them off; `submitted_at` says
// the pending work (a draft, or pending changes) is waiting for review.
// Images are re-encoded WebP stored in the database: they are public, small (≤ 1600 px wide), and
// kept with the rest of the data in one backup. `bytes` is a blob on SQLite and bytea on PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('author_id', 'text').execute();
  await db.schema.alterTable('articles').addColumn('reviewed_by_id', 'text').execute();
  await db.schema.alterTable('articles').addColumn('submitted_at', 'text').execute();
  await db.schema.alterTable('articles').addColumn('pending_revision', 'integer').execute();
  await db.schema.alterTable('articles').addColumn('review_comment', 'text').execute();

  await db.schema.createTable('article_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    // JSON array of tags, in order.
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('article_revisions_number_uq', ['article_id', 'number'])
    .execute();

  await db.schema.createTable('article_images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', databaseKind(db) === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_images_article_idx').on('article_images').columns(['article_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_images').execute();
  await db.schema.dropTable('article_revisions').execute();
  for (const column of ['review_comment', 'pending_revision', 'submitted_at', 'reviewed_by_id', 'author_id']) {
    await db.schema.alterTable('articles').dropColumn(column).execute();
  }
}
