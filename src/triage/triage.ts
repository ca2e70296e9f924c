// Red-flag triage of a patient's free-text message: rules and a lexicon, no model, no I/O.
// Pipeline: tokenize -> find concept and cue spans -> decide each concept mention's status
// (affirmed, negated, someone else, hypothetical, a mention, past) -> rules over affirmed concepts.
// The lexicon and the context cues are data in red-flags.ts; this file holds only mechanisms.
import {
  CONCEPTS, CONTEXT_WORDS as W, CUES, DERIVED, MISSPELLINGS, RULES, WORD_CLASSES, type PatternSource,
} from './red-flags.ts';

export type TriageLevel = 'emergency' | 'same-day' | 'routine';
export interface TriageReason { readonly code: string; readonly label: string }
export interface TriageResult { readonly level: TriageLevel; readonly urgent: boolean; readonly reasons: TriageReason[] }
export type MentionStatus = 'affirmed' | 'negated' | 'other-person' | 'hypothetical' | 'mention' | 'past';
/** One concept found in the text and how its context was read. Holds no patient words. */
export interface ConceptMention { readonly concept: string; readonly status: MentionStatus }

// ---------------------------------------------------------------- tokens

interface Token {
  readonly text: string;
  readonly num: number | undefined;
  readonly bp: { readonly systolic: number; readonly diastolic: number } | undefined;
  readonly possessive: boolean;
  /** May be read as a one-letter typo of a longer lexicon word. */
  readonly typo: boolean;
  sentence: number;
  clause: number;
  segment: number;
}
interface Sentence { readonly start: number; readonly end: number; readonly question: boolean }
interface Doc { readonly tokens: Token[]; readonly sentences: Sentence[] }

const APOSTROPHE_FORMS: Readonly<Record<string, string>> = {
  "can't": 'can not', "won't": 'will not', "shan't": 'shall not', "ain't": 'is not', "i'm": 'i am', "it's": 'it is',
  "he's": 'he is', "she's": 'she is', "that's": 'that is', "there's": 'there is', "what's": 'what is', "let's": 'let us',
  "here's": 'here is', "who's": 'who is',
};
const BARE_FORMS: Readonly<Record<string, string>> = {
  cant: 'can not', cannot: 'can not', wont: 'will not', dont: 'do not', doesnt: 'does not', dosent: 'does not',
  dosnt: 'does not', didnt: 'did not', isnt: 'is not', arent: 'are not', wasnt: 'was not', werent: 'were not',
  havent: 'have not', havnt: 'have not', hasnt: 'has not', hadnt: 'had not', couldnt: 'could not', shouldnt: 'should not',
  wouldnt: 'would not', aint: 'is not', im: 'i am', ive: 'i have', hes: 'he is', theres: 'there is', thats: 'that is',
  whats: 'what is', youre: 'you are', u: 'you', ur: 'your', pls: 'please', thru: 'through', coz: 'because', cos: 'because',
};
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90,
};
const CLAUSE_WORDS = new Set(['but', 'however', 'although', 'though', 'whereas', 'except', 'apart', 'otherwise']);
const TOKEN_RE = /(\d{2,3})\s*\/\s*(\d{2,3})(?![\d/])|\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)*|[.!?\n]+|[;,:()]|\s[-–—]+\s|[–—]/g;

function expandWord(word: string): { words: string[]; possessive: boolean } {
  const direct = own(APOSTROPHE_FORMS, word) ?? own(BARE_FORMS, word);
  if (direct) return { words: direct.split(' '), possessive: false };
  if (word.endsWith("n't")) return { words: [word.slice(0, -3), 'not'], possessive: false };
  const suffix = /^(.+)'(s|ve|re|ll|d|m)$/.exec(word);
  if (suffix) {
    const [, stem, tail] = suffix as unknown as [string, string, string];
    if (tail === 's') return { words: [own(MISSPELLINGS, stem) ?? stem], possessive: true };
    return { words: [stem, { ve: 'have', re: 'are', ll: 'will', d: 'would', m: 'am' }[tail] ?? tail], possessive: false };
  }
  const bare = word.replace(/'/g, '');
  return { words: [own(MISSPELLINGS, bare) ?? bare], possessive: false };
}

function plausibleBp(systolic: number, diastolic: number): boolean {
  return systolic >= 60 && systolic <= 300 && diastolic >= 30 && diastolic <= 200 && systolic > diastolic;
}

/** Splits text into word tokens with sentence, clause and comma-segment numbers. */
function tokenize(raw: string): Doc {
  const text = raw.normalize('NFKC').toLowerCase().replace(/[‘’`´]/g, "'").replace(/[“”]/g, '"');
  const tokens: Token[] = [];
  let sentence = 0; let clause = 0; let segment = 0;
  const questions = new Set<number>();
  const push = (t: Omit<Token, 'sentence' | 'clause' | 'segment' | 'typo'>): void => { tokens.push({ ...t, typo: mayBeTypo(t.text), sentence, clause, segment }); };
  const breakSentence = (): void => { if (tokens.at(-1)?.sentence === sentence) { sentence++; clause++; segment++; } };
  const breakClause = (): void => { if (tokens.at(-1)?.clause === clause) { clause++; segment++; } };
  const breakSegment = (): void => { if (tokens.at(-1)?.segment === segment) segment++; };
  for (const m of text.matchAll(TOKEN_RE)) {
    const piece = m[0];
    if (m[1] && m[2]) {
      const systolic = Number(m[1]); const diastolic = Number(m[2]);
      if (plausibleBp(systolic, diastolic)) push({ text: 'bp', num: undefined, bp: { systolic, diastolic }, possessive: false });
      else { push(numberToken(systolic)); push(numberToken(diastolic)); }
    } else if (/^\d/.test(piece)) push(numberToken(Number(piece)));
    else if (/^[a-z]/.test(piece)) {
      const { words, possessive } = expandWord(piece);
      if (CLAUSE_WORDS.has(words[0]!)) breakClause();
      words.forEach((w, i) => push({ text: w, num: own(NUMBER_WORDS, w), bp: undefined, possessive: possessive && i === words.length - 1 }));
    } else if (/[.!?\n]/.test(piece)) {
      if (piece.includes('?')) questions.add(sentence);
      breakSentence();
    }
    else if (/[;–—-]/.test(piece)) breakClause();
    else breakSegment();
  }
  mergeSpokenBp(tokens);
  splitAtNewSubject(tokens);
  const sentences: Sentence[] = [];
  tokens.forEach((t, i) => {
    if (i === 0 || tokens[i - 1]!.sentence !== t.sentence) sentences.push({ start: i, end: i + 1, question: questions.has(t.sentence) });
    else sentences[sentences.length - 1] = { ...sentences.at(-1)!, end: i + 1 };
  });
  sentences.forEach((s, n) => { for (let i = s.start; i < s.end; i++) tokens[i]!.sentence = n; });
  return { tokens, sentences };
}

function numberToken(num: number): Omit<Token, 'sentence' | 'clause' | 'segment' | 'typo'> {
  return { text: String(num), num, bp: undefined, possessive: false };
}

/** "... and I feel sick": "and" followed by a new subject starts a new comma segment. */
function splitAtNewSubject(tokens: Token[]): void {
  let shift = 0;
  tokens.forEach((t, i) => {
    if (t.text === 'and' && W.subjects.includes(tokens[i + 1]?.text ?? '') && tokens[i - 1]?.segment === t.segment) shift++;
    t.segment += shift;
  });
}

/** "190 over 115" is a blood pressure reading. */
function mergeSpokenBp(tokens: Token[]): void {
  for (let i = tokens.length - 3; i >= 0; i--) {
    const [a, over, b] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    if (a.num !== undefined && over.text === 'over' && b.num !== undefined && plausibleBp(a.num, b.num) && b.num >= 30) {
      tokens.splice(i, 3, { ...a, text: 'bp', num: undefined, bp: { systolic: a.num, diastolic: b.num } });
    }
  }
}

// ---------------------------------------------------------------- patterns

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
interface Span { readonly start: number; readonly end: number; readonly sentence: number; readonly literals: readonly number[] }

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

const COMPILED_CONCEPTS = CONCEPTS.map((c) => ({ ...c, compiled: compileAll(c.patterns), compiledExclude: compileAll(c.exclude) }));
const COMPILED_CONTEXT = COMPILED_CONCEPTS.filter((c) => c.kind === 'context');
const COMPILED_CUES = Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, compileAll(v)])) as Record<keyof typeof CUES, Pattern[]>;

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
function mayBeTypo(text: string): boolean {
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

function findSpans(patterns: readonly Pattern[], doc: Doc): Span[] {
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

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

// ---------------------------------------------------------------- context

type Owner = 'patient' | 'other' | 'generic' | undefined;
type CueSpans = Record<keyof typeof CUES, Span[]>;
/** `owners` holds, for each person entity found in the text, whose symptoms they are. */
interface Context { readonly doc: Doc; readonly cues: CueSpans; readonly refs: readonly Ref[]; readonly owners: readonly Owner[] }

const NEGATION_WINDOW = 7;
const CONCERN_WINDOW = 8;
const TERMINATORS = new Set(W.negationTerminators);
const CONCERN_TERMINATORS = new Set(W.concernTerminators);
const CLAUSE_STARTERS = new Set(W.clauseStarters);
const POSSESSIVES = new Set(W.possessives);
const inSentence = (spans: Span[], sentence: number): Span[] => spans.filter((s) => s.sentence === sentence);
const words = (doc: Doc, from: number, to: number): string[] => doc.tokens.slice(from, to).map((t) => t.text);
const segmentAt = (ctx: Context, index: number): number => ctx.doc.tokens[index]!.segment;
const cueInSegment = (ctx: Context, cues: Span[], segment: number): boolean =>
  cues.some((c) => segmentAt(ctx, c.start) === segment || segmentAt(ctx, c.end - 1) === segment);

/** A comma segment that has its own subject or verb starts a new thought; negation does not reach into it. */
function segmentIsNewClause(doc: Doc, from: number, limit: number): boolean {
  const seg = doc.tokens[from]!.segment;
  const found: string[] = [];
  for (let i = from; i < limit && doc.tokens[i]!.segment === seg; i++) found.push(doc.tokens[i]!.text);
  return found.length > 8 || found.some((w) => CLAUSE_STARTERS.has(w));
}

/**
 * Whether a cue's reach (negation, concern) gets to token `target`: same clause, within `window`
 * words, no terminator between, and no comma segment between that starts a new thought.
 */
function reaches(ctx: Context, cue: Span, target: number, window: number, terminators: ReadonlySet<string>): boolean {
  const { doc } = ctx;
  if (target - cue.end > window || doc.tokens[cue.start]!.clause !== doc.tokens[target]!.clause) return false;
  if (words(doc, cue.end, target).some((w) => terminators.has(w))) return false;
  for (let i = cue.end; i <= target; i++) {
    if (i > 0 && doc.tokens[i]!.segment !== doc.tokens[i - 1]!.segment && segmentIsNewClause(doc, i, target + 1)) return false;
  }
  return true;
}

function negationReaches(ctx: Context, cue: Span, target: number): boolean {
  const { doc, cues } = ctx;
  if (cues.pseudoNegation.some((p) => p.start <= cue.start && p.end >= cue.end)) return false;
  const next = doc.tokens[cue.end];
  if (doc.tokens[cue.start]!.text === 'no' && next !== undefined && next.segment !== doc.tokens[cue.start]!.segment) return false; // "No, ..."
  return reaches(ctx, cue, target, NEGATION_WINDOW, TERMINATORS);
}

function isNegated(span: Span, ctx: Context): boolean {
  const { doc, cues } = ctx;
  for (const cue of inSentence(cues.negation, span.sentence)) {
    if (cue.end <= span.start) {
      if (negationReaches(ctx, cue, span.start)) return true;
    } else if (cue.start > span.start && cue.end <= span.end) {
      // A negation skipped by a gap inside the match ("chest is not painful") negates what follows it.
      const inGap = !span.literals.some((i) => i >= cue.start && i < cue.end);
      const nextLiteral = span.literals.find((i) => i >= cue.end);
      if (inGap && nextLiteral !== undefined && negationReaches(ctx, cue, nextLiteral)) return true;
    }
  }
  const lastSegment = doc.tokens[span.end - 1]!.segment;
  return inSentence(cues.negationAfter, span.sentence).some((cue) =>
    cue.start >= span.end && cue.start - span.end <= 3 && segmentAt(ctx, cue.start) === lastSegment);
}

type Ref = 'writer' | number | undefined;
interface Entity { readonly gender: string; readonly family: boolean; readonly generic: boolean; readonly sentences: Set<number> }

/** Which person each person word points at: the writer, an entity (numbered), or nothing. */
function findPeople(doc: Doc): { refs: Ref[]; entities: Entity[] } {
  const entities: Entity[] = [];
  const refs: Ref[] = doc.tokens.map(() => undefined);
  doc.tokens.forEach((t, i) => {
    const prev = doc.tokens[i - 1]?.text ?? '';
    const before = ` ${words(doc, Math.max(0, i - 3), i).join(' ')} `;
    const known = W.family[t.text] ?? W.others[t.text];
    const generic = W.generic.includes(t.text)
      || (t.text === 'patient' && W.patientArticles.includes(prev) && !/ (i am|i was|he is|she is|as|im) an? $/.test(before));
    if (W.firstPerson.includes(t.text)) {
      refs[i] = t.text === 'me' && W.prepositions.includes(prev) ? undefined : 'writer';
    } else if (generic || known !== undefined) {
      refs[i] = entities.push({ gender: known ?? 'n', family: W.family[t.text] !== undefined, generic, sentences: new Set([t.sentence]) }) - 1;
    } else if (W.thirdPronouns[t.text] !== undefined) {
      const gender = W.thirdPronouns[t.text];
      const found = entities.findLastIndex((e) => e.gender === 'n' || e.gender === gender);
      refs[i] = found >= 0 ? found : 'writer';
      if (found >= 0) entities[found]!.sentences.add(t.sentence);
    }
  });
  return { refs, entities };
}

/** The person a mention belongs to: a possessive in or right before it, else the nearest subject before it, else the writer. */
function referentOf(span: Span, doc: Doc, refs: readonly Ref[]): Ref {
  const sentenceStart = doc.sentences[span.sentence]!.start;
  for (let i = span.start; i < span.end; i++) {
    if (refs[i] !== undefined && (POSSESSIVES.has(doc.tokens[i]!.text) || doc.tokens[i]!.possessive)) return refs[i]; // "sitting on my chest"
  }
  const before = span.start - 1;
  const adjacent = before >= sentenceStart && refs[before] === undefined && W.adjectives.includes(doc.tokens[before]!.text) ? before - 1 : before;
  if (adjacent >= sentenceStart && refs[adjacent] !== undefined && (POSSESSIVES.has(doc.tokens[adjacent]!.text) || doc.tokens[adjacent]!.possessive)) {
    return refs[adjacent];
  }
  for (let i = before; i >= sentenceStart; i--) {
    const t = doc.tokens[i]!;
    if (refs[i] === undefined || POSSESSIVES.has(t.text) || t.possessive) continue;
    if (W.segmentOnly.includes(t.text) && t.segment !== doc.tokens[span.start]!.segment) continue;
    return refs[i];
  }
  return 'writer';
}

/**
 * Whose symptoms each person word points at. A relative is taken to be the patient (a carer
 * writing) unless a sentence about them says otherwise, or the writer names their own kidney care
 * and the relative has none ("my kid has a temperature, is it safe with my transplant?").
 * Anyone else is someone else unless the writer says they write for them.
 */
function resolveOwners(doc: Doc, entities: readonly Entity[], contextRefs: readonly Ref[]): Owner[] {
  const sentenceText = doc.sentences.map((s) => ` ${words(doc, s.start, s.end).join(' ')} `);
  const says = (e: Entity, cues: readonly string[]): boolean => [...e.sentences].some((n) => cues.some((c) => sentenceText[n]!.includes(c)));
  const writerIsPatient = contextRefs.includes('writer');
  return entities.map((e, n): Owner => {
    if (e.generic) return 'generic';
    if (says(e, W.notPatientCues)) return 'other';
    if (says(e, W.onBehalfCues)) return 'patient';
    if (!e.family) return 'other';
    return contextRefs.includes(n) || !writerIsPatient ? 'patient' : 'other';
  });
}

function ownerOf(span: Span, ctx: Context): Owner {
  const ref = referentOf(span, ctx.doc, ctx.refs);
  return ref === undefined || ref === 'writer' ? 'patient' : ctx.owners[ref];
}

/** An "if" clause runs to the end of its comma segment, or until a new subject starts the main clause. */
function conditionalScopeEnd(doc: Doc, trigger: Span): number {
  const { tokens } = doc;
  const sentenceEnd = doc.sentences[trigger.sentence]!.end;
  for (let i = trigger.end; i < sentenceEnd; i++) {
    if (tokens[i]!.segment !== tokens[trigger.start]!.segment) return i;
    if (i - trigger.end >= 2 && W.subjects.includes(tokens[i]!.text) && !W.joiners.includes(tokens[i - 1]!.text)) return i;
  }
  return sentenceEnd;
}

/** A framing phrase ("hypothetically", "is it normal to", "the leaflet says") covers the rest of its clause. */
function frameCovers(frames: Span[], span: Span, ctx: Context): Span | undefined {
  const clause = ctx.doc.tokens[span.start]!.clause;
  return inSentence(frames, span.sentence).find((f) => f.start <= span.start && ctx.doc.tokens[f.start]!.clause === clause);
}

/** Something said to be happening now ("since this morning", "still") in the same clause. */
function saysNow(span: Span, ctx: Context): boolean {
  const clause = ctx.doc.tokens[span.start]!.clause;
  return inSentence(ctx.cues.current, span.sentence).some((c) => ctx.doc.tokens[c.start]!.clause === clause);
}

/** "Can dialysis cause seizures?": a yes/no question that does not mention the writer asks in general. */
function isGeneralQuestion(sentence: number, ctx: Context): boolean {
  const s = ctx.doc.sentences[sentence]!;
  const sentenceWords = words(ctx.doc, s.start, s.end);
  return s.question && W.questionStarts.includes(sentenceWords[0]!) && !sentenceWords.some((w) => W.firstPerson.includes(w));
}

function isHypothetical(span: Span, ctx: Context): boolean {
  const { doc, cues } = ctx;
  const sentence = span.sentence;
  if (frameCovers(cues.hypotheticalFrame, span, ctx)) return true;
  if (frameCovers(cues.generalQuestion, span, ctx) && !saysNow(span, ctx)) return true;
  if (isGeneralQuestion(sentence, ctx) && !saysNow(span, ctx)) return true;
  const framed = inSentence(cues.conditionalFrame, sentence).length > 0;
  const triggers = [...inSentence(cues.conditionalAlways, sentence), ...(framed ? inSentence(cues.conditional, sentence) : [])];
  if (triggers.some((t) => span.start >= t.start && span.start < conditionalScopeEnd(doc, t))) return true;
  const concernReaches = (c: Span, acrossCommas: boolean): boolean => c.start < span.start
    && !cues.pseudoConcern.some((p) => p.start <= c.start && p.end >= c.end)
    && (acrossCommas || segmentAt(ctx, c.start) === segmentAt(ctx, span.start))
    && reaches(ctx, c, Math.max(c.end, span.start), CONCERN_WINDOW, CONCERN_TERMINATORS);
  return inSentence(cues.concern, sentence).some((c) => concernReaches(c, false))
    || inSentence(cues.concernList, sentence).some((c) => concernReaches(c, true));
}

function isMention(span: Span, ctx: Context): boolean {
  const talkedAbout = inSentence(ctx.cues.mentionAfter, span.sentence).some((c) => c.start >= span.end && c.start - span.end <= 1);
  return (talkedAbout || frameCovers(ctx.cues.mention, span, ctx) !== undefined) && !saysNow(span, ctx);
}

function isPast(span: Span, ctx: Context): boolean {
  const { cues, doc } = ctx;
  const segment = segmentAt(ctx, span.start);
  const current = inSentence(cues.current, span.sentence);
  if (cueInSegment(ctx, current, segment)) return false;
  if (cues.pastAnchor.some((a) => a.sentence === span.sentence && a.start < span.start && a.end >= span.start)) return true;
  if (cueInSegment(ctx, inSentence(cues.sinceEvent, span.sentence), segment)) return true;
  if (inSentence(cues.managed, span.sentence).some((c) => c.end <= span.start && span.start - c.end <= 2)) return true;
  // "since 2019", "since my transplant 6 months ago": still going on, so not a resolved past event.
  const { start, end } = doc.sentences[span.sentence]!;
  const since = doc.tokens.slice(start, end).some((t, i) => t.segment === segment && t.text === 'since'
    && !(doc.tokens[start + i + 1]?.segment === segment && doc.tokens[start + i + 1]?.text === 'then'));
  if (since) return false;
  // A past time in this segment, or one that opens the clause before it when nothing says "now".
  const clause = doc.tokens[span.start]!.clause;
  const applies = (list: Span[]): boolean => inSentence(list, span.sentence).some((c) => segmentAt(ctx, c.start) === segment
    || (segmentAt(ctx, c.start) < segment && doc.tokens[c.start]!.clause === clause && current.length === 0));
  if (applies(cues.pastDistant)) return true;
  const resolved = cues.resolution.some((r) => r.sentence === span.sentence || r.sentence === span.sentence + 1);
  return resolved && applies(cues.pastRecent);
}

/** A minor sign said to have settled ("it passed after a minute", "came back up") no longer counts. */
function hasSettled(span: Span, ctx: Context): boolean {
  return ctx.cues.resolution.some((r) => (r.sentence === span.sentence && r.start >= span.start) || r.sentence === span.sentence + 1);
}

// ---------------------------------------------------------------- analysis

// Wording such as "better off without me" names the writer, so a general word ("everyone") does not move it to someone else.
const isSomeoneElse = (owner: Owner, kind: string | undefined): boolean => owner === 'other' || (owner === 'generic' && kind !== 'self');

interface Mention { readonly concept: string; readonly span: Span; readonly generic: boolean; status: MentionStatus }

function analyse(text: string): Mention[] {
  const doc = tokenize(text);
  const cues = Object.fromEntries(Object.entries(COMPILED_CUES).map(([k, v]) => [k, findSpans(v, doc)])) as CueSpans;
  // "fine now" says something is over, not that it is happening now; a date right after a fact
  // about the patient ("transplant 2 months ago") dates that fact, not the symptoms around it.
  cues.current = cues.current.filter((c) => !cues.resolution.some((r) => overlaps(r, c)));
  cues.realisation = cues.realisation.filter((c) => !cues.resolution.some((r) => overlaps(r, c)));
  const contextSpans = COMPILED_CONTEXT.flatMap((c) => findSpans(c.compiled, doc));
  const datesContext = (c: Span): boolean => contextSpans.some((x) => x.sentence === c.sentence && x.end <= c.start && c.start - x.end <= 1);
  cues.pastDistant = cues.pastDistant.filter((c) => !datesContext(c));
  cues.pastRecent = cues.pastRecent.filter((c) => !datesContext(c));
  const { refs, entities } = findPeople(doc);
  const bare: Context = { doc, cues, refs, owners: [] };
  const contextRefs = contextSpans.filter((c) => !isNegated(c, bare) && !isHypothetical(c, bare)).map((c) => referentOf(c, doc, refs));
  const ctx: Context = { ...bare, owners: resolveOwners(doc, entities, contextRefs) };
  const mentions: Mention[] = [];
  for (const concept of COMPILED_CONCEPTS) {
    const excluded = findSpans(concept.compiledExclude, doc);
    for (const span of findSpans(concept.compiled, doc)) {
      if (excluded.some((e) => overlaps(e, span))) continue;
      let status: MentionStatus = 'affirmed';
      const owner = ownerOf(span, ctx);
      if (isNegated(span, ctx)) status = 'negated';
      else if (isSomeoneElse(owner, concept.kind)) status = 'other-person';
      else if (isHypothetical(span, ctx)) status = 'hypothetical';
      else if (isMention(span, ctx)) status = 'mention';
      else if (concept.kind !== 'context' && (isPast(span, ctx) || (concept.settles === true && hasSettled(span, ctx)))) status = 'past';
      mentions.push({ concept: concept.id, span, status, generic: owner === 'generic' });
    }
  }
  // "What should I do if my speech goes funny? It did 15 minutes ago": a later statement that it
  // is happening now brings back a red flag that a question, a quotation or the past had set aside.
  for (const cue of cues.realisation) {
    for (const m of mentions) {
      const framed = m.status === 'hypothetical' || m.status === 'past' || m.status === 'mention' || (m.status === 'other-person' && m.generic);
      if (framed && m.span.start < cue.start && m.span.sentence >= cue.sentence - 2) m.status = 'affirmed';
    }
  }
  return mentions;
}

/** Every concept mention in the text and how its context was read (concept ids only, no patient words). */
export function explainTriage(text: string): ConceptMention[] {
  return analyse(text).map((m) => ({ concept: m.concept, status: m.status }));
}

const LEVEL_RANK: Readonly<Record<TriageLevel, number>> = { routine: 0, 'same-day': 1, emergency: 2 };

/** Screens a message for red flags. Pure and deterministic; reasons name situations, never the patient's words. */
export function assessUrgency(text: string): TriageResult {
  const affirmed = new Set(analyse(text).filter((m) => m.status === 'affirmed').map((m) => m.concept));
  for (const d of DERIVED) if (d.all.every((c) => affirmed.has(c))) affirmed.add(d.id);
  const fired = RULES.filter((r) => r.all.every((c) => affirmed.has(c))
    && (r.any === undefined || r.any.some((c) => affirmed.has(c)))
    && (r.anyAlso === undefined || r.anyAlso.some((c) => affirmed.has(c)))
    && !(r.none ?? []).some((c) => affirmed.has(c)));
  const hidden = new Set(fired.flatMap((r) => r.supersedes ?? []));
  const reasons = fired.filter((r) => !hidden.has(r.code))
    .sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level])
    .map((r) => ({ code: r.code, label: r.label }));
  const level = fired.reduce<TriageLevel>((best, r) => (LEVEL_RANK[r.level] > LEVEL_RANK[best] ? r.level : best), 'routine');
  return { level, urgent: level !== 'routine', reasons };
}

/** A lookup in a word table that ignores inherited keys ("constructor", "toString" are words too). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
