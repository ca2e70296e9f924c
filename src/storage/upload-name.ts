import { EXTENSIONS, type MediaType } from './file-type.ts';
import { uploadError } from './upload-errors.ts';

/**
 * Display names of uploaded files. The name is only ever shown (escaped) and offered back in a
 * Content-Disposition header; it is never part of a path, so this is about keeping it readable
 * and unsurprising: a basename, no invisible or direction-changing characters, an extension
 * that says what the file really is.
 */

/** Longest display name, in characters (code points), extension included. */
export const MAX_DISPLAY_NAME_LENGTH = 100;

const FALLBACK_STEM = 'file';

// C0 and C1 controls and DEL.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;
// Bidi embeddings, overrides, isolates and marks (Trojan Source, "exe.pdf" spoofing),
// plus zero-width characters and the byte-order mark, which hide characters from a reader.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const EXTENSION = /\.([A-Za-z0-9]{1,10})$/u;

// Embeddings, overrides and isolates turn "scan<RLO>gnp.exe" into what reads as "scanexe.png":
// a name that uses them is a disguise, refused rather than quietly repaired.
const DIRECTION_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/u;

/**
 * Throws UPLOAD_BAD_NAME (400) for a name with NUL (raw or percent-encoded) or with bidi
 * embedding/override/isolate characters; call before reading the file.
 */
export function assertUploadNameAllowed(raw: string): void {
  if (raw.includes('\u0000') || /%00/u.test(raw)) throw uploadError('UPLOAD_BAD_NAME', 'name-nul');
  if (DIRECTION_OVERRIDE.test(raw)) {
    throw uploadError('UPLOAD_BAD_NAME', 'name-bidi', 'The file name contains hidden characters that change its reading direction, which can disguise the kind of file. Please rename the file and try again.');
  }
}

/**
 * The name to show for an upload: the basename of `raw` (any `../`, `..\`, drive letter or
 * directory dropped), NFC, without control, bidi or zero-width characters, at most
 * MAX_DISPLAY_NAME_LENGTH characters, and ending in an extension of the detected type
 * (`x.png` holding a PDF becomes `x.pdf`). Throws UPLOAD_BAD_NAME for NUL and direction overrides.
 */
export function sanitizeDisplayName(raw: string, mediaType: MediaType): string {
  assertUploadNameAllowed(raw);
  let name = raw.normalize('NFC').replace(CONTROL, '').replace(INVISIBLE, '');
  name = name.replaceAll('\\', '/');
  name = name.slice(name.lastIndexOf('/') + 1);
  name = name.replace(/^[A-Za-z]:/u, ''); // "C:boot.ini"
  name = name.trim().replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, ''); // no hidden files, no "..", no trailing dots

  const allowed = EXTENSIONS[mediaType];
  const current = EXTENSION.exec(name);
  let stem = name;
  let extension = allowed[0]!;
  if (current) {
    const ext = current[1]!.toLowerCase();
    stem = name.slice(0, current.index).replace(/[.\s]+$/u, '');
    if (allowed.includes(ext)) extension = ext;
  }
  if (stem === '') stem = FALLBACK_STEM;

  const room = MAX_DISPLAY_NAME_LENGTH - extension.length - 1;
  const codePoints = Array.from(stem);
  if (codePoints.length > room) stem = codePoints.slice(0, room).join('').trimEnd();
  return `${stem}.${extension}`;
}
