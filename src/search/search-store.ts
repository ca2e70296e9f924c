import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { databaseKind } from '../db/index.ts';
import { analyzeForIndex, tokenize, STOPWORDS } from './text-analysis.ts';
import type { SearchDocumentRow } from './search.table.ts';

/** What a feature hands to the index: one searchable page (an article, later a published answer). */
export interface SearchDocument {
  readonly type: 'article' | 'answer';
  readonly key: string;
  readonly title: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly headings: readonly string[];
  /** Plain text (no Markdown). */
  readonly body: string;
  readonly url: string;
  /** Category trail, e.g. "Dialysis › Complications". */
  readonly breadcrumb: string;
  readonly updatedOn: string;
}

/** A term or a phrase (stems in order) to look for. */
export type MatchTerm = readonly string[];

type AnyDb = Kysely<Database>;

// Bumped on every index write in this process, so cached vocabularies know to reload.
let indexVersion = 0;

/** Changes whenever this process writes to the index. */
export function searchIndexVersion(): number {
  return indexVersion;
}

const BM25_WEIGHTS = { title: 10, summary: 4, tags: 4, headings: 2, body: 1 };

export function documentId(type: string, key: string): string {
  return `${type}:${key}`;
}

/** Adds or replaces a document. Call inside the transaction that changes the source. */
export async function writeSearchDocument(db: AnyDb, doc: SearchDocument): Promise<void> {
  indexVersion++;
  const id = documentId(doc.type, doc.key);
  const oldWords = await deleteRow(db, id);
  const row = analyzeDocument(doc);
  const inserted = await db.insertInto('search_documents').values({ id, ...row }).returning('seq').executeTakeFirstOrThrow();
  await writeEngineIndex(db, Number(inserted.seq), row);
  const newWords = row.words === '' ? [] : row.words.split(' ');
  await adjustWordCounts(db, difference(newWords, oldWords), difference(oldWords, newWords));
}

/** Removes a document if it is indexed (unpublished or deleted source). */
export async function deleteSearchDocument(db: AnyDb, type: string, key: string): Promise<void> {
  indexVersion++;
  const oldWords = await deleteRow(db, documentId(type, key));
  if (oldWords.length > 0) await adjustWordCounts(db, [], oldWords);
}

/** Empties the index (before a rebuild). */
export async function clearSearchIndex(db: AnyDb): Promise<void> {
  indexVersion++;
  if (databaseKind(db) === 'sqlite') await sql`DELETE FROM search_fts`.execute(db);
  await db.deleteFrom('search_documents').execute();
  await db.deleteFrom('search_words').execute();
}

/**
 * Bulk load used by reindex: writes documents without per-document word bookkeeping;
 * returns the words seen so the caller can write the counts once at the end.
 */
export async function appendSearchDocuments(db: AnyDb, docs: readonly SearchDocument[], wordCounts: Map<string, number>): Promise<void> {
  for (const doc of docs) {
    const row = analyzeDocument(doc);
    const inserted = await db.insertInto('search_documents').values({ id: documentId(doc.type, doc.key), ...row }).returning('seq').executeTakeFirstOrThrow();
    await writeEngineIndex(db, Number(inserted.seq), row);
    for (const w of row.words === '' ? [] : row.words.split(' ')) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
}

/** Writes the vocabulary counts gathered by appendSearchDocuments. */
export async function writeWordCounts(db: AnyDb, wordCounts: Map<string, number>): Promise<void> {
  indexVersion++;
  const rows = [...wordCounts].map(([word, df]) => ({ word, stem: tokenize(word)[0]?.stem ?? word, df }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('search_words').values(rows.slice(i, i + 500)).execute();
}

export interface Candidate {
  readonly seq: number;
  readonly engineScore: number;
}

/**
 * First stage: documents matching any of the terms, best first by the engine's own weighted
 * ranking (FTS5 bm25 or PostgreSQL ts_rank, title > summary, tags > headings > body).
 */
export async function findCandidates(db: AnyDb, terms: readonly MatchTerm[], limit: number): Promise<Candidate[]> {
  const clean = terms.map((t) => t.filter((s) => /^[a-z0-9]+$/.test(s))).filter((t) => t.length > 0);
  if (clean.length === 0) return [];
  if (databaseKind(db) === 'sqlite') {
    const match = clean.map((t) => `"${t.join(' ')}"`).join(' OR ');
    const { title, summary, tags, headings, body } = BM25_WEIGHTS;
    const result = await sql<{ seq: number; score: number }>`
      SELECT rowid AS seq, -bm25(search_fts, ${title}, ${summary}, ${tags}, ${headings}, ${body}) AS score
      FROM search_fts WHERE search_fts MATCH ${match} ORDER BY rank, rowid LIMIT ${limit}`.execute(db);
    return result.rows.map((r) => ({ seq: Number(r.seq), engineScore: Number(r.score) }));
  }
  const query = clean.map((t) => (t.length === 1 ? t[0]! : `(${t.join(' <-> ')})`)).join(' | ');
  const result = await sql<{ seq: number; score: number }>`
    SELECT seq, ts_rank('{0.1, 0.2, 0.4, 1.0}', tsv, q) AS score
    FROM search_documents, to_tsquery('simple', ${query}) q
    WHERE tsv @@ q ORDER BY score DESC, seq LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => ({ seq: Number(r.seq), engineScore: Number(r.score) }));
}

/** What ranking needs of a candidate: its analysed fields and what a result shows (no body). */
export type CandidateDocument = Omit<SearchDocumentRow, 'body' | 'words'>;

/** The candidates' rows, in the order asked. */
export async function loadSearchDocuments(db: AnyDb, seqs: readonly number[]): Promise<CandidateDocument[]> {
  if (seqs.length === 0) return [];
  const rows = await db.selectFrom('search_documents')
    .select(['seq', 'id', 'type', 'key', 'title', 'summary', 'breadcrumb', 'url', 'updated_on', 'a_title', 'a_summary', 'a_tags', 'a_headings', 'a_body'])
    .where('seq', 'in', [...seqs]).execute();
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
  return seqs.map((s) => bySeq.get(s)).filter((r): r is CandidateDocument => r !== undefined);
}

/** Plain-text bodies of the documents shown, for their snippets. */
export async function loadBodies(db: AnyDb, seqs: readonly number[]): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  const rows = await db.selectFrom('search_documents').select(['seq', 'body']).where('seq', 'in', [...seqs]).execute();
  return new Map(rows.map((r) => [Number(r.seq), r.body]));
}

/**
 * Titles whose words start with the given stems/prefixes (the last one may be partial). The
 * engine returns the first matches unranked, which stays fast however short the prefix; the
 * caller orders them.
 */
export async function findTitlesByPrefix(db: AnyDb, complete: readonly string[], partial: string | undefined, limit: number): Promise<{ title: string; url: string; type: string }[]> {
  const words = complete.filter((w) => /^[a-z0-9]+$/.test(w));
  const prefix = partial && /^[a-z0-9]+$/.test(partial) ? partial : undefined;
  if (words.length === 0 && !prefix) return [];
  if (databaseKind(db) === 'sqlite') {
    const match = [...words.map((w) => `a_title : "${w}"`), ...(prefix ? [`a_title : "${prefix}" *`] : [])].join(' AND ');
    const result = await sql<{ title: string; url: string; type: string }>`
      SELECT d.title, d.url, d.type FROM search_documents d
      WHERE d.seq IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match} LIMIT ${limit})`.execute(db);
    return result.rows;
  }
  const query = [...words, ...(prefix ? [`${prefix}:*`] : [])].join(' & ');
  const result = await sql<{ title: string; url: string; type: string }>`
    SELECT title, url, type FROM search_documents
    WHERE to_tsvector('simple', a_title) @@ to_tsquery('simple', ${query}) LIMIT ${limit}`.execute(db);
  return result.rows;
}

export interface IndexStatistics {
  readonly words: { word: string; stem: string; df: number }[];
  readonly documents: number;
  /** Average number of terms per field. */
  readonly lengths: Record<'title' | 'summary' | 'tags' | 'headings' | 'body', number>;
}

/** Every indexed word with its stem and document frequency, the document count and field lengths. */
export async function loadIndexStatistics(db: AnyDb): Promise<IndexStatistics> {
  const words = await db.selectFrom('search_words').select(['word', 'stem', 'df']).execute();
  const terms = (column: string) => sql<number>`avg(length(${sql.ref(column)}) - length(replace(${sql.ref(column)}, ' ', '')) + 1)`;
  const stats = await db.selectFrom('search_documents').select((eb) => [
    eb.fn.countAll<number>().as('n'),
    terms('a_title').as('title'), terms('a_summary').as('summary'), terms('a_tags').as('tags'),
    terms('a_headings').as('headings'), terms('a_body').as('body'),
  ]).executeTakeFirstOrThrow();
  return {
    words: words.map((w) => ({ word: w.word, stem: w.stem, df: Number(w.df) })),
    documents: Number(stats.n),
    lengths: {
      title: Number(stats.title ?? 1), summary: Number(stats.summary ?? 1), tags: Number(stats.tags ?? 1),
      headings: Number(stats.headings ?? 1), body: Number(stats.body ?? 1),
    },
  };
}

type AnalyzedRow = Omit<SearchDocumentRow, 'seq' | 'id'>;

function analyzeDocument(doc: SearchDocument): AnalyzedRow {
  const words = new Set<string>();
  for (const text of [doc.title, doc.summary, doc.tags.join(' '), doc.headings.join(' '), doc.body]) {
    for (const token of tokenize(text)) {
      if (!token.numeric && token.word.length >= 3 && !STOPWORDS.has(token.word) && !token.word.includes('/')) words.add(token.word);
    }
  }
  return {
    type: doc.type, key: doc.key, title: doc.title, summary: doc.summary, breadcrumb: doc.breadcrumb,
    url: doc.url, updated_on: doc.updatedOn, body: doc.body,
    words: [...words].sort().join(' '),
    a_title: analyzeForIndex(doc.title).join(' '),
    a_summary: analyzeForIndex(doc.summary).join(' '),
    a_tags: analyzeForIndex(doc.tags.join(' . ')).join(' '),
    a_headings: analyzeForIndex(doc.headings.join(' . ')).join(' '),
    a_body: analyzeForIndex(doc.body).join(' '),
  };
}

async function writeEngineIndex(db: AnyDb, seq: number, row: AnalyzedRow): Promise<void> {
  // PostgreSQL computes its weighted tsvector itself (a generated column); FTS5 is fed here.
  if (databaseKind(db) !== 'sqlite') return;
  await sql`INSERT INTO search_fts (rowid, a_title, a_summary, a_tags, a_headings, a_body)
    VALUES (${seq}, ${row.a_title}, ${row.a_summary}, ${row.a_tags}, ${row.a_headings}, ${row.a_body})`.execute(db);
}

async function deleteRow(db: AnyDb, id: string): Promise<string[]> {
  const existing = await db.selectFrom('search_documents').select(['seq', 'words']).where('id', '=', id).executeTakeFirst();
  if (!existing) return [];
  if (databaseKind(db) === 'sqlite') await sql`DELETE FROM search_fts WHERE rowid = ${existing.seq}`.execute(db);
  await db.deleteFrom('search_documents').where('seq', '=', existing.seq).execute();
  return existing.words === '' ? [] : existing.words.split(' ');
}

async function adjustWordCounts(db: AnyDb, added: readonly string[], removed: readonly string[]): Promise<void> {
  for (let i = 0; i < removed.length; i += 500) {
    const chunk = removed.slice(i, i + 500);
    await db.updateTable('search_words').set((eb) => ({ df: eb('df', '-', 1) })).where('word', 'in', chunk).execute();
  }
  if (removed.length > 0) await db.deleteFrom('search_words').where('df', '<=', 0).execute();
  for (let i = 0; i < added.length; i += 500) {
    const rows = added.slice(i, i + 500).map((word) => ({ word, stem: tokenize(word)[0]?.stem ?? word, df: 1 }));
    await db.insertInto('search_words').values(rows)
      .onConflict((oc) => oc.column('word').doUpdateSet({ df: sql<number>`search_words.df + 1` }))
      .execute();
  }
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((x) => !set.has(x));
}
