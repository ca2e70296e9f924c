import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { conceptDictionary } from './concepts.ts';
import { understandQuery, cleanQuery, type Slot, type UnderstoodQuery } from './query-understanding.ts';
import { rankDocuments, type FieldLengths, type RankedDocument } from './ranking.ts';
import { makeSnippet } from './snippet.ts';
import {
  findCandidates, findTitlesByPrefix, loadBodies, loadIndexStatistics, loadSearchDocuments, searchIndexVersion,
  type CandidateDocument, type MatchTerm,
} from './search-store.ts';
import { Vocabulary } from './vocabulary.ts';
import { normalizeText, stemWord, tokenize, isIndexStopword } from './text-analysis.ts';

export interface SearchResult {
  readonly slug: string;
  readonly title: string;
  readonly url: string;
  /** Plain text. */
  readonly snippet: string;
  /** HTML-escaped snippet with matches in `<mark>`. */
  readonly snippetHtml: string;
  readonly score: number;
  readonly type: string;
  readonly breadcrumb: string;
}

export interface SearchResponse {
  readonly query: string;
  /** False when nothing in the index answers the question well enough to present it as the answer. */
  readonly confident: boolean;
  readonly didYouMean?: string;
  readonly results: readonly SearchResult[];
}

export interface SearchOptions {
  readonly limit?: number;
  /** false runs plain BM25 with no query understanding (the evaluation baseline). */
  readonly understanding?: boolean;
}

const CANDIDATES = 40;
// On a large index the engine's own ranking is already good; fewer candidates keep the re-ranking cheap.
const LARGE_INDEX_CANDIDATES = 25;
const LARGE_INDEX = 1000;
const SUGGEST_POOL = 50;
const POSTINGS_BUDGET = 1000;
const FEEDBACK_CANDIDATES = 15;
const FEEDBACK_TERMS = 4;
const FEEDBACK_WEIGHT = 0.3;
const FEEDBACK_MAX_SHARE = 0.3;
const MAX_LIMIT = 50;
// Confidence: the best document must match the query's ideas, weighted by how informative each
// is and how strongly the document matches it (ranking.ts "strength", 0–1). The threshold is a
// share of the query, so it does not depend on any one query or article.
const MIN_STRENGTH = 0.37;

interface IndexState {
  readonly vocabulary: Vocabulary;
  readonly lengths: FieldLengths;
  readonly version: number;
  readonly loadedAt: number;
}

const states = new WeakMap<object, IndexState>();
const STATE_TTL_MS = 30_000;

/** Searches articles (and later published answers) the way a patient asks. */
export async function searchKnowledge(db: Kysely<Database>, rawQuery: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const limit = Math.max(1, Math.min(MAX_LIMIT, options.limit ?? 10));
  const understanding = options.understanding ?? true;
  const state = await indexState(db);
  const query = understandQuery(rawQuery, state.vocabulary, conceptDictionary(), { understanding });
  const base = { query: query.text, ...(query.didYouMean ? { didYouMean: query.didYouMean } : {}) };
  if (query.slots.length === 0) return { ...base, confident: false, results: [] };

  const terms = candidateTerms(query, state.vocabulary);
  const pool = state.vocabulary.documents >= LARGE_INDEX ? LARGE_INDEX_CANDIDATES : CANDIDATES;
  const candidates = await findCandidates(db, terms, understanding ? pool : limit);
  const docs = await loadSearchDocuments(db, candidates.map((c) => c.seq));

  let ranked: RankedDocument<CandidateDocument>[];
  let confident: boolean;
  if (understanding) {
    ranked = rankDocuments(query, docs, state.lengths);
    const top = ranked[0];
    confident = top !== undefined && top.strength >= MIN_STRENGTH;
    if (top) ranked = await rerankWithFeedback(db, query, ranked, top.doc, state);
  } else {
    const scores = new Map(candidates.map((c) => [c.seq, c.engineScore]));
    ranked = docs.map((doc) => ({ doc, score: scores.get(Number(doc.seq)) ?? 0, coverage: 1, matchedSlots: 1, strength: 1 }));
    confident = ranked.length > 0;
  }

  const shown = ranked.slice(0, limit);
  const bodies = await loadBodies(db, shown.map((r) => Number(r.doc.seq)));
  const results = shown.map((r) => toResult(r, query, bodies.get(Number(r.doc.seq)) ?? ''));
  return { ...base, confident, results };
}

/** Up to five titles for as-you-type suggestions; the last word may be unfinished. */
export async function suggestTitles(db: Kysely<Database>, rawQuery: string, limit = 5): Promise<{ title: string; url: string }[]> {
  const text = cleanQuery(rawQuery);
  if (text.length < 2) return [];
  const endsWithSpace = /\s$/.test(rawQuery);
  const tokens = tokenize(text).filter((t) => !t.numeric);
  const last = endsWithSpace ? undefined : tokens.pop();
  const complete = tokens.filter((t) => !isIndexStopword(t.word)).map((t) => t.stem);
  let partial: string | undefined;
  if (last) {
    const raw = normalizeText(last.word).replace(/[^a-z0-9]/g, '');
    const stem = stemWord(raw);
    partial = commonPrefix(raw, stem);
    if (partial.length < 2) partial = raw;
    // One typed letter says almost nothing and would match half the index: wait for the second.
    if (partial.length < 2) partial = undefined;
  }
  const rows = await findTitlesByPrefix(db, complete, partial, SUGGEST_POOL);
  // Shorter titles first: they are the general articles; then alphabetical, so it is stable.
  return rows
    .sort((a, b) => a.title.length - b.title.length || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))
    .slice(0, limit)
    .map((r) => ({ title: r.title, url: r.url }));
}

/**
 * The terms to fetch candidates with. On a large index the first stage is kept cheap by a
 * budget of postings: each idea keeps its rarest indexed form, then further forms are added
 * rarest first while the total number of documents they occur in stays within the budget.
 * Very common forms ("dialysis" on a dialysis site) hardly change which documents are best but
 * would make the engine score most of the index; the second stage still scores every form.
 */
function candidateTerms(query: UnderstoodQuery, vocabulary: Vocabulary): MatchTerm[] {
  const dfOf = (stems: readonly string[]) => Math.min(...stems.map((s) => vocabulary.df(s)));
  if (vocabulary.documents < LARGE_INDEX) {
    const all = new Map<string, MatchTerm>();
    for (const slot of query.slots) for (const alt of slot.alternatives) all.set(alt.stems.join(' '), alt.stems);
    return [...all.values()];
  }
  // Rarest forms first, within the budget; the rarest form overall is always kept so that
  // a question made only of common words still finds something.
  const forms = new Map<string, { stems: readonly string[]; df: number }>();
  for (const slot of query.slots) {
    for (const alt of slot.alternatives) {
      const df = dfOf(alt.stems);
      if (df > 0) forms.set(alt.stems.join(' '), { stems: alt.stems, df });
    }
  }
  const sorted = [...forms.values()].sort((a, b) => a.df - b.df);
  const chosen: MatchTerm[] = [];
  let postings = 0;
  for (const form of sorted) {
    if (chosen.length > 0 && postings + form.df > POSTINGS_BUDGET) break;
    postings += form.df;
    chosen.push(form.stems);
  }
  return chosen;
}

/**
 * Pseudo-relevance feedback: the best match's tags and title words are added as a light
 * extra idea, so that articles on the same subject that use none of the query's words
 * (a related complication, a closely linked topic) still appear lower in the list. Confidence
 * is decided before this step and is not affected by it.
 */
async function rerankWithFeedback(db: Kysely<Database>, query: UnderstoodQuery, ranked: RankedDocument<CandidateDocument>[], top: CandidateDocument, state: IndexState): Promise<RankedDocument<CandidateDocument>[]> {
  const inQuery = new Set(query.slots.flatMap((slot) => slot.alternatives.flatMap((alt) => alt.stems)));
  const common = state.vocabulary.documents * FEEDBACK_MAX_SHARE;
  const stems = [...new Set([...top.a_tags.split(' '), ...top.a_title.split(' ')])]
    .filter((stem) => stem !== '' && !inQuery.has(stem) && !/^n\d/.test(stem) && state.vocabulary.df(stem) > 1 && state.vocabulary.df(stem) <= common);
  if (stems.length === 0 || query.slots.length === 0) return ranked;
  const mean = query.slots.reduce((sum, slot) => sum + slot.importance, 0) / query.slots.length;
  const feedbackSlot: Slot = {
    text: '', importance: mean * FEEDBACK_WEIGHT, known: true,
    alternatives: stems.map((stem) => ({ stems: [stem], weight: 1 })),
  };
  // On a small index the feedback words also fetch documents the question missed; on a large
  // one the candidates already hold plenty of related documents, so no second query is made.
  let more: CandidateDocument[] = [];
  if (state.vocabulary.documents < LARGE_INDEX) {
    const rarest = [...stems].sort((a, b) => state.vocabulary.df(a) - state.vocabulary.df(b)).slice(0, FEEDBACK_TERMS);
    const extra = await findCandidates(db, rarest.map((stem) => [stem]), FEEDBACK_CANDIDATES);
    const have = new Set(ranked.map((r) => Number(r.doc.seq)));
    more = await loadSearchDocuments(db, extra.map((c) => c.seq).filter((seq) => !have.has(seq)));
  }
  const expanded: UnderstoodQuery = { ...query, slots: [...query.slots, feedbackSlot] };
  const original = new Map(ranked.map((r) => [r.doc.id, r]));
  // Documents that matched the question itself keep their place ahead of feedback-only ones.
  return rankDocuments(expanded, [...ranked.map((r) => r.doc), ...more], state.lengths)
    .map((r) => ({ ...r, score: r.score + (original.has(r.doc.id) ? 0 : -1e-6), strength: original.get(r.doc.id)?.strength ?? 0 }))
    .sort((a, b) => b.score - a.score || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0));
}

function toResult(ranked: RankedDocument<CandidateDocument>, query: UnderstoodQuery, body: string): SearchResult {
  const doc = ranked.doc;
  const snippet = makeSnippet(body, doc.summary, query);
  return {
    slug: doc.key, title: doc.title, url: doc.url, snippet: snippet.text, snippetHtml: snippet.html,
    score: Math.round(ranked.score * 1000) / 1000, type: doc.type, breadcrumb: doc.breadcrumb,
  };
}

async function indexState(db: Kysely<Database>): Promise<IndexState> {
  const cached = states.get(db);
  const version = searchIndexVersion();
  if (cached && cached.version === version && Date.now() - cached.loadedAt < STATE_TTL_MS) return cached;
  const stats = await loadIndexStatistics(db);
  const state: IndexState = {
    vocabulary: new Vocabulary(stats.words, stats.documents, conceptDictionary().words),
    lengths: stats.lengths,
    version,
    loadedAt: Date.now(),
  };
  states.set(db, state);
  return state;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}
