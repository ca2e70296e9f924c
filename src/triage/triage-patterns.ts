// Pattern matching for triage: compiles the lexicon's pattern syntax (README.md), finds each
// concept's and cue's spans in a tokenized message, and tolerates one-letter typos in long words.
import { CONCEPTS, type PatternSource } from './red-flag-concepts.ts';
import { CONTEXT_WORDS as W, CUES } from './red-flag-cues.ts';
import { WORD_CLASSES } from './red-flag-words.ts';
import type { Doc, Token } from './triage-tokens.ts';

type Alt =
  | { readonly type: 'word'; readonly word: string }
  | { readonly type: 'prefix'; readonly stem: string }
  | { readonly type: 'number'; readonly min: number; readonly max: number }
  | { readonly type: 'bp-high' };
type Slot =
  | { readonly type: 'token'; readonly alts: Alt[]; readonly optional: boolean }
  | { readonly type: 'group'; readonly phrases: Alt[][][]; readonly optional: boolean }
  | { readonly type: 'gap'; readonly max: number }
  | { readonly type: 'end' };
/** `first`: the exact words the pattern can start with, when it can only start with exact words (a fast pre-check). */
interface Pattern { readonly slots: readonly Slot[]; readonly first: Set<string> | undefined }
export interface Span { readonly start: number; readonly end: number; readonly sentence: number; readonly literals: readonly number[] }

function parseAlts(item: string): Alt[] {
  return item.split('|').filter(Boolean).flatMap((piece): Alt[] => {
    if (piece.startsWith('@')) {
      const members = WORD_CLASSES[piece.slice(1)];
      if (!members) throw new Error(`triage lexicon: unknown word class ${piece}`);
      return members.flatMap(parseAlts);
    }
    if (piece === '%bp-high') return [{ type: 'bp-high' }];
    const num = /^#(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)?$/.exec(piece);
    if (num) return [{ type: 'number', min: Number(num[1]), max: num[2] ? Number(num[2]) : Infinity }];
    if (piece.endsWith('*')) return [{ type: 'prefix', stem: piece.slice(0, -1) }];
    return [{ type: 'word', word: piece }];
  });
}

/** Compiles the pattern syntax described in README.md. */
function compilePattern(source: string): Pattern {
  const slots: Slot[] = [];
  for (const m of source.matchAll(/\(([^()]*)\)|\[([^[\]]*)\]|\S+/g)) {
    const group = m[1] ?? m[2];
    if (group !== undefined) {
      const phrases = group.split('|').map((p) => p.trim().split(/\s+/).filter(Boolean).map(parseAlts));
      slots.push({ type: 'group', phrases, optional: m[2] !== undefined });
    } else if (/^~\d+$/.test(m[0])) slots.push({ type: 'gap', max: Number(m[0].slice(1)) });
    else if (m[0] === '$') slots.push({ type: 'end' });
    else if (/[()[\]~]/.test(m[0])) throw new Error(`triage lexicon: stray bracket or gap in ${JSON.stringify(m[0])} of: ${source}`);
    else slots.push({ type: 'token', alts: parseAlts(m[0]), optional: false });
  }
  const phraseWords = slots.flatMap((s) => (s.type === 'group' ? [s] : []));
  if (/\([^)]*[~[]/.test(source) || phraseWords.length < (source.match(/[([]/g) ?? []).length) throw new Error(`triage lexicon: nested group or gap in a group: ${source}`);
  if (slots[0]?.type !== 'token' && slots[0]?.type !== 'group') throw new Error(`triage lexicon: pattern must start with a word: ${source}`);
  return { slots, first: firstWords(slots) };
}

const compileAll = (sources: readonly PatternSource[] | undefined): Pattern[] => (sources ?? []).map(compilePattern);

export const COMPILED_CONCEPTS = CONCEPTS.map((c) => ({ ...c, compiled: compileAll(c.patterns), compiledExclude: compileAll(c.exclude) }));
export const COMPILED_CONTEXT = COMPILED_CONCEPTS.filter((c) => c.kind === 'context');
export const COMPILED_CUES = Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, compileAll(v)])) as Record<keyof typeof CUES, Pattern[]>;

// Typo tolerance: a word of 7+ letters in the lexicon also matches a written word one edit away
// with the same first letter, unless the written word is itself a lexicon word or a known lookalike.
const FUZZY_MIN = 7;
const LEXICON_WORDS = new Set<string>();
for (const pattern of [...COMPILED_CONCEPTS.flatMap((c) => c.compiled), ...Object.values(COMPILED_CUES).flat()]) {
  for (const slot of pattern.slots) {
    const alts = slot.type === 'token' ? slot.alts : slot.type === 'group' ? slot.phrases.flat(2) : [];
    for (const alt of alts) if (alt.type === 'word') LEXICON_WORDS.add(alt.word);
  }
}
const NO_FUZZY = new Set(W.realWordLookalikes);

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const rest = (x: number, y: number): boolean => a.slice(x) === b.slice(y);
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1)
    || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2, i + 2));
}

/** Could this written word be a typo of a lexicon word? Lexicon words and known real-word lookalikes cannot. */
export function mayBeTypo(text: string): boolean {
  return text.length >= FUZZY_MIN - 1 && /^[a-z]+$/.test(text) && !LEXICON_WORDS.has(text) && !NO_FUZZY.has(text);
}

function altMatches(alt: Alt, token: Token): boolean {
  switch (alt.type) {
    case 'word':
      return token.text === alt.word
        || (token.typo && alt.word.length >= FUZZY_MIN && token.text[0] === alt.word[0] && withinOneEdit(token.text, alt.word));
    case 'prefix':
      if (token.text.startsWith(alt.stem)) return true;
      return token.typo && alt.stem.length >= FUZZY_MIN && token.text[0] === alt.stem[0]
        && [alt.stem.length - 1, alt.stem.length, alt.stem.length + 1].some((n) => withinOneEdit(token.text.slice(0, n), alt.stem));
    case 'number': return token.num !== undefined && token.num >= alt.min && token.num <= alt.max;
    case 'bp-high': return token.bp !== undefined && (token.bp.systolic >= 180 || token.bp.diastolic >= 110);
  }
}

// Backtracking match of one pattern at `ti`; returns the end index or -1. `lits` collects the
// indices of tokens matched by words (not skipped by gaps). Gaps never cross a comma or clause.
function matchFrom(pattern: Pattern, doc: Doc, si: number, ti: number, end: number, lits: number[]): number {
  if (si === pattern.slots.length) return ti;
  const slot = pattern.slots[si]!;
  const { tokens } = doc;
  switch (slot.type) {
    case 'gap':
      for (let k = 0; k <= slot.max && ti + k <= end; k++) {
        if (k > 0 && tokens[ti + k - 1]!.segment !== tokens[ti - 1]!.segment) break;
        const r = matchFrom(pattern, doc, si + 1, ti + k, end, lits);
        if (r >= 0) return r;
      }
      return -1;
    case 'end':
      return ti === end || tokens[ti]!.segment !== tokens[ti - 1]!.segment ? matchFrom(pattern, doc, si + 1, ti, end, lits) : -1;
    case 'token':
      if (ti < end && slot.alts.some((a) => altMatches(a, tokens[ti]!))) {
        lits.push(ti);
        const r = matchFrom(pattern, doc, si + 1, ti + 1, end, lits);
        if (r >= 0) return r;
        lits.pop();
      }
      return slot.optional ? matchFrom(pattern, doc, si + 1, ti, end, lits) : -1;
    case 'group':
      for (const phrase of slot.phrases) {
        if (ti + phrase.length > end || !phrase.every((alts, k) => alts.some((a) => altMatches(a, tokens[ti + k]!)))) continue;
        for (let k = 0; k < phrase.length; k++) lits.push(ti + k);
        const r = matchFrom(pattern, doc, si + 1, ti + phrase.length, end, lits);
        if (r >= 0) return r;
        lits.length -= phrase.length;
      }
      return slot.optional ? matchFrom(pattern, doc, si + 1, ti, end, lits) : -1;
  }
}

function firstWords(slots: readonly Slot[]): Set<string> | undefined {
  const slot = slots[0]!;
  const alts = slot.type === 'token' && !slot.optional ? slot.alts : slot.type === 'group' && !slot.optional ? slot.phrases.map((p) => p[0]!).flat() : [];
  if (alts.length === 0 || alts.some((a) => a.type !== 'word')) return undefined;
  return new Set(alts.map((a) => (a.type === 'word' ? a.word : '')));
}

export function findSpans(patterns: readonly Pattern[], doc: Doc): Span[] {
  const spans: Span[] = [];
  const lits: number[] = [];
  doc.sentences.forEach((s, sentence) => {
    for (let start = s.start; start < s.end; start++) {
      const token = doc.tokens[start]!;
      for (const p of patterns) {
        if (p.first !== undefined && !token.typo && !p.first.has(token.text)) continue;
        lits.length = 0;
        const end = matchFrom(p, doc, 0, start, s.end, lits);
        if (end > start) { spans.push({ start, end, sentence, literals: [...lits] }); break; }
      }
    }
  });
  return spans;
}

export const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
