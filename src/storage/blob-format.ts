import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { isCode } from './durable-fs.ts';
import { StorageFailure } from './upload-errors.ts';

/**
 * The encrypted blob file, version 1:
 *
 *   offset 0   4 bytes   magic "KDBL" (KidneyDesk blob)
 *   offset 4   1 byte    format version, 0x01
 *   offset 5  12 bytes   random GCM IV
 *   offset 17  n bytes   AES-256-GCM ciphertext of the n-byte file (the blob's own data key)
 *   last      16 bytes   GCM authentication tag
 *
 * The additional authenticated data is the 17-byte header followed by the blob id, so a blob
 * renamed to another id, or given another header, fails authentication.
 */

const MAGIC = Buffer.from('KDBL', 'latin1');
const VERSION = 0x01;
const IV_BYTES = 12;
export const HEADER_BYTES = MAGIC.length + 1 + IV_BYTES;
export const TAG_BYTES = 16;
const READ_CHUNK = 64 * 1024;

function aad(header: Buffer, id: string): Buffer {
  return Buffer.concat([header, Buffer.from(id, 'utf8')]);
}

export interface BlobWriter {
  /** Encrypts and appends plaintext; also feeds the SHA-256 of the plaintext. */
  write(plain: Buffer): Promise<void>;
  /** Writes the tag, fsyncs and closes the file; returns the plaintext's size and SHA-256 (hex). */
  finish(): Promise<{ size: number; sha256: string }>;
  /** Closes the file without finishing it (the caller deletes it). */
  abort(): Promise<void>;
}

/** Creates a new blob file at `path` (which must not exist, mode 0600) encrypted with `dataKey`. */
export async function createBlobWriter(path: string, id: string, dataKey: Buffer): Promise<BlobWriter> {
  const handle = await open(path, 'wx', 0o600);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), randomBytes(IV_BYTES)]);
  const cipher = createCipheriv('aes-256-gcm', dataKey, header.subarray(MAGIC.length + 1));
  cipher.setAAD(aad(header, id));
  const hash = createHash('sha256');
  let size = 0;
  let closed = false;
  try {
    await handle.write(header);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    async write(plain) {
      size += plain.length;
      hash.update(plain);
      await handle.write(cipher.update(plain));
    },
    async finish() {
      const last = cipher.final();
      await handle.write(Buffer.concat([last, cipher.getAuthTag()]));
      await handle.sync();
      closed = true;
      await handle.close();
      return { size, sha256: hash.digest('hex') };
    },
    async abort() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

async function openBlob(path: string): Promise<{ handle: FileHandle; header: Buffer; tag: Buffer; end: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isCode(error, 'ENOENT')) throw new StorageFailure('STORAGE_BLOB_MISSING', 'blob-missing');
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size < HEADER_BYTES + TAG_BYTES) throw new StorageFailure('STORAGE_INTEGRITY_FAILED', 'blob-short');
    const header = Buffer.alloc(HEADER_BYTES);
    const tag = Buffer.alloc(TAG_BYTES);
    await handle.read(header, 0, HEADER_BYTES, 0);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header[MAGIC.length] !== VERSION) {
      throw new StorageFailure('STORAGE_INTEGRITY_FAILED', 'blob-header');
    }
    return { handle, header, tag, end: size - TAG_BYTES };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Decrypts the ciphertext region once; yields plaintext chunks when `emit`, and authenticates at the end. */
async function* decryptPass(
  blob: { handle: FileHandle; header: Buffer; tag: Buffer; end: number },
  id: string,
  dataKey: Buffer,
  emit: boolean,
): AsyncGenerator<Buffer> {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, blob.header.subarray(MAGIC.length + 1));
  decipher.setAAD(aad(blob.header, id));
  decipher.setAuthTag(blob.tag);
  const buffer = Buffer.alloc(READ_CHUNK);
  for (let position = HEADER_BYTES; position < blob.end; ) {
    const { bytesRead } = await blob.handle.read(buffer, 0, Math.min(READ_CHUNK, blob.end - position), position);
    if (bytesRead === 0) throw new StorageFailure('STORAGE_INTEGRITY_FAILED', 'blob-short-read');
    position += bytesRead;
    const plain = decipher.update(buffer.subarray(0, bytesRead));
    if (emit && plain.length > 0) yield plain;
  }
  let last: Buffer;
  try {
    last = decipher.final();
  } catch {
    throw new StorageFailure('STORAGE_INTEGRITY_FAILED', 'blob-auth');
  }
  if (emit && last.length > 0) yield last;
}

/**
 * Streams a blob's plaintext. The whole blob is authenticated first, so no byte of an altered
 * blob is ever released; the streaming pass authenticates again at its end.
 */
export async function* decryptBlobChunks(path: string, id: string, dataKey: Buffer): AsyncGenerator<Buffer> {
  const blob = await openBlob(path);
  try {
    for await (const _ of decryptPass(blob, id, dataKey, false)) void _;
    yield* decryptPass(blob, id, dataKey, true);
  } finally {
    await blob.handle.close();
  }
}

/** A blob's whole plaintext, authenticated. */
export async function decryptBlob(path: string, id: string, dataKey: Buffer): Promise<Buffer> {
  const blob = await openBlob(path);
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of decryptPass(blob, id, dataKey, true)) chunks.push(chunk);
    return Buffer.concat(chunks);
  } finally {
    await blob.handle.close();
  }
}
