import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let words: ReadonlySet<string> | undefined;

/**
 * A general English word list (the an-array-of-english-words package). A query word found
 * here is a real word, not a typo, so it is never "corrected" into an unrelated indexed word
 * (e.g. "laser" must not become "later"); if the index lacks it, the query is about something
 * the site does not cover.
 */
export function isEnglishWord(word: string): boolean {
  if (!words) {
    const file = createRequire(import.meta.url).resolve('an-array-of-english-words/index.json');
    words = new Set(JSON.parse(readFileSync(file, 'utf8')) as string[]);
  }
  return words.has(word);
}
