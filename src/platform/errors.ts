/** The one error catalogue: stable codes, their HTTP status and a plain-English message. */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: { status: 400, message: 'The request could not be understood.' },
  VALIDATION_FAILED: { status: 422, message: 'Some fields need attention.' },
  NOT_FOUND: { status: 404, message: 'We could not find that page.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'That action is not allowed here.' },
  URL_TOO_LONG: { status: 414, message: 'That address is too long.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'What you sent is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'That kind of content is not accepted here.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Please wait a little and try again.' },
  CONSULTATION_CONFLICT: { status: 409, message: 'That cannot be done to this consultation as it is now. Reload the page to see its current state.' },
  ASSIGNEE_NOT_ALLOWED: { status: 422, message: 'Choose an active expert or admin from the list.' },
  UNAUTHENTICATED: { status: 401, message: 'Please sign in.' },
  FORBIDDEN: { status: 403, message: 'You do not have permission to do that.' },
  CSRF_FAILED: { status: 403, message: 'This form has expired. Please reload the page and try again.' },
  // Uploaded files (storage/): the messages never repeat the file's name or content.
  UPLOAD_EMPTY: { status: 422, message: 'The file is empty. Please choose the file again.' },
  UPLOAD_TYPE_NOT_ALLOWED: { status: 415, message: 'This kind of file is not accepted. Please send a PDF, JPEG or PNG.' },
  UPLOAD_TOO_LARGE: { status: 413, message: 'The file is too large.' },
  UPLOAD_IMAGE_TOO_LARGE: { status: 413, message: 'The picture has too many pixels. Please send a smaller picture.' },
  UPLOAD_CORRUPT: { status: 422, message: 'The file seems to be damaged or incomplete. Please save it again and retry.' },
  UPLOAD_ACTIVE_CONTENT: {
    status: 422,
    message: 'This PDF contains scripts, attachments or password protection, which we cannot accept. Please save or print it as a plain PDF, or send photos of the pages.',
  },
  UPLOAD_BAD_NAME: { status: 400, message: 'The file name is not valid. Please rename the file and try again.' },
  // A stored file that is missing, altered or sealed with a key we do not hold: never the user's fault.
  STORAGE_BLOB_MISSING: { status: 500, message: 'This file could not be read. Please contact the clinic.' },
  STORAGE_INTEGRITY_FAILED: { status: 500, message: 'This file could not be read. Please contact the clinic.' },
  STORAGE_KEY_UNKNOWN: { status: 500, message: 'This file could not be read. Please contact the clinic.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. Please try again shortly.' },
  UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE | (string & {});

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An error a user can be shown: a stable code, a status, and optionally per-field messages. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: readonly FieldProblem[];

  constructor(code: ErrorCode, options: { status?: number; message?: string; fields?: readonly FieldProblem[] } = {}) {
    const known = (ERROR_CATALOGUE as Record<string, { status: number; message: string }>)[code];
    super(options.message ?? known?.message ?? 'Something went wrong.');
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? known?.status ?? 400;
    this.fields = options.fields ?? [];
  }
}

/** Maps any thrown value to an AppError: known ones pass through, Fastify's own are translated, the rest become INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { statusCode?: number; code?: string; validation?: unknown } | null;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (e?.validation) return new AppError('BAD_REQUEST');
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 414) return new AppError('URL_TOO_LONG');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 429) return new AppError('RATE_LIMITED');
  if (status >= 400 && status < 500) return new AppError('BAD_REQUEST', { status });
  return new AppError('INTERNAL');
}
