import type { Slot, UnderstoodQuery } from './query-understanding.ts';

/** The analysed fields of one candidate document (stems separated by spaces). */
export interface RankableDocument {
  readonly id: string;
  readonly a_title: string;
  readonly a_summary: string;
  readonly a_tags: string;
  readonly a_headings: string;
  readonly a_body: string;
}

export type FieldName = 'title' | 'summary' | 'tags' | 'headings' | 'body';

/** Average length in terms of each field across the index, for length normalisation. */
export type FieldLengths = Readonly<Record<FieldName, number>>;

export interface RankedDocument<D> {
  readonly doc: D;
  readonly score: number;
  /** Share of the query's importance that this document matches (0–1). */
  readonly coverage: number;
  readonly matchedSlots: number;
  /** How strongly (0–1) the document matches the whole query: coverage weighted by match quality. */
  readonly strength: number;
}

// Title counts most, then summary and tags, then headings, then body (BM25F field weights).
const FIELD_WEIGHT: Readonly<Record<FieldName, number>> = { title: 6, summary: 3, tags: 3, headings: 2, body: 1 };
const FIELD_B: Readonly<Record<FieldName, number>> = { title: 0.3, summary: 0.5, tags: 0.3, headings: 0.5, body: 0.75 };
const K1 = 1.2;
const NUMBER_BOOST = 0.05;

/**
 * Second stage: BM25F over the query's slots. Each slot scores by its best-matching form, so
 * a document is not rewarded for using many synonyms of one idea, and documents that cover
 * more of the query's ideas rank higher. Ties break on id, so results are deterministic.
 */
export function rankDocuments<D extends RankableDocument>(query: UnderstoodQuery, docs: readonly D[], lengths: FieldLengths): RankedDocument<D>[] {
  const totalImportance = query.slots.reduce((sum, s) => sum + s.importance, 0);
  const wanted = wantedStems(query);
  const ranked = docs.map((doc) => {
    const fields = splitFields(doc, wanted);
    let score = 0;
    let covered = 0;
    let matchedSlots = 0;
    for (const slot of query.slots) {
      const slotScore = scoreSlot(slot, fields, lengths);
      if (slotScore > 0) {
        score += slot.importance * slotScore;
        covered += slot.importance;
        matchedSlots++;
      }
    }
    const coverage = totalImportance > 0 ? covered / totalImportance : 0;
    const strength = totalImportance > 0 ? score / totalImportance : 0;
    for (const n of query.numbers) if (fields.body.positions.has(n) || fields.title.positions.has(n)) score += NUMBER_BOOST;
    // Coordination: a document about all of the query beats one that repeats part of it.
    return { doc, score: score * (0.5 + 0.5 * coverage), coverage, matchedSlots, strength };
  });
  return ranked
    .filter((r) => r.matchedSlots > 0)
    .sort((a, b) => b.score - a.score || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0));
}

/**
 * A field reduced to what this query needs: where each of the query's stems occurs. Built in
 * one pass over the field's terms, so scoring a form is a map lookup, not a search of the text.
 */
interface FieldHits {
  readonly terms: number;
  readonly positions: ReadonlyMap<string, readonly number[]>;
}

type SplitFields = Record<FieldName, FieldHits>;

function fieldHits(text: string, wanted: ReadonlySet<string>): FieldHits {
  const positions = new Map<string, number[]>();
  if (text === '') return { terms: 0, positions };
  const tokens = text.split(' ');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!wanted.has(token)) continue;
    const list = positions.get(token);
    if (list) list.push(i);
    else positions.set(token, [i]);
  }
  return { terms: tokens.length, positions };
}

// Feedback re-ranking scores the same documents twice, with a few more stems; the hits are
// kept per document and rebuilt only when the stems asked for change.
const fieldCache = new WeakMap<RankableDocument, { wanted: ReadonlySet<string>; fields: SplitFields }>();

function splitFields(doc: RankableDocument, wanted: ReadonlySet<string>): SplitFields {
  const cached = fieldCache.get(doc);
  if (cached && cached.wanted === wanted) return cached.fields;
  const fields: SplitFields = {
    title: fieldHits(doc.a_title, wanted), summary: fieldHits(doc.a_summary, wanted), tags: fieldHits(doc.a_tags, wanted),
    headings: fieldHits(doc.a_headings, wanted), body: fieldHits(doc.a_body, wanted),
  };
  fieldCache.set(doc, { wanted, fields });
  return fields;
}

function scoreSlot(slot: Slot, fields: SplitFields, lengths: FieldLengths): number {
  let best = 0;
  for (const alt of slot.alternatives) {
    let weightedTf = 0;
    for (const name of FIELD_NAMES) {
      const field = fields[name];
      const tf = countInField(field, alt.stems);
      if (tf === 0) continue;
      const norm = 1 - FIELD_B[name] + FIELD_B[name] * (field.terms / Math.max(1, lengths[name]));
      weightedTf += FIELD_WEIGHT[name] * tf / norm;
    }
    const value = alt.weight * (weightedTf / (weightedTf + K1));
    if (value > best) best = value;
  }
  return best;
}

const FIELD_NAMES = Object.keys(FIELD_WEIGHT) as FieldName[];

/**
 * Occurrences of a form in a field: an exact phrase counts 1, its words close together in
 * another order or with words between them ("missing or shortening dialysis sessions" for
 * "missed sessions") count a little less.
 */
function countInField(field: FieldHits, stems: readonly string[]): number {
  const first = field.positions.get(stems[0]!);
  if (!first) return 0;
  if (stems.length === 1) return first.length;
  const others = stems.slice(1).map((stem) => field.positions.get(stem));
  if (others.some((list) => list === undefined)) return 0;
  let exact = 0;
  let near = 0;
  for (const at of first) {
    if (others.every((list, k) => list!.includes(at + k + 1))) exact++;
    else if (others.every((list) => list!.some((p) => Math.abs(p - at) <= PROXIMITY_WINDOW + stems.length - 1))) near++;
  }
  return exact + NEAR_CREDIT * near;
}


const wantedCache = new WeakMap<UnderstoodQuery, ReadonlySet<string>>();

/** Every stem any form of the query (or its numbers) uses; the same set object per query. */
function wantedStems(query: UnderstoodQuery): ReadonlySet<string> {
  let wanted = wantedCache.get(query);
  if (!wanted) {
    wanted = new Set([...query.numbers, ...query.slots.flatMap((slot) => slot.alternatives.flatMap((alt) => alt.stems))]);
    wantedCache.set(query, wanted);
  }
  return wanted;
}

/** Occurrences of a stem sequence in a list of terms, counted as in ranking (near matches count less). */
export function countOccurrences(tokens: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return 0;
  return countInField(fieldHits(tokens.join(' '), new Set(phrase)), phrase);
}

const PROXIMITY_WINDOW = 3;
const NEAR_CREDIT = 0.6;
