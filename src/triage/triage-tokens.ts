// Tokenizer for triage: lower-cases the message, expands apostrophes and misspellings, reads numbers
// and blood-pressure readings, and numbers each token's sentence, clause and comma segment.
import { MISSPELLINGS } from './red-flag-words.ts';
import { CONTEXT_WORDS as W } from './red-flag-cues.ts';
import { mayBeTypo } from './triage-patterns.ts';

export interface Token {
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
export interface Doc { readonly tokens: Token[]; readonly sentences: Sentence[] }

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
export function tokenize(raw: string): Doc {
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

/** A lookup in a word table that ignores inherited keys ("constructor", "toString" are words too). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
