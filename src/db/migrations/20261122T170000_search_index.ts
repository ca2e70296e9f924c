import { sql, type Kysely } from 'kysely';
import { databaseKind } from '../create-database.ts';

// The search index. Both engines index the same analysed text (stems joined by spaces, made by
// search/text-analysis.ts): SQLite through a contentless FTS5 table keyed by `seq`, PostgreSQL
// through a weighted tsvector column with a GIN index. `a_*` columns keep the analysed fields
// for re-ranking; `words` lists the document's distinct words for the typo vocabulary.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKind(db) === 'postgres';
  let table = db.schema.createTable('search_documents');
  table = postgres
    ? table.addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    : table.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
  table = table
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('breadcrumb', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('updated_on', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('words', 'text', (c) => c.notNull())
    .addColumn('a_title', 'text', (c) => c.notNull())
    .addColumn('a_summary', 'text', (c) => c.notNull())
    .addColumn('a_tags', 'text', (c) => c.notNull())
    .addColumn('a_headings', 'text', (c) => c.notNull())
    .addColumn('a_body', 'text', (c) => c.notNull());
  if (postgres) {
    table = table.addColumn('tsv', sql`tsvector`, (c) => c.generatedAlwaysAs(sql`
      setweight(to_tsvector('simple', a_title), 'A') ||
      setweight(to_tsvector('simple', a_summary || ' ' || a_tags), 'B') ||
      setweight(to_tsvector('simple', a_headings), 'C') ||
      setweight(to_tsvector('simple', a_body), 'D')`).stored());
  }
  await table.execute();

  if (postgres) {
    await sql`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin (tsv)`.execute(db);
    await sql`CREATE INDEX search_documents_title_idx ON search_documents USING gin (to_tsvector('simple', a_title))`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
      a_title, a_summary, a_tags, a_headings, a_body,
      content='', contentless_delete=1, tokenize='unicode61', prefix='2 3 4')`.execute(db);
  }

  await db.schema.createTable('search_words')
    .addColumn('word', 'text', (c) => c.primaryKey())
    .addColumn('stem', 'text', (c) => c.notNull())
    .addColumn('df', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (databaseKind(db) === 'sqlite') await sql`DROP TABLE search_fts`.execute(db);
  await db.schema.dropTable('search_words').execute();
  await db.schema.dropTable('search_documents').execute();
}
