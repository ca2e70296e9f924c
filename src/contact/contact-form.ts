import { isValidMailAddress } from '../notifications/index.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { codePointLength, CONTROL_MULTI_LINE, isCleanSingleLine, normalizeFormFields, NUL, tidyFreeText } from '../platform/text-checks.ts';

// The contact form's rules: the same as the ask form's for name, e-mail and free text (the
// shared character rules are in platform/text-checks.ts), plus a one-line subject.

export const CONTACT_LIMITS = { name: 100, email: 254, subject: 150, messageMin: 20, messageMax: 10_000 } as const;

/** The fields as typed (kept so a refused form is shown again with them). */
export interface ContactFormInput {
  name: string;
  email: string;
  subject: string;
  message: string;
}

export const CONTACT_FIELDS = ['name', 'email', 'subject', 'message'] as const;
export const EMPTY_CONTACT_FORM: ContactFormInput = { name: '', email: '', subject: '', message: '' };

/** A message that passed every check, trimmed (free text with LF line breaks). */
export interface ValidContactForm {
  readonly name: string;
  readonly email: string;
  readonly subject: string;
  readonly message: string;
}

export type ContactFormCheck = { ok: true; value: ValidContactForm } | { ok: false; problems: FieldProblem[]; malformed: boolean };

/** The submitted fields, NFC-normalised once before any check. */
export function normalizeContactForm(raw: Partial<Record<string, unknown>>): ContactFormInput {
  return normalizeFormFields(CONTACT_FIELDS, raw);
}

/**
 * Checks the contact form; every problem is reported against its field in plain words. A NUL
 * anywhere makes the request malformed (400) rather than merely invalid (422).
 */
export function validateContactForm(input: ContactFormInput): ContactFormCheck {
  const problems: FieldProblem[] = [];
  const malformed = Object.values(input).some((v) => NUL.test(v));
  const add = (field: string, message: string) => { if (!problems.some((p) => p.field === field)) problems.push({ field, message }); };

  const name = input.name.trim();
  if (NUL.test(name)) add('name', 'Your name contains a character we cannot accept.');
  else if (name === '') add('name', 'Please tell us your name.');
  else if (codePointLength(name) > CONTACT_LIMITS.name) add('name', `Please keep your name to ${CONTACT_LIMITS.name} characters.`);
  else if (!isCleanSingleLine(name)) add('name', 'Your name contains line breaks or hidden formatting characters. Please type it on one line.');

  const email = input.email.trim();
  if (email === '') add('email', 'Please give your e-mail address so we can reply to you.');
  else if (!isValidMailAddress(email)) add('email', 'Please enter one e-mail address, like name@example.com.');

  const subject = input.subject.trim();
  if (NUL.test(subject)) add('subject', 'Your subject contains a character we cannot accept.');
  else if (subject === '') add('subject', 'Please give your message a subject.');
  else if (codePointLength(subject) > CONTACT_LIMITS.subject) add('subject', `Please keep the subject to ${CONTACT_LIMITS.subject} characters.`);
  else if (!isCleanSingleLine(subject)) add('subject', 'The subject contains line breaks or hidden formatting characters. Please type it on one line.');

  const message = tidyFreeText(input.message);
  const length = codePointLength(message);
  if (NUL.test(message)) add('message', 'Your message contains a character we cannot accept.');
  else if (length < CONTACT_LIMITS.messageMin) add('message', `Please write a little more (at least ${CONTACT_LIMITS.messageMin} characters).`);
  else if (length > CONTACT_LIMITS.messageMax) add('message', `Please shorten your message to ${CONTACT_LIMITS.messageMax.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}).`);
  else if (CONTROL_MULTI_LINE.test(message)) add('message', 'Your message contains hidden control characters. Please retype it.');

  if (problems.length > 0) return { ok: false, problems, malformed };
  return { ok: true, value: { name, email, subject, message } };
}

/** The staff reply's limits and rules: free text, like a message. */
export const REPLY_MAX = 10_000;

/** The problem with a staff reply, or undefined; `malformed` when it holds a NUL. */
export function replyProblem(text: string): { message: string; malformed: boolean } | undefined {
  if (NUL.test(text)) return { message: 'Your reply contains a character we cannot accept.', malformed: true };
  if (text === '') return { message: 'Please write your reply.', malformed: false };
  const length = codePointLength(text);
  if (length > REPLY_MAX) return { message: `Please shorten your reply to ${REPLY_MAX.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}).`, malformed: false };
  if (CONTROL_MULTI_LINE.test(text)) return { message: 'Your reply contains hidden control characters. Please retype it.', malformed: false };
  return undefined;
}
