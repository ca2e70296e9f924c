import { AppError } from '../platform/errors.ts';

/**
 * The storage feature's part of the error catalogue. Codes are stable (routes, tests and the
 * security log key on them); messages are plain English and never repeat the file's name or content.
 */
export const UPLOAD_ERRORS = {
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
} as const satisfies Record<string, { status: number; message: string }>;

export type UploadErrorCode = keyof typeof UPLOAD_ERRORS;

/**
 * A rejected upload. `reason` is a short, fixed, PHI-free token for the security log
 * (for example `pdf-name:JavaScript` or `magic:unknown`); it is never shown to the user.
 */
export class UploadRejection extends AppError {
  readonly reason: string;

  constructor(code: UploadErrorCode, reason: string, message?: string) {
    const entry = UPLOAD_ERRORS[code];
    const text = message ?? entry.message;
    super(code, { status: entry.status, message: text, fields: [{ field: 'files', message: text }] });
    this.name = 'UploadRejection';
    this.reason = reason;
  }
}

/** Builds the AppError for a rejected upload, with the `files` form field set. */
export function uploadError(code: UploadErrorCode, reason: string, message?: string): UploadRejection {
  return new UploadRejection(code, reason, message);
}

export type StorageErrorCode = 'STORAGE_BLOB_MISSING' | 'STORAGE_INTEGRITY_FAILED' | 'STORAGE_KEY_UNKNOWN';

/**
 * A server-side storage failure (a blob that is missing, altered, or wrapped with a master key we
 * do not hold): never the user's fault, so it is a 500 with a generic message.
 */
export class StorageFailure extends AppError {
  readonly reason: string;

  constructor(code: StorageErrorCode, reason: string) {
    super(code, { status: 500, message: 'This file could not be read. Please contact the clinic.' });
    this.name = 'StorageFailure';
    this.reason = reason;
  }
}

/** "10 MB", "1.5 MB": a size limit as users read it (1 MB = 1 MiB here, as the limits are set in MiB). */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : Number(mb.toFixed(1))} MB`;
}
