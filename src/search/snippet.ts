import { escapeHtml } from '../web/html.ts';
import { normalizeText, stemWord } from './text-analysis.ts';
import type { UnderstoodQuery } from './query-understanding.ts';

export interface Snippet {
  readonly text: string;
  /** The same text, HTML-escaped, with matched words in `<mark>`. */
  readonly html: string;
}

const MAX_SNIPPET = 220;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The sentence of `body` that matches most of the query, with matched words highlighted. */
export function makeSnippet(body: string, fallback: string, query: UnderstoodQuery): Snippet {
  const stemSlots = new Map<string, number>();
  query.slots.forEach((slot, index) => {
    for (const alt of slot.alternatives) for (const stem of alt.stems) if (!stemSlots.has(stem)) stemSlots.set(stem, index);
  });
  for (const n of query.numbers) stemSlots.set(n, -1);

  const sentences = body.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter((s) => s.length > 0);
  let best: { text: string; score: number } | undefined;
  for (const sentence of sentences) {
    const slots = new Set<number>();
    let hits = 0;
    for (const match of sentence.matchAll(WORD)) {
      const slot = stemSlots.get(stemOf(match[0]));
      if (slot !== undefined) {
        slots.add(slot);
        hits++;
      }
    }
    const score = slots.size * 10 + Math.min(hits, 5);
    if (score > 0 && (!best || score > best.score)) best = { text: sentence, score };
  }
  const text = trimAround(best?.text ?? fallback, stemSlots);
  return { text, html: highlight(text, stemSlots) };
}

function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = stemWord(normalizeText(word).replace(/['’]/g, "'"));
    if (stems.size >= 50_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

// Snippets stem every word of a few documents per search; the same words recur, so remember them.
const stems = new Map<string, string>();

function trimAround(text: string, stems: ReadonlyMap<string, number>): string {
  if (text.length <= MAX_SNIPPET) return text;
  let start = 0;
  for (const match of text.matchAll(WORD)) {
    if (stems.has(stemOf(match[0]))) {
      start = Math.max(0, match.index - 60);
      break;
    }
  }
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + MAX_SNIPPET);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > start ? space : end;
  }
  return `${start > 0 ? '… ' : ''}${text.slice(start, end)}${end < text.length ? ' …' : ''}`;
}

function highlight(text: string, stems: ReadonlyMap<string, number>): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    out += escapeHtml(text.slice(last, match.index));
    const word = match[0];
    out += stems.has(stemOf(word)) ? `<mark>${escapeHtml(word)}</mark>` : escapeHtml(word);
    last = match.index + word.length;
  }
  return out + escapeHtml(text.slice(last));
}
