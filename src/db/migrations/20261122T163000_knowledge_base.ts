import type { Kysely } from 'kysely';

// Timestamps are ISO-8601 UTC text and dates YYYY-MM-DD text on both databases, so that
// ordering and comparison behave the same everywhere. Flags are 0/1 integers.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('categories.id').onDelete('restrict'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('categories_parent_idx').on('categories').column('parent_id').execute();

  await db.schema.createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_on', 'text', (c) => c.notNull())
    .addColumn('reviewed_on', 'text')
    .addColumn('next_review_on', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_category_idx').on('articles').columns(['category_id', 'status']).execute();
  await db.schema.createIndex('articles_recent_idx').on('articles').columns(['status', 'updated_on']).execute();

  await db.schema.createTable('article_tags')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag'])
    .execute();
  await db.schema.createIndex('article_tags_tag_idx').on('article_tags').column('tag').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_tags').execute();
  await db.schema.dropTable('articles').execute();
  await db.schema.dropTable('categories').execute();
}
