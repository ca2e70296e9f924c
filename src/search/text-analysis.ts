import { stemmer } from 'stemmer';
import spellingPairs from './spelling-variants.json' with { type: 'json' };
import stopwordList from './stopwords.json' with { type: 'json' };

/**
 * The one text analyzer used for indexing and for queries, on both engines: both databases
 * index the same stemmed token stream, so they see exactly the same terms.
 */

export interface Token {
  /** Normalised surface form (lower case, no accents, American spelling). */
  readonly word: string;
  /** Stem used for matching. */
  readonly stem: string;
  /** True for numbers such as `5.2` or `450`. */
  readonly numeric: boolean;
}

const BRITISH_TO_AMERICAN = new Map<string, string>((spellingPairs as string[][]).map(([gb, us]) => [gb!, us!]));

// Words that carry no meaning for matching. Index-time removal keeps phrases adjacent
// ("blood in the urine" → blood urin) so phrase matching works across small words.
export const STOPWORDS: ReadonlySet<string> = new Set(stopwordList as string[]);
const INDEX_STOPWORDS = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'is', 'are', 'be', 'it', 'its', 'this', 'that', 'with', 'as', 'by', 'from', 'your', 'you', 'can', 'may', 'will', 'if', 'into', 'than', 'so', 'do', 'does', 'was', 'were', 'has', 'have', 'had', 'but', 'they', 'their', 'them', 'these', 'those', 'which', 'who', 'what', 'when', 'how', 'some', 'any', 'more', 'most', 'also', 'such', 'other', 'there', 'been', 'being', 'each', 'very', 'just', 'about', 'i', 'me', 'my', 'we', 'our', 'us', 'he', 'she', 'his', 'her', 'him']);

// Units are single tokens so that "450 umol/l" keeps its meaning; so are letter-digit words
// such as hba1c, sglt2 or po4.
const WORD_PATTERN = /(?:umol|mmol|mg|ml|mcg|g)\/(?:dl|l)|\d+(?:[.,]\d+)?(?![a-z])|[a-z0-9]*[a-z][a-z0-9]*(?:'[a-z]+)?/g;

/** Lower-cases, strips accents and folds unit spellings (µmol/L, micromol per litre → umol/l). */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[µμ]/g, 'u')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\bmicro-?mol(?:e|es)?\b/g, 'umol')
    .replace(/\bmicro-?grams?\b/g, 'mcg')
    .replace(/\b(umol|mmol|mg|ml|mcg|g)\s*(?:\/|per)\s*(dl|decilitre|deciliter|l|litre|liter)\b/g,
      (_m, unit: string, per: string) => `${unit}/${per.startsWith('d') ? 'dl' : 'l'}`);
}

/** British spelling → American, from the variant list plus the regular medical "ae"/"oe" forms. */
export function americanSpelling(word: string): string {
  const mapped = BRITISH_TO_AMERICAN.get(word);
  if (mapped) return mapped;
  if (word.length < 5) return word;
  return word
    .replace(/^(an|h|leuk|septic|hyperkal|hyponatr|hypokal|hypocalc|hypercalc|isch|ur)?aem/, (_m, p: string | undefined) => `${p ?? ''}em`)
    .replace(/^haem/, 'hem')
    .replace(/^oe(d|s)/, 'e$1')
    .replace(/^paed/, 'ped')
    .replace(/^diarrhoe/, 'diarrhe')
    .replace(/([^aeiou])yse$/, '$1yze')
    .replace(/([^aeiou])ysed$/, '$1yzed')
    .replace(/([^aeiou])ysing$/, '$1yzing');
}

/**
 * The stem of one normalised word. Numbers and units get letter-and-digit codes ("5.2" → n5d2,
 * "umol/l" → uumoll) so that both full-text engines keep them as single terms.
 */
export function stemWord(word: string): string {
  let stem = stemCache.get(word);
  if (stem !== undefined) return stem;
  if (/^\d/.test(word)) stem = `n${word.replace(/[.,]/, 'd')}`;
  else if (word.includes('/')) stem = `u${word.replace('/', '')}`;
  else stem = stemmer(americanSpelling(word.replace(/'s$/, '').replace(/'/g, '')));
  if (stemCache.size >= STEM_CACHE_SIZE) stemCache.clear();
  stemCache.set(word, stem);
  return stem;
}

// Stemming is pure and the same words recur constantly (indexing, snippets), so it is memoised.
const STEM_CACHE_SIZE = 50_000;
const stemCache = new Map<string, string>();

/** Splits text into tokens (every word, including stopwords). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const match of normalizeText(text).matchAll(WORD_PATTERN)) {
    const raw = match[0];
    const numeric = /^\d/.test(raw);
    const word = numeric ? raw.replace(',', '.') : raw.includes('/') ? raw : americanSpelling(raw.replace(/'s$/, '').replace(/'/g, ''));
    if (word === '') continue;
    out.push({ word, stem: stemWord(word), numeric });
  }
  return out;
}

/** Index-side analysis: stems with the small index stopword list removed, in order. */
export function analyzeForIndex(text: string): string[] {
  const stems: string[] = [];
  for (const token of tokenize(text)) {
    if (INDEX_STOPWORDS.has(token.word)) continue;
    stems.push(token.stem);
  }
  return stems;
}

/** True when a word is one the index drops, so a query term made of it can never match. */
export function isIndexStopword(word: string): boolean {
  return INDEX_STOPWORDS.has(word);
}
