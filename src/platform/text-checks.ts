// Character rules shared by the public forms (ask an expert, contact). Kept as data so each form
// words its own messages beside its own fields.

/** NUL: PostgreSQL text cannot hold it, so a request carrying one is malformed (400), not merely invalid. */
export const NUL = /\u0000/;
/** Control characters and line or paragraph separators: never in a single-line field. */
export const CONTROL_SINGLE_LINE = /[\p{Cc}\u2028\u2029]/u;
/** Bidi overrides, isolates and marks: they can make a single-line value read differently from what it is. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** Control characters other than tab and line breaks: never in free text. */
export const CONTROL_MULTI_LINE = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** True for a single-line value free of control, line-breaking and bidi characters. */
export function isCleanSingleLine(value: string): boolean {
  return !CONTROL_SINGLE_LINE.test(value) && !BIDI_CONTROLS.test(value);
}

/** Length in code points, so an emoji or a CJK character counts as one. */
export function codePointLength(value: string): number {
  return [...value].length;
}

/** Free text as stored: CRLF and CR made LF, then trimmed. */
export function tidyFreeText(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

/**
 * The named string fields of a submitted form, each NFC-normalised once before any check (so "a"
 * and a combining accent count as "á"); anything missing or not a string becomes ''.
 */
export function normalizeFormFields<K extends string>(keys: readonly K[], raw: Partial<Record<string, unknown>>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const value = raw[key];
    out[key] = typeof value === 'string' ? value.normalize('NFC') : '';
  }
  return out;
}
