import { isValidMailAddress } from '../notifications/index.ts';
import type { FieldProblem } from '../platform/errors.ts';
// Control characters, and in single-line fields also bidi overrides and line breaks (shared with the contact form).
import { BIDI_CONTROLS, CONTROL_MULTI_LINE, CONTROL_SINGLE_LINE, NUL } from '../platform/text-checks.ts';

/** The kidney conditions offered in the form, by stored value. */
export const CONDITIONS: readonly { value: string; label: string }[] = [
  { value: 'ckd-1', label: 'Chronic kidney disease, stage 1 (not on dialysis)' },
  { value: 'ckd-2', label: 'Chronic kidney disease, stage 2 (not on dialysis)' },
  { value: 'ckd-3', label: 'Chronic kidney disease, stage 3 (not on dialysis)' },
  { value: 'ckd-4', label: 'Chronic kidney disease, stage 4 (not on dialysis)' },
  { value: 'ckd-5', label: 'Chronic kidney disease, stage 5 (not on dialysis)' },
  { value: 'ckd-unknown', label: 'Chronic kidney disease, stage not known (not on dialysis)' },
  { value: 'haemodialysis', label: 'On haemodialysis' },
  { value: 'peritoneal-dialysis', label: 'On peritoneal dialysis' },
  { value: 'transplant', label: 'Kidney transplant' },
  { value: 'iga-nephropathy', label: 'IgA nephropathy' },
  { value: 'diabetic-kidney-disease', label: 'Diabetic kidney disease' },
  { value: 'polycystic-kidney-disease', label: 'Polycystic kidney disease' },
  { value: 'nephrotic-syndrome', label: 'Nephrotic syndrome' },
  { value: 'other', label: 'Other, or not sure' },
];

export const CREATININE_UNITS: readonly { value: string; label: string }[] = [
  { value: 'umol/L', label: 'µmol/L' },
  { value: 'mg/dL', label: 'mg/dL' },
];

/** Bump when the consent wording changes; the version is stored with each consultation. */
export const CONSENT_VERSION = '2026-11-22';

export const LIMITS = { name: 100, email: 254, phone: 20, descriptionMin: 20, descriptionMax: 10_000 } as const;

/** The text fields as typed (kept so a rejected form is shown again with them). */
export interface AskFormInput {
  name: string;
  email: string;
  phone: string;
  condition: string;
  creatinine: string;
  creatinineUnit: string;
  creatinineDate: string;
  description: string;
  consent: string;
}

export const EMPTY_FORM: AskFormInput = {
  name: '', email: '', phone: '', condition: '', creatinine: '', creatinineUnit: 'umol/L', creatinineDate: '', description: '', consent: '',
};

/** A consultation request that passed every check. */
export interface ValidAskForm {
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly condition: string;
  readonly creatinine: { value: string; unit: string; date: string | null } | null;
  readonly description: string;
}

export type FormCheck<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[]; malformed: boolean };

/** NFC-normalises every field once, before any check (so "a" + combining accent counts as "á"). */
export function normalizeForm(raw: Partial<Record<keyof AskFormInput, unknown>>): AskFormInput {
  const out = { ...EMPTY_FORM };
  for (const key of Object.keys(EMPTY_FORM) as (keyof AskFormInput)[]) {
    const value = raw[key];
    if (typeof value === 'string') out[key] = value.normalize('NFC');
  }
  return out;
}

/**
 * Checks the ask-an-expert form. Every problem is reported against its field in plain words.
 * A NUL character anywhere makes the request malformed (400) rather than merely invalid (422).
 */
export function validateAskForm(input: AskFormInput, today: string): FormCheck<ValidAskForm> {
  const problems: FieldProblem[] = [];
  const malformed = Object.values(input).some((v) => NUL.test(v));
  const add = (field: string, message: string) => { if (!problems.some((p) => p.field === field)) problems.push({ field, message }); };

  const name = input.name.trim();
  if (NUL.test(input.name)) add('name', 'Your name contains a character we cannot accept.');
  else if (name === '') add('name', 'Please tell us your name.');
  else if ([...name].length > LIMITS.name) add('name', `Please keep your name to ${LIMITS.name} characters.`);
  else if (CONTROL_SINGLE_LINE.test(name) || BIDI_CONTROLS.test(name)) add('name', 'Your name contains line breaks or hidden formatting characters. Please type it on one line.');

  const email = input.email.trim();
  if (email === '') add('email', 'Please give your e-mail address so we can send you the link to your answer.');
  else if (!isValidMailAddress(email)) add('email', 'Please enter one e-mail address, like name@example.com.');

  const phone = input.phone.trim();
  if (phone !== '') {
    const digits = phone.replace(/\D/g, '').length;
    if (phone.length > LIMITS.phone || !/^\+?[0-9 ().-]+$/.test(phone) || digits < 6 || digits > 15) {
      add('phone', 'Please enter a phone number using digits, spaces, brackets, dashes and an optional + (6 to 15 digits), or leave it empty.');
    }
  }

  if (!CONDITIONS.some((c) => c.value === input.condition)) add('condition', 'Please choose the condition that fits best, or "Other, or not sure".');

  let creatinine: ValidAskForm['creatinine'] = null;
  const creatinineRaw = input.creatinine.trim().replace(',', '.');
  if (creatinineRaw !== '') {
    const unit = CREATININE_UNITS.find((u) => u.value === input.creatinineUnit);
    const value = Number(creatinineRaw);
    const max = input.creatinineUnit === 'mg/dL' ? 30 : 2700;
    if (!unit) add('creatinineUnit', 'Please choose the unit shown on your lab report.');
    else if (!/^\d{1,5}(\.\d{1,3})?$/.test(creatinineRaw) || value <= 0 || value > max) {
      add('creatinine', `Please enter the creatinine number from your report (more than 0 and at most ${max} ${unit.label}).`);
    }
    const date = input.creatinineDate.trim();
    if (date !== '' && (!isCalendarDate(date) || date > today || date < '1990-01-01')) {
      add('creatinineDate', 'Please enter the date of the test (not in the future), or leave it empty.');
    }
    if (unit && problems.every((p) => !p.field.startsWith('creatinine'))) creatinine = { value: creatinineRaw, unit: unit.value, date: date === '' ? null : date };
  } else if (input.creatinineDate.trim() !== '') {
    add('creatinine', 'Please enter the creatinine result that goes with the date, or clear the date.');
  }

  const description = input.description.replace(/\r\n?/g, '\n').trim();
  const length = [...description].length;
  if (NUL.test(input.description)) add('description', 'Your description contains a character we cannot accept.');
  else if (length < LIMITS.descriptionMin) add('description', `Please describe your question in a little more detail (at least ${LIMITS.descriptionMin} characters).`);
  else if (length > LIMITS.descriptionMax) add('description', `Please shorten your description to ${LIMITS.descriptionMax.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}).`);
  else if (CONTROL_MULTI_LINE.test(description)) add('description', 'Your description contains hidden control characters. Please retype it.');

  if (input.consent !== 'yes') add('consent', 'Please confirm that you agree to us handling your health information to answer your question.');

  if (problems.length > 0) return { ok: false, problems, malformed };
  return { ok: true, value: { name, email, phone: phone === '' ? null : phone, condition: input.condition, creatinine, description } };
}

/** YYYY-MM-DD naming a real day (Date.parse would take 2026-02-30 as 2 March). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The label of a stored condition value. */
export function conditionLabel(value: string): string {
  return CONDITIONS.find((c) => c.value === value)?.label ?? value;
}
