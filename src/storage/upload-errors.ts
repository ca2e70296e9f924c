import { AppError, ERROR_CATALOGUE } from '../platform/errors.ts';

/** The upload codes of the error catalogue (platform/errors.ts), with their status and message. */
export const UPLOAD_ERRORS = Object.fromEntries(
  Object.entries(ERROR_CATALOGUE).filter(([code]) => code.startsWith('UPLOAD_')),
) as Pick<typeof ERROR_CATALOGUE, UploadErrorCode>;

export type UploadErrorCode = Extract<keyof typeof ERROR_CATALOGUE, `UPLOAD_${string}`>;

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

export type StorageErrorCode = Extract<keyof typeof ERROR_CATALOGUE, `STORAGE_${string}`>;

/**
 * A server-side storage failure (a blob that is missing, altered, or wrapped with a master key we
 * do not hold): never the user's fault, so it is a 500 with a generic message.
 */
export class StorageFailure extends AppError {
  readonly reason: string;

  constructor(code: StorageErrorCode, reason: string) {
    super(code);
    this.name = 'StorageFailure';
    this.reason = reason;
  }
}

/** "10 MB", "1.5 MB": a size limit as users read it (1 MB = 1 MiB here, as the limits are set in MiB). */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : Number(mb.toFixed(1))} MB`;
}
