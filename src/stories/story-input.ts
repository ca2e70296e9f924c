import type { FieldProblem } from '../platform/errors.ts';
import { isValidMailAddress } from '../notifications/index.ts';
import { CONDITIONS } from '../consultations/index.ts';

// The story form, checked once at the edge. A story is published under a first name or initials
// only, so the display name is held to that: at most two words, each a name ("Ann", "Zoë",
// "O'Brien", "Jean-Luc") or an initial ("J", "J."), no digits, no e-mail address or phone number.

/** Bump when the consent wording changes; the version is stored with each story. */
export const STORY_CONSENT_VERSION = '2026-11-23';
export const STORY_CONSENT_TEXT = 'I agree that the clinic may publish my story on this website under the name I gave, with the condition I chose, after editing it for length and clarity. I can withdraw my consent at any time with the link we e-mail me.';

export const STORY_LIMITS = { displayName: 40, title: 150, bodyMin: 50, bodyMax: 5000, email: 254 } as const;

/** The fields as typed (kept so a rejected form is shown again with them). */
export interface StoryFormValues {
  displayName: string;
  condition: string;
  title: string;
  body: string;
  email: string;
  consent: string;
}

export const EMPTY_STORY_FORM: StoryFormValues = { displayName: '', condition: '', title: '', body: '', email: '', consent: '' };

/** A story's text that passed every check (the consent is checked separately: the staff edit form has none). */
export interface StoryText {
  readonly displayName: string;
  readonly title: string;
  readonly body: string;
}

export interface ValidStory extends StoryText {
  readonly condition: string;
  readonly email: string;
}

export type StoryCheck<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[]; malformed: boolean };

const NUL = /\u0000/;
const SINGLE_LINE_BAD = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const CONTROL_MULTI_LINE = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// A name: letters (with their accents), optionally joined by one hyphen or apostrophe. An initial:
// one letter, optionally with a full stop; "J.K." counts as initials too.
const NAME_WORD = /^\p{L}\p{M}*(?:(?:\p{L}\p{M}*)|['\u2019-](?=\p{L}))*$/u;
const INITIALS = /^(?:\p{L}\p{M}*\.){1,3}$/u;

/** Reads the story form's fields from a parsed body, NFC-normalised, keeping only strings. */
export function storyFormValues(body: Readonly<Record<string, unknown>>): StoryFormValues {
  const out = { ...EMPTY_STORY_FORM };
  for (const key of Object.keys(EMPTY_STORY_FORM) as (keyof StoryFormValues)[]) {
    const value = body[key];
    if (typeof value === 'string') out[key] = value.normalize('NFC');
  }
  return out;
}

/** The problem with a display name, or undefined when it is a first name or initials. */
export function displayNameProblem(raw: string): string | undefined {
  const value = raw.normalize('NFC').trim();
  if (NUL.test(value)) return 'The name contains a character we cannot accept.';
  if (value === '') return 'Tell us the first name or initials to show with your story.';
  if ([...value].length > STORY_LIMITS.displayName) return `Please keep the name to ${STORY_LIMITS.displayName} characters.`;
  if (SINGLE_LINE_BAD.test(value)) return 'The name contains line breaks or hidden formatting characters. Please type it on one line.';
  if (/@/.test(value) || /\d/.test(value)) return 'Please give a first name or initials only: no e-mail address, phone number or digits.';
  const words = value.split(/\s+/);
  if (words.length > 2) return 'Please give your first name or initials only (at most two words), to protect your privacy.';
  if (!words.every((w) => NAME_WORD.test(w) || INITIALS.test(w))) return 'Please give a first name or initials only, using letters (a hyphen or apostrophe is fine).';
  return undefined;
}

function singleLineProblem(raw: string, label: string, max: number): string | undefined {
  const value = raw.trim();
  if (NUL.test(value)) return `The ${label} contains a character we cannot accept.`;
  if (value === '') return `Please give your story a ${label}.`;
  if (/[\r\n]/.test(value)) return `The ${label} must be on one line.`;
  if (SINGLE_LINE_BAD.test(value)) return `The ${label} contains hidden formatting characters. Please retype it.`;
  if ([...value].length > max) return `Please keep the ${label} to ${max} characters (it has ${[...value].length.toLocaleString('en')}).`;
  return undefined;
}

function bodyProblem(body: string): string | undefined {
  const length = [...body].length;
  if (NUL.test(body)) return 'Your story contains a character we cannot accept.';
  if (length < STORY_LIMITS.bodyMin) return `Please tell us a little more (at least ${STORY_LIMITS.bodyMin} characters; it has ${length}).`;
  if (length > STORY_LIMITS.bodyMax) return `Please shorten your story to ${STORY_LIMITS.bodyMax.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}).`;
  if (CONTROL_MULTI_LINE.test(body)) return 'Your story contains hidden control characters. Please retype it.';
  return undefined;
}

function normaliseBody(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}

/** Checks the text a moderator may edit: display name, title and body. */
export function validateStoryText(input: Pick<StoryFormValues, 'displayName' | 'title' | 'body'>): StoryCheck<StoryText> {
  const problems: FieldProblem[] = [];
  const malformed = [input.displayName, input.title, input.body].some((v) => NUL.test(v));
  const add = (field: string, message: string | undefined) => { if (message) problems.push({ field, message }); };
  add('displayName', displayNameProblem(input.displayName));
  add('title', singleLineProblem(input.title, 'title', STORY_LIMITS.title));
  const body = normaliseBody(input.body);
  add('body', bodyProblem(body));
  if (problems.length > 0) return { ok: false, problems, malformed };
  return { ok: true, value: { displayName: input.displayName.trim().replace(/\s+/g, ' '), title: input.title.trim(), body } };
}

/** Checks the public submission form, consent box included. */
export function validateStoryForm(input: StoryFormValues): StoryCheck<ValidStory> {
  const text = validateStoryText(input);
  const problems: FieldProblem[] = text.ok ? [] : [...text.problems];
  let malformed = !text.ok && text.malformed;
  if (!CONDITIONS.some((c) => c.value === input.condition)) problems.push({ field: 'condition', message: 'Please choose the condition that fits best, or "Other, or not sure".' });
  const email = input.email.trim();
  if (NUL.test(email)) malformed = true;
  if (email === '') problems.push({ field: 'email', message: 'Please give your e-mail address: we send you the link to withdraw your story there.' });
  else if (!isValidMailAddress(email)) problems.push({ field: 'email', message: 'Please enter one e-mail address, like name@example.com.' });
  if (input.consent !== 'yes') problems.push({ field: 'consent', message: 'Please tick the box to agree that we may publish your story. Without it we cannot accept it.' });
  const order = ['displayName', 'condition', 'title', 'body', 'email', 'consent'];
  problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (problems.length > 0 || !text.ok) return { ok: false, problems, malformed };
  return { ok: true, value: { ...text.value, condition: input.condition, email } };
}
