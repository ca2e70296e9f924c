import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { MAX_IMAGE_BYTES, reencodeImage, singleLine } from '../articles/index.ts';

// The console's one-image forms (an article image, an expert's photo): a multipart body with the
// file in `image` and its description in one text field. Read here once for both, with the same
// limits and messages; the routes render the page again when the upload is refused.

/** Multipart limits of a one-image form (register the multipart plugin with them). */
export const IMAGE_FORM_LIMITS = { files: 1, fileSize: MAX_IMAGE_BYTES, fields: 5, fieldSize: 4096, parts: 8, headerPairs: 50 };

/** The CSRF token travels in the query string: the guard runs before a streamed body is read. */
export const ImageUploadQuery = Type.Object({ csrf: Type.Optional(Type.String({ maxLength: 100 })) });

export type ImageUpload =
  | { readonly ok: true; readonly image: { webp: Buffer; width: number; height: number }; readonly alt: string }
  | { readonly ok: false; readonly status: number; readonly problems: FieldProblem[]; readonly altRaw: string };

/**
 * Reads the image and its description, checks the description (required, one line, at most
 * `altMax`) and re-encodes the image. A refusal says its status (413 too large, 422 otherwise),
 * the problems beside the fields, and the description as typed.
 */
export async function readImageUpload(
  request: FastifyRequest,
  options: { readonly altField: string; readonly altLabel: string; readonly altMax: number; readonly noun: 'image' | 'photo' },
): Promise<ImageUpload> {
  const refuse = (status: number, problems: FieldProblem[], altRaw: string): ImageUpload => ({ ok: false, status, problems, altRaw });
  const tooLarge: FieldProblem = { field: 'image', message: 'The image is too large. It can be at most 5 MB.' };
  if (Number(request.headers['content-length'] ?? 0) > MAX_IMAGE_BYTES + 64 * 1024) return refuse(413, [tooLarge], '');
  let altRaw = '';
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts({ limits: IMAGE_FORM_LIMITS })) {
      if (part.type === 'field') {
        if (part.fieldname === options.altField && typeof part.value === 'string') altRaw = part.value;
        continue;
      }
      // An empty file input still sends a part, with no name and no bytes.
      if (!part.filename || file !== undefined) {
        part.file.resume();
        continue;
      }
      file = await part.toBuffer();
    }
  } catch (error) {
    const code = (error as { code?: string } | null)?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') return refuse(413, [tooLarge], altRaw);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      return refuse(413, [{ field: 'image', message: `Send one ${options.noun} at a time with its description.` }], altRaw);
    }
    throw new AppError('BAD_REQUEST', { message: 'The upload could not be read. Please try again.' });
  }
  const problems: FieldProblem[] = [];
  const alt = singleLine(altRaw, options.altField, options.altLabel, options.altMax, problems);
  if (file === undefined || file.length === 0) {
    problems.push({ field: 'image', message: file === undefined ? `Choose ${options.noun === 'image' ? 'an image' : 'a photo'} file.` : `The file is empty. Choose the ${options.noun} again.` });
  }
  if (problems.length > 0 || alt === undefined || file === undefined) return refuse(422, problems, altRaw);
  try {
    return { ok: true, image: await reencodeImage(file), alt };
  } catch (error) {
    if (error instanceof AppError && error.fields.length > 0) return refuse(error.status, [...error.fields], altRaw);
    throw error;
  }
}
