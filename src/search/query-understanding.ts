import { isIndexStopword, STOPWORDS, tokenize, type Token } from './text-analysis.ts';
import type { ConceptDictionary, ConceptMatch } from './concepts.ts';
import type { Vocabulary } from './vocabulary.ts';
import { isEnglishWord } from './english-words.ts';

/** One way of saying part of the query: a stem or a phrase of stems, and how much it counts. */
export interface Alternative {
  readonly stems: readonly string[];
  readonly weight: number;
}

/** One idea in the query ("pee", "blood in urine", "fistula"), with every way of saying it. */
export interface Slot {
  readonly text: string;
  readonly alternatives: readonly Alternative[];
  /** How informative the idea is (inverse document frequency of its broadest form). */
  readonly importance: number;
  /** False when no form of the idea occurs anywhere in the index. */
  readonly known: boolean;
}

export interface Correction {
  readonly from: string;
  readonly to: string;
}

export interface UnderstoodQuery {
  /** The cleaned query (control characters removed, first 200 characters). */
  readonly text: string;
  readonly slots: readonly Slot[];
  /** Number stems (e.g. n5d2), used as small boosts only. */
  readonly numbers: readonly string[];
  readonly corrections: readonly Correction[];
  /** The query with typos corrected, when any were. */
  readonly didYouMean: string | undefined;
}

export const MAX_QUERY_CHARS = 200;
const SYNONYM_DISCOUNT = 0.85;
const PAIR_WINDOW = 3;
// Forms at least this close to what was typed decide how informative an idea is.
const CORE_WEIGHT = 0.8;

/** Removes control and formatting characters, collapses spaces and keeps the first 200 characters. */
export function cleanQuery(raw: string): string {
  const text = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
  return [...text].slice(0, MAX_QUERY_CHARS).join('').trim();
}

/**
 * Turns what a patient typed into slots of alternatives: filler words dropped, typos fixed
 * against the indexed vocabulary, and lay/clinical/abbreviated forms added from the dictionary.
 * With `understanding: false` (the baseline) every word is its own slot and nothing is added.
 */
export function understandQuery(raw: string, vocabulary: Vocabulary, dictionary: ConceptDictionary, options: { understanding: boolean }): UnderstoodQuery {
  const text = cleanQuery(raw);
  let tokens = tokenize(text);
  const numbers = tokens.filter((t) => t.numeric).map((t) => t.stem);
  tokens = tokens.filter((t) => !t.numeric);

  if (!options.understanding) {
    const slots = tokens.filter((t) => !isIndexStopword(t.word)).map((t) => makeSlot(t.word, [{ stems: [t.stem], weight: 1 }], vocabulary));
    return { text, slots: dedupeSlots(weighSlots(slots)), numbers, corrections: [], didYouMean: undefined };
  }

  const corrections: Correction[] = [];
  tokens = tokens.map((token) => {
    const fixed = correctToken(token, vocabulary, dictionary);
    if (fixed !== token) corrections.push({ from: token.word, to: fixed.word });
    return fixed;
  });

  // Dictionary matching runs over the words the index keeps, so "blood in the urine" and
  // "blood urine" are the same phrase.
  const content = tokens.filter((t) => !isIndexStopword(t.word));
  const found: { start: number; text: string; alternatives: Alternative[] }[] = [];
  const used = content.map(() => false);

  // 1. Dictionary phrases of two or more words as typed, longest first.
  for (let i = 0; i < content.length;) {
    let length = Math.min(dictionary.maxTermLength, content.length - i);
    for (; length >= 2; length--) {
      const span = content.slice(i, i + length);
      const stems = span.map((t) => t.stem);
      const groups = dictionary.lookup(stems);
      if (groups.length === 0) continue;
      found.push({ start: i, text: span.map((t) => t.word).join(' '), alternatives: conceptAlternatives(stems, groups) });
      for (let k = i; k < i + length; k++) used[k] = true;
      break;
    }
    i += length >= 2 ? length : 1;
  }

  // 2. Two nearby words that together name a concept once either is replaced by a synonym,
  //    in either order: "pee turned pink" → "pink urine", "head pounding" → "pounding head".
  for (let i = 0; i < content.length; i++) {
    for (let j = i + 1; j < content.length && j <= i + PAIR_WINDOW; j++) {
      if (used[i] || used[j] || STOPWORDS.has(content[i]!.word) || STOPWORDS.has(content[j]!.word)) continue;
      const pair = findPairConcept(equivalents(content[i]!.stem, dictionary), equivalents(content[j]!.stem, dictionary), dictionary);
      if (!pair) continue;
      found.push({ start: i, text: `${content[i]!.word} ${content[j]!.word}`, alternatives: conceptAlternatives(pair.stems, pair.groups) });
      used[i] = used[j] = true;
    }
  }

  // 3. Every other meaningful word is an idea of its own, with its dictionary synonyms.
  content.forEach((token, i) => {
    if (used[i] || STOPWORDS.has(token.word)) return;
    const groups = dictionary.lookup([token.stem]);
    found.push({ start: i, text: token.word, alternatives: groups.length > 0 ? conceptAlternatives([token.stem], groups) : [{ stems: [token.stem], weight: 1 }] });
  });

  found.sort((x, y) => x.start - y.start);
  const slots = weighSlots(found.map((f) => makeSlot(f.text, f.alternatives, vocabulary)));
  const didYouMean = corrections.length > 0 ? applyCorrections(text, corrections) : undefined;
  return { text, slots: dedupeSlots(slots), numbers, corrections, didYouMean };
}

function correctToken(token: Token, vocabulary: Vocabulary, dictionary: ConceptDictionary): Token {
  const word = token.word;
  if (word.length < 4 || STOPWORDS.has(word) || vocabulary.df(token.stem) > 0 || dictionary.hasStem(token.stem)) return token;
  if (vocabulary.hasWord(word) || isEnglishWord(word)) return token;
  const replacement = vocabulary.closestWord(word);
  if (!replacement) return token;
  return tokenize(replacement)[0] ?? token;
}

function makeSlot(text: string, alternatives: readonly Alternative[], vocabulary: Vocabulary): Slot {
  // An idea is as informative as its broadest indexed close form; when only looser forms are
  // in the index (e.g. "vs" → "compare"), those decide.
  let core = 0;
  let loose = 0;
  for (const alt of alternatives) {
    // A phrase occurs in at most as many documents as its rarest word.
    const df = Math.min(...alt.stems.map((s) => vocabulary.df(s)));
    if (alt.weight >= CORE_WEIGHT) core = Math.max(core, df);
    else loose = Math.max(loose, df);
  }
  const known = core > 0 || loose > 0;
  return { text, alternatives, importance: vocabulary.idfOfCount(core > 0 ? core : loose), known };
}

/**
 * A word the index has never seen would otherwise get the highest weight of all and dominate
 * the query; it counts as much as an average known idea instead (so "toilet" in "bubbles in
 * the toilet when I pee" neither decides the ranking nor is ignored when judging confidence).
 */
function weighSlots(slots: readonly Slot[]): Slot[] {
  const known = slots.filter((s) => s.known);
  const average = known.length > 0 ? known.reduce((sum, s) => sum + s.importance, 0) / known.length : 1;
  return slots.map((s) => (s.known ? s : { ...s, importance: average }));
}

function conceptAlternatives(stems: readonly string[], groups: readonly ConceptMatch[]): Alternative[] {
  const alternatives = new Map<string, Alternative>([[stems.join(' '), { stems, weight: 1 }]]);
  for (const { group, forms } of groups) {
    const weight = SYNONYM_DISCOUNT * group.weight;
    for (const form of forms) {
      const key = form.join(' ');
      if ((alternatives.get(key)?.weight ?? 0) < weight) alternatives.set(key, { stems: form, weight });
    }
  }
  return [...alternatives.values()];
}

/** The stem and its one-word synonyms (from groups of close synonyms only). */
function equivalents(stem: string, dictionary: ConceptDictionary): string[] {
  const out = new Set([stem]);
  for (const { group, forms } of dictionary.lookup([stem])) {
    if (group.weight < 0.9) continue;
    for (const form of forms) if (form.length === 1) out.add(form[0]!);
  }
  return [...out];
}

function findPairConcept(left: readonly string[], right: readonly string[], dictionary: ConceptDictionary): { stems: string[]; groups: readonly ConceptMatch[] } | undefined {
  for (const a of left) {
    for (const b of right) {
      for (const stems of [[a, b], [b, a]]) {
        const groups = dictionary.lookup(stems);
        if (groups.length > 0) return { stems, groups };
      }
    }
  }
  return undefined;
}

function dedupeSlots(slots: Slot[]): Slot[] {
  const seen = new Set<string>();
  return slots.filter((slot) => {
    const key = slot.alternatives.map((a) => a.stems.join(' ')).sort().join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function applyCorrections(text: string, corrections: readonly Correction[]): string {
  let out = text.toLowerCase();
  for (const { from, to } of corrections) out = out.replace(new RegExp(`\\b${from.replace(/[^a-z0-9]/g, '')}\\b`, 'i'), to);
  return out;
}
