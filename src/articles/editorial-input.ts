import type { FieldProblem } from '../platform/errors.ts';
import { MAX_SUMMARY, MAX_TAGS, MAX_TITLE, SLUG_PATTERN, TAG_PATTERN } from './article-file.ts';

// Checks what an editor typed into the article form, once, at the edge. Same rules as the
// importer for slugs, tags and lengths; text is NFC-normalised before it is measured.

/** The article form as sent (every field a string). */
export interface ArticleFormValues {
  readonly title: string;
  readonly slug: string;
  readonly summary: string;
  readonly categoryId: string;
  readonly tags: string;
  readonly body: string;
  readonly note: string;
}

/** A valid article form. */
export interface ArticleDraft {
  readonly title: string;
  readonly slug: string;
  readonly summary: string;
  readonly categoryId: string;
  readonly tags: readonly string[];
  readonly body: string;
  readonly note: string;
}

export const MAX_BODY = 100_000;
export const MAX_NOTE = 200;
export const MAX_SLUG = 100;
export const MAX_ALT = 250;
// Control characters (tab, LF and CR are handled per field) and bidirectional overrides.
const BAD_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const NUL = /\u0000/;

export type DraftCheck = { ok: true; value: ArticleDraft } | { ok: false; problems: FieldProblem[] };

/** Validates the article form; every problem is reported against its field. */
export function validateArticleForm(form: ArticleFormValues, options: { categoryIds: ReadonlySet<string> }): DraftCheck {
  const problems: FieldProblem[] = [];
  const title = singleLine(form.title, 'title', 'Title', MAX_TITLE, problems);
  const summary = singleLine(form.summary, 'summary', 'Summary', MAX_SUMMARY, problems);
  const note = singleLine(form.note, 'note', 'Note', MAX_NOTE, problems, { optional: true });

  const slug = form.slug.trim();
  if (slug === '') problems.push({ field: 'slug', message: 'Enter a slug, for example kidney-stones.' });
  else if (slug.length > MAX_SLUG) problems.push({ field: 'slug', message: `The slug can be at most ${MAX_SLUG} characters.` });
  else if (!SLUG_PATTERN.test(slug)) problems.push({ field: 'slug', message: 'The slug can use only lower-case letters a–z, digits and single hyphens between words.' });

  if (!options.categoryIds.has(form.categoryId)) problems.push({ field: 'category', message: 'Choose a category from the list.' });

  const tags = normaliseTags(form.tags);
  if (!tags.ok) problems.push({ field: 'tags', message: tags.message });

  const body = form.body.replace(/\r\n?/g, '\n').normalize('NFC');
  if (body.trim() === '') problems.push({ field: 'body', message: 'Write the article text.' });
  else if (body.length > MAX_BODY) problems.push({ field: 'body', message: `The text can be at most ${MAX_BODY.toLocaleString('en')} characters; it has ${body.length.toLocaleString('en')}.` });
  else if (NUL.test(body)) problems.push({ field: 'body', message: 'The text contains a null character, which cannot be stored. Remove it and try again.' });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { title: title!, slug, summary: summary!, categoryId: form.categoryId, tags: tags.ok ? tags.tags : [], body, note: note ?? '' } };
}

/** "Dialysis,  Home Dialysis , dialysis" → ['dialysis', 'home dialysis']: lower case, single spaces, no repeats. */
export function normaliseTags(raw: string): { ok: true; tags: string[] } | { ok: false; message: string } {
  if (BAD_CHARS.test(raw) || /[\r\n]/.test(raw)) return { ok: false, message: 'Tags can contain only letters, digits and spaces, separated by commas.' };
  const tags = [...new Set(raw.normalize('NFC').split(',').map((t) => t.trim().toLowerCase().replace(/\s+/g, ' ')).filter((t) => t !== ''))];
  const bad = tags.find((t) => !TAG_PATTERN.test(t));
  if (bad !== undefined) return { ok: false, message: `“${bad.slice(0, 40)}” is not a valid tag: use lower-case letters, digits and spaces (at most 40 characters).` };
  if (tags.length > MAX_TAGS) return { ok: false, message: `Use at most ${MAX_TAGS} tags.` };
  return { ok: true, tags };
}

/** A one-line text field: NFC, trimmed, no control or bidi-override characters, within `max` code points. */
export function singleLine(
  raw: string, field: string, label: string, max: number, problems: FieldProblem[], options: { optional?: boolean } = {},
): string | undefined {
  const value = raw.normalize('NFC').trim();
  if (value === '') {
    if (!options.optional) problems.push({ field, message: `Enter the ${label.toLowerCase()}.` });
    return options.optional ? '' : undefined;
  }
  if (/[\r\n]/.test(value)) problems.push({ field, message: `The ${label.toLowerCase()} must be on one line.` });
  else if (BAD_CHARS.test(value)) problems.push({ field, message: `The ${label.toLowerCase()} contains control or text-direction characters. Remove them and try again.` });
  else if ([...value].length > max) problems.push({ field, message: `The ${label.toLowerCase()} can be at most ${max} characters; it has ${[...value].length}.` });
  else return value;
  return undefined;
}
