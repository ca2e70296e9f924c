import { createPdfScanner, type PdfFinding } from './pdf-active-content.ts';
import { formatMegabytes, uploadError } from './upload-errors.ts';

/** The only media types the store accepts, decided from the content's first bytes. */
export type MediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const MEDIA_TYPES: readonly MediaType[] = ['application/pdf', 'image/jpeg', 'image/png'];

const SIGNATURES: readonly { readonly type: MediaType; readonly magic: readonly number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** Bytes needed to tell every accepted type apart. */
export const SNIFF_BYTES = 8;

/** The file-name extensions each type may keep; the first is the one we add. */
export const EXTENSIONS: Readonly<Record<MediaType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** The media type whose magic bytes start `head`, or null. Names and client headers play no part. */
export function detectMediaType(head: Uint8Array): MediaType | null {
  for (const { type, magic } of SIGNATURES) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return type;
  }
  return null;
}

/** Whether a type is an image the store re-encodes. */
export function isImage(type: MediaType): type is 'image/jpeg' | 'image/png' {
  return type !== 'application/pdf';
}

export interface UploadInspector {
  /** The detected type once the first bytes have arrived, else null. */
  readonly mediaType: MediaType | null;
  /** Bytes seen so far. */
  readonly size: number;
  /**
   * Checks the next chunk (size limit, type, active content) and returns the bytes that may be
   * passed on: nothing until the type is known, then the held-back head plus the chunk.
   * Throws an UploadRejection on the first problem, so the caller can stop reading at once.
   */
  push(chunk: Buffer): Buffer[];
  /** The upload ended: returns the type and any held-back bytes, or throws (empty, unknown type, cut-off PDF). */
  finish(): { mediaType: MediaType; rest: Buffer[] };
}

function rejectFinding(finding: PdfFinding): never {
  const reason = finding.kind === 'name' ? `pdf-name:${finding.name}` : `pdf-marker:${finding.marker}`;
  throw uploadError('UPLOAD_ACTIVE_CONTENT', reason);
}

/** Creates the streaming check for one uploaded file. `maxBytes` is the largest accepted file. */
export function createUploadInspector(options: { maxBytes: number }): UploadInspector {
  let size = 0;
  let mediaType: MediaType | null = null;
  let head: Buffer[] = [];
  let headLength = 0;
  const pdf = createPdfScanner();

  function decide(bytes: Buffer): MediaType {
    const type = detectMediaType(bytes);
    if (type === null) throw uploadError('UPLOAD_TYPE_NOT_ALLOWED', 'magic:unknown');
    return type;
  }

  function pass(chunks: Buffer[]): Buffer[] {
    if (mediaType === 'application/pdf') {
      for (const chunk of chunks) {
        const finding = pdf.push(chunk);
        if (finding) rejectFinding(finding);
      }
    }
    return chunks;
  }

  return {
    get mediaType() {
      return mediaType;
    },
    get size() {
      return size;
    },
    push(chunk) {
      size += chunk.length;
      if (size > options.maxBytes) {
        throw uploadError('UPLOAD_TOO_LARGE', 'size', `The file is too large. Each file can be at most ${formatMegabytes(options.maxBytes)}.`);
      }
      if (mediaType !== null) return pass([chunk]);
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < SNIFF_BYTES) return [];
      const held = head;
      head = [];
      mediaType = decide(Buffer.concat(held, headLength));
      return pass(held);
    },
    finish() {
      if (size === 0) throw uploadError('UPLOAD_EMPTY', 'empty');
      let rest: Buffer[] = [];
      if (mediaType === null) {
        mediaType = decide(Buffer.concat(head, headLength));
        rest = pass(head);
        head = [];
      }
      if (mediaType === 'application/pdf') {
        const { finding, sawEof } = pdf.finish();
        if (finding) rejectFinding(finding);
        if (!sawEof) throw uploadError('UPLOAD_CORRUPT', 'pdf-no-eof');
      }
      return { mediaType, rest };
    },
  };
}
