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
  const ranked = docs.map((doc) => {
    const fields = splitFields(doc);
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
    for (const n of query.numbers) if (fields.body.padded.includes(` ${n} `) || fields.title.padded.includes(` ${n} `)) score += NUMBER_BOOST;
    // Coordination: a document about all of the query beats one that repeats part of it.
    return { doc, score: score * (0.5 + 0.5 * coverage), coverage, matchedSlots, strength };
  });
  return ranked
    .filter((r) => r.matchedSlots > 0)
    .sort((a, b) => b.score - a.score || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0));
}

/**
 * A field as " stem stem … " (padded with spaces), so a form is found with one native string
 * search instead of splitting every candidate into tokens; only the few places where a phrase's
 * words are near each other but not adjacent are split, to check their distance.
 */
interface FieldText {
  readonly padded: string;
  readonly terms: number;
}

type SplitFields = Record<FieldName, FieldText>;

function fieldText(text: string): FieldText {
  if (text === '') return { padded: ' ', terms: 0 };
  let terms = 1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) terms++;
  return { padded: ` ${text} `, terms };
}

// Feedback re-ranking scores the same documents twice; their padded fields are kept meanwhile.
const fieldCache = new WeakMap<RankableDocument, SplitFields>();

function splitFields(doc: RankableDocument): SplitFields {
  const cached = fieldCache.get(doc);
  if (cached) return cached;
  const fields: SplitFields = {
    title: fieldText(doc.a_title), summary: fieldText(doc.a_summary), tags: fieldText(doc.a_tags),
    headings: fieldText(doc.a_headings), body: fieldText(doc.a_body),
  };
  fieldCache.set(doc, fields);
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

function countInField(field: FieldText, stems: readonly string[]): number {
  const exact = countSubstring(field.padded, ` ${stems.join(' ')} `);
  if (stems.length === 1) return exact;
  for (const stem of stems) if (!field.padded.includes(` ${stem} `)) return exact;
  // Near, not adjacent: look at a few words either side of each occurrence of the first word.
  let near = 0;
  const first = ` ${stems[0]} `;
  const span = (PROXIMITY_WINDOW + stems.length) * 12;
  for (let at = field.padded.indexOf(first); at >= 0; at = field.padded.indexOf(first, at + first.length - 1)) {
    const around = field.padded.slice(Math.max(0, at - span), at + span).split(' ');
    if (countOccurrences(around, stems) > countSubstring(` ${around.join(' ')} `, ` ${stems.join(' ')} `)) near++;
  }
  return exact + NEAR_CREDIT * near;
}

/** Occurrences of " a b " in " … ", where neighbouring matches may share their space. */
function countSubstring(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length - 1)) count++;
  return count;
}

/**
 * Occurrences of a stem sequence in a token list: an exact phrase counts 1, the same words
 * close together in another order or with words between them ("missing or shortening dialysis
 * sessions" for "missed sessions") count a little less.
 */
export function countOccurrences(tokens: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return 0;
  const first = phrase[0]!;
  if (phrase.length === 1) {
    let count = 0;
    for (const t of tokens) if (t === first) count++;
    return count;
  }
  let exact = 0;
  let near = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== first) continue;
    let ok = i + phrase.length <= tokens.length;
    for (let j = 1; ok && j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) ok = false;
    if (ok) {
      exact++;
      continue;
    }
    const from = Math.max(0, i - PROXIMITY_WINDOW);
    const to = Math.min(tokens.length, i + phrase.length + PROXIMITY_WINDOW);
    if (phrase.every((stem, k) => k === 0 || tokens.slice(from, to).includes(stem))) near++;
  }
  return exact + NEAR_CREDIT * near;
}

const PROXIMITY_WINDOW = 3;
const NEAR_CREDIT = 0.6;
