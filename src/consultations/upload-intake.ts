import type { FastifyRequest } from 'fastify';
import type { FileStore, StoredFile } from '../storage/index.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { LIMITS } from './consultation-form.ts';

/** At most this many reports per message, each at most this size. */
export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/**
 * A whole form with five reports, counted as it streams in (the multipart reader does not read
 * the body through Fastify, so the route's bodyLimit would not apply, and a chunked body has no
 * Content-Length to check).
 */
export const MAX_BODY_BYTES = 55 * 1024 * 1024;
/** Busboy limits: one file part more than allowed is seen (to answer "at most 5"), never more. */
export const MULTIPART_LIMITS = {
  files: MAX_FILES + 1,
  fileSize: MAX_FILE_BYTES + 1,
  fields: 30,
  fieldSize: 64 * 1024,
  parts: 40,
  headerPairs: 50,
};

export interface FormSubmission {
  readonly fields: Record<string, string>;
  /** Files that passed every check and are already encrypted on disk. */
  readonly files: readonly StoredFile[];
  /** A problem with the files, shown beside the file field. */
  readonly fileProblem: FieldProblem | undefined;
  /** Status for a rejected upload (413 too large, 415 wrong type, 422 otherwise). */
  readonly fileStatus: number | undefined;
  /**
   * Set when reading stopped at a size limit (a file over 10 MB, a text field far over its
   * limit, the body over MAX_BODY_BYTES): the rest of the request was not read and no file
   * was kept. The answer is a 413 that closes the connection.
   */
  readonly cutOff: FieldProblem | undefined;
  /** False when the form was not read to its end (after a rejected file): later fields are missing, not empty. */
  readonly complete: boolean;
}

/**
 * Reads a form, multipart or URL-encoded. Text fields are collected; each file is streamed
 * straight into the encrypted store (never buffered whole), in the order sent. After the first
 * bad file no further file is stored. At a size limit reading stops there (see `cutOff`). If the
 * request breaks off or is malformed, files already stored are removed before the error is passed on.
 */
export async function readFormSubmission(request: FastifyRequest, files: FileStore): Promise<FormSubmission> {
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value;
    return { fields, files: [], fileProblem: undefined, fileStatus: undefined, cutOff: undefined, complete: true };
  }
  const fields: Record<string, string> = {};
  const stored: StoredFile[] = [];
  let fileProblem: FieldProblem | undefined;
  let fileStatus: number | undefined;
  let fileParts = 0;
  const cutOff = async (problem: FieldProblem): Promise<FormSubmission> => {
    // Stop feeding the parser: the rest of the body is never read (the reply closes the connection).
    request.raw.unpipe();
    await discardFiles(files, stored);
    return { fields, files: [], fileProblem: undefined, fileStatus: undefined, cutOff: problem, complete: false };
  };
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return cutOff(BODY_TOO_LARGE);
  // Attached in the same tick as the parser's own pipe (the loop below starts it), so it sees every byte.
  const stopCounting = countBody(request, MAX_BODY_BYTES);
  try {
    for await (const part of request.parts({ limits: MULTIPART_LIMITS })) {
      if (part.type === 'field') {
        if (part.valueTruncated) return await cutOff({ field: part.fieldname, message: tooLongMessage(part.fieldname) });
        if (typeof part.value === 'string' && !(part.fieldname in fields)) fields[part.fieldname] = part.value;
        continue;
      }
      // An empty file input still sends a part with no name and no bytes: that is "no file".
      // A part with no filename at all (busboy calls any application/octet-stream part a file) is not one either.
      if (!part.filename) {
        part.file.resume();
        continue;
      }
      fileParts++;
      if (fileParts > MAX_FILES) {
        part.file.resume();
        fileProblem ??= { field: 'files', message: `Please attach at most ${MAX_FILES} files.` };
        fileStatus ??= 422;
        continue;
      }
      if (fileProblem) {
        part.file.resume();
        continue;
      }
      try {
        stored.push(await files.save(part.file, { maxBytes: MAX_FILE_BYTES, displayName: part.filename }));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 413) return await cutOff({ field: 'files', message: error.message });
        part.file.resume();
        fileProblem = { field: 'files', message: error.message };
        fileStatus = error.status;
      }
    }
  } catch (error) {
    const tooLarge = sizeProblem(error);
    if (tooLarge) return cutOff(tooLarge);
    await discardFiles(files, stored);
    throw toMultipartError(error);
  } finally {
    stopCounting();
  }
  // The multipart reader stops at a file the store refused; fields after it never arrived.
  return { fields, files: stored, fileProblem, fileStatus, cutOff: undefined, complete: request.raw.readableEnded };
}

const BODY_TOO_LARGE: FieldProblem = {
  field: 'files',
  message: `What you sent is too large. Please attach at most ${MAX_FILES} files of up to 10 MB each.`,
};

/** Raised into the multipart reader when the body passes `maxBytes`. */
class BodyTooLarge extends AppError {
  constructor() {
    super('PAYLOAD_TOO_LARGE', { message: BODY_TOO_LARGE.message });
  }
}

/**
 * Counts body bytes as they arrive; past `maxBytes` it fails the request stream, which is the
 * multipart reader's own error path: it stops parsing and fails the part being read.
 * Returns a function that stops counting.
 */
function countBody(request: FastifyRequest, maxBytes: number): () => void {
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= maxBytes) return;
    request.raw.off('data', count);
    request.raw.unpipe();
    request.raw.emit('error', new BodyTooLarge());
  };
  request.raw.on('data', count);
  return () => request.raw.off('data', count);
}

function sizeProblem(error: unknown): FieldProblem | undefined {
  if (error instanceof BodyTooLarge) return BODY_TOO_LARGE;
  if ((error as { code?: string } | null)?.code === 'FST_REQ_FILE_TOO_LARGE') {
    return { field: 'files', message: `The file is too large. Each file can be at most ${MAX_FILE_BYTES / 1024 / 1024} MB.` };
  }
  return undefined;
}

function tooLongMessage(field: string): string {
  if (field === 'name') return `Please keep your name to ${LIMITS.name} characters.`;
  if (field === 'description' || field === 'body') return `Please shorten your text to ${LIMITS.descriptionMax.toLocaleString('en')} characters.`;
  return 'This answer is much too long. Please shorten it.';
}

/** Removes stored files of a submission that was not accepted. */
export async function discardFiles(files: FileStore, stored: readonly StoredFile[]): Promise<void> {
  await Promise.all(stored.map((f) => files.remove(f.id)));
}

function toMultipartError(error: unknown): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError('PAYLOAD_TOO_LARGE', { message: 'The form had more parts than it can have.' });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || /multipart|boundary|Unexpected end of form/i.test(String((error as Error | null)?.message))) {
    return new AppError('BAD_REQUEST', { message: 'The form could not be read. Please try again.' });
  }
  return error;
}
