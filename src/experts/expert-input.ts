import type { FieldProblem } from '../platform/errors.ts';
import { singleLine } from '../articles/index.ts';

// The profile form: what an admin typed, checked once at the edge. Every problem names its field.

export const PROFILE_LIMITS = {
  name: 100, slug: 100, roleTitle: 100, credentials: 150, specialty: 60, specialties: 10, biography: 10_000, photoAlt: 250, position: 9999,
} as const;
export const PROFILE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The text fields as typed (kept so a rejected form is shown again with them). */
export interface ProfileFormValues {
  name: string;
  slug: string;
  roleTitle: string;
  credentials: string;
  specialties: string;
  biography: string;
  position: string;
  staffId: string;
}

export const EMPTY_PROFILE_FORM: ProfileFormValues = {
  name: '', slug: '', roleTitle: '', credentials: '', specialties: '', biography: '', position: '0', staffId: '',
};

/** A profile's content that passed every check. */
export interface ProfileDraft {
  readonly name: string;
  readonly slug: string;
  readonly roleTitle: string;
  readonly credentials: string;
  readonly specialties: readonly string[];
  readonly biography: string;
  readonly position: number;
  readonly staffId: string | null;
}

export type ProfileCheck = { ok: true; value: ProfileDraft } | { ok: false; problems: FieldProblem[]; malformed: boolean };

const NUL = /\u0000/;
const CONTROL_MULTI_LINE = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A slug made from a name: `Dr Ada Lovelace` → `dr-ada-lovelace` (accents dropped). */
export function slugFromName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, PROFILE_LIMITS.slug).replace(/-+$/, '');
}

/**
 * Checks the profile form. `staffIds` are the accounts a profile may be linked to. A NUL
 * character anywhere makes the request malformed (400) rather than merely invalid (422).
 */
export function validateProfileForm(form: ProfileFormValues, options: { staffIds: ReadonlySet<string> }): ProfileCheck {
  const problems: FieldProblem[] = [];
  const malformed = Object.values(form).some((v) => NUL.test(v));
  const name = singleLine(form.name, 'name', 'Name', PROFILE_LIMITS.name, problems);
  const roleTitle = singleLine(form.roleTitle, 'roleTitle', 'Role', PROFILE_LIMITS.roleTitle, problems);
  const credentials = singleLine(form.credentials, 'credentials', 'Credentials', PROFILE_LIMITS.credentials, problems, { optional: true });

  const typedSlug = form.slug.normalize('NFC').trim();
  const slug = typedSlug === '' && name !== undefined ? slugFromName(name) : typedSlug;
  if (slug === '') problems.push({ field: 'slug', message: 'Enter the address (slug), for example ada-lovelace.' });
  else if (slug.length > PROFILE_LIMITS.slug) problems.push({ field: 'slug', message: `The address can be at most ${PROFILE_LIMITS.slug} characters.` });
  else if (!PROFILE_SLUG.test(slug)) problems.push({ field: 'slug', message: 'The address can use only lower-case letters a–z, digits and single hyphens between words.' });

  const specialties: string[] = [];
  const specialtyText = singleLine(form.specialties, 'specialties', 'Specialties', PROFILE_LIMITS.specialty * PROFILE_LIMITS.specialties * 2, problems, { optional: true });
  if (specialtyText !== undefined && specialtyText !== '') {
    for (const part of specialtyText.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      if ([...part].length > PROFILE_LIMITS.specialty) {
        problems.push({ field: 'specialties', message: `Each specialty can be at most ${PROFILE_LIMITS.specialty} characters.` });
        break;
      }
      if (!specialties.some((s) => s.toLowerCase() === part.toLowerCase())) specialties.push(part);
    }
    if (specialties.length > PROFILE_LIMITS.specialties) problems.push({ field: 'specialties', message: `List at most ${PROFILE_LIMITS.specialties} specialties.` });
  }

  const biography = form.biography.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const length = [...biography].length;
  if (NUL.test(biography)) problems.push({ field: 'biography', message: 'The biography contains a character we cannot accept.' });
  else if (length > PROFILE_LIMITS.biography) {
    problems.push({ field: 'biography', message: `The biography can be at most ${PROFILE_LIMITS.biography.toLocaleString('en')} characters; it has ${length.toLocaleString('en')}.` });
  } else if (CONTROL_MULTI_LINE.test(biography)) problems.push({ field: 'biography', message: 'The biography contains hidden control characters. Please retype it.' });

  const positionText = form.position.trim() === '' ? '0' : form.position.trim();
  const position = Number(positionText);
  if (!/^\d{1,4}$/.test(positionText)) problems.push({ field: 'position', message: `Enter the position as a whole number from 0 to ${PROFILE_LIMITS.position}.` });

  const staffId = form.staffId.trim();
  if (staffId !== '' && !options.staffIds.has(staffId)) problems.push({ field: 'staffId', message: 'Choose a staff account from the list, or none.' });

  if (problems.length > 0 || name === undefined || roleTitle === undefined || credentials === undefined) return { ok: false, problems, malformed };
  return { ok: true, value: { name, slug, roleTitle, credentials, specialties, biography, position, staffId: staffId === '' ? null : staffId } };
}

/** Reads the form's fields from a parsed body, keeping only strings. */
export function profileFormValues(body: Readonly<Record<string, unknown>>): ProfileFormValues {
  const out = { ...EMPTY_PROFILE_FORM };
  for (const key of Object.keys(EMPTY_PROFILE_FORM) as (keyof ProfileFormValues)[]) {
    const value = body[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}
