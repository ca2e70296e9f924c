import { allowedEdits, editDistance } from './edit-distance.ts';

export interface VocabularyWord {
  readonly word: string;
  readonly stem: string;
  readonly df: number;
}

interface Candidate extends VocabularyWord {
  /** Which letters a–z the word contains, one bit each. */
  readonly letters: number;
}

function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The indexed vocabulary: document frequencies by stem (for term weights) and surface words
 * (for typo correction). Built from the search_words table; rebuilt when content changes.
 */
export class Vocabulary {
  readonly documents: number;
  readonly #stemDf = new Map<string, number>();
  readonly #byLength = new Map<number, Candidate[]>();
  readonly #words = new Set<string>();

  constructor(words: readonly VocabularyWord[], documents: number, extraWords: Iterable<string> = []) {
    this.documents = documents;
    for (const w of words) {
      // A stem's document frequency is at least that of its most common word; summing would
      // overcount documents that use two forms of it.
      this.#stemDf.set(w.stem, Math.min(documents, Math.max(this.#stemDf.get(w.stem) ?? 0, w.df)));
      this.#add(w);
    }
    for (const word of extraWords) if (!this.#words.has(word)) this.#add({ word, stem: word, df: 0 });
    for (const list of this.#byLength.values()) list.sort((a, b) => b.df - a.df || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  }

  #add(w: VocabularyWord): void {
    this.#words.add(w.word);
    const list = this.#byLength.get(w.word.length) ?? [];
    list.push({ ...w, letters: letterMask(w.word) });
    this.#byLength.set(w.word.length, list);
  }

  /** Documents containing the stem (0 when unknown). */
  df(stem: string): number {
    return this.#stemDf.get(stem) ?? 0;
  }

  /** Inverse document frequency, BM25 style, never negative. */
  idf(stem: string): number {
    return this.idfOfCount(this.df(stem));
  }

  /** The same weight for a given number of documents. */
  idfOfCount(df: number): number {
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }

  hasWord(word: string): boolean {
    return this.#words.has(word);
  }

  /**
   * The closest known word within the allowed number of edits: fewest edits, then the more
   * common word, then alphabetical — so the answer is deterministic.
   */
  closestWord(word: string): string | undefined {
    const max = allowedEdits(word.length);
    if (max === 0) return undefined;
    let best: { word: string; distance: number; df: number } | undefined;
    const letters = letterMask(word);
    for (let length = word.length - max; length <= word.length + max; length++) {
      for (const candidate of this.#byLength.get(length) ?? []) {
        const limit = best ? Math.min(max, best.distance) : max;
        // One edit changes which letters a word contains by at most two, so words whose
        // letter sets differ by more than twice the allowed edits cannot be close: skip them.
        if (bitCount(letters ^ candidate.letters) > 2 * limit) continue;
        const distance = editDistance(word, candidate.word, limit);
        if (distance > limit) continue;
        if (!best || distance < best.distance || (distance === best.distance && (candidate.df > best.df
          || (candidate.df === best.df && candidate.word < best.word)))) {
          best = { word: candidate.word, distance, df: candidate.df };
        }
      }
    }
    return best?.word;
  }
}
