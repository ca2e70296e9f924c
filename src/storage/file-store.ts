import { randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createBlobWriter, decryptBlob, decryptBlobChunks, type BlobWriter } from './blob-format.ts';
import { ensurePrivateDirectory, fsyncDirectory, isCode } from './durable-fs.ts';
import { createUploadInspector, isImage, type MediaType } from './file-type.ts';
import { MAX_IMAGE_PIXELS, sanitizeImage } from './image-sanitize.ts';
import { newDataKey, unwrapDataKey, wrapDataKey } from './key-wrap.ts';
import { StorageFailure } from './upload-errors.ts';
import { assertUploadNameAllowed, sanitizeDisplayName } from './upload-name.ts';

/** What the caller records in the database, in the same transaction as the consultation. */
export interface StoredFile {
  /** Server-generated blob id: 32 lower-case hex characters (128 random bits). */
  readonly id: string;
  /** Size in bytes of the stored plaintext (after an image is re-encoded). */
  readonly size: number;
  /** SHA-256 of the stored plaintext, hex. */
  readonly sha256: string;
  /** From the magic bytes; serve with this type, never the client's. */
  readonly mediaType: MediaType;
  /** Sanitised name for display and Content-Disposition; never a path. */
  readonly displayName: string;
  /** The blob's data key wrapped with the master key, base64. */
  readonly wrappedKey: string;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
}

/** The two stored fields needed to read a blob back. */
export interface FileRef {
  readonly id: string;
  readonly wrappedKey: string;
}

export interface SweepResult {
  readonly removedBlobs: number;
  readonly removedTemp: number;
}

export interface FileStore {
  /**
   * Checks, encrypts and durably writes one upload; resolves once the blob is fsynced, before the
   * caller's database commit. Rejects with an UploadRejection (nothing left on disk, the input
   * stream destroyed) on a bad name, size, type, active content or a corrupt file.
   */
  save(input: Readable, options: { maxBytes: number; displayName: string }): Promise<StoredFile>;
  /** Streams the plaintext; the blob is authenticated before the first byte is released. */
  open(file: FileRef): Readable;
  /** The whole plaintext, authenticated. */
  read(file: FileRef): Promise<Buffer>;
  /** Deletes a blob (no error if it is already gone). */
  remove(id: string): Promise<void>;
  /** Writes, syncs and removes a small probe file: throws when the store cannot take uploads. */
  checkWritable(): Promise<void>;
  /** Re-wraps a data key with the current master key (for master-key rotation). */
  rewrapKey(file: FileRef): string;
  /**
   * Deletes blobs older than `olderThanMs` that the database does not reference, and temp files
   * older than `olderThanMs`. The window must exceed the longest upload plus its transaction.
   */
  sweepOrphans(known: ReadonlySet<string> | ((id: string) => Promise<boolean>), options: { olderThanMs: number; now?: number }): Promise<SweepResult>;
}

const BLOB_ID = /^[0-9a-f]{32}$/u;
const PREFIX = /^[0-9a-f]{2}$/u;

function newBlobId(): string {
  return randomBytes(16).toString('hex');
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('An upload stream must yield bytes.');
}

/**
 * The encrypted file store under `root` (`<root>/blobs/<2-char prefix>/<id>`, `<root>/tmp`).
 * `previousMasterKeys` are only used to read blobs wrapped before a rotation.
 */
export function createFileStore(options: {
  root: string;
  masterKey: KeyObject;
  previousMasterKeys?: readonly KeyObject[];
  maxImagePixels?: number;
}): FileStore {
  const blobsDir = join(options.root, 'blobs');
  const tmpDir = join(options.root, 'tmp');
  const masterKeys = [options.masterKey, ...(options.previousMasterKeys ?? [])];
  const maxPixels = options.maxImagePixels ?? MAX_IMAGE_PIXELS;

  function blobPath(id: string): string {
    if (!BLOB_ID.test(id)) throw new StorageFailure('STORAGE_INTEGRITY_FAILED', 'blob-id');
    return join(blobsDir, id.slice(0, 2), id);
  }

  async function receive(input: Readable, maxBytes: number, tempPath: string, id: string, dataKey: Buffer) {
    const inspector = createUploadInspector({ maxBytes });
    const imageChunks: Buffer[] = [];
    let writer: BlobWriter | null = null;
    // PDFs stream straight through the cipher into the temp file; images are collected
    // (at most maxBytes) because they are re-encoded as a whole.
    const accept = async (chunks: Buffer[]) => {
      for (const chunk of chunks) {
        if (inspector.mediaType === 'application/pdf') {
          writer ??= await createBlobWriter(tempPath, id, dataKey);
          await writer.write(chunk);
        } else {
          imageChunks.push(chunk);
        }
      }
    };
    try {
      // Throwing inside for-await destroys the input: an oversized or rejected upload stops being read.
      for await (const chunk of input) await accept(inspector.push(toBuffer(chunk)));
      const { mediaType, rest } = inspector.finish();
      await accept(rest);
      if (isImage(mediaType)) {
        const clean = await sanitizeImage(Buffer.concat(imageChunks), mediaType, { maxPixels });
        imageChunks.length = 0;
        writer = await createBlobWriter(tempPath, id, dataKey);
        await writer.write(clean);
      }
      writer ??= await createBlobWriter(tempPath, id, dataKey);
      const written = await writer.finish();
      return { mediaType, ...written };
    } catch (error) {
      await (writer as BlobWriter | null)?.abort();
      throw error;
    }
  }

  return {
    async save(input, { maxBytes, displayName }) {
      try {
        assertUploadNameAllowed(displayName);
      } catch (error) {
        input.destroy();
        throw error;
      }
      await ensurePrivateDirectory(tmpDir);
      await ensurePrivateDirectory(blobsDir);
      const id = newBlobId();
      const dataKey = newDataKey();
      const tempPath = join(tmpDir, `${id}.part`);
      try {
        const { mediaType, size, sha256 } = await receive(input, maxBytes, tempPath, id, dataKey);
        const prefixDir = join(blobsDir, id.slice(0, 2));
        const created = await mkdir(prefixDir, { recursive: true, mode: 0o700 });
        if (created !== undefined) await fsyncDirectory(blobsDir);
        await rename(tempPath, join(prefixDir, id));
        await fsyncDirectory(prefixDir);
        return {
          id,
          size,
          sha256,
          mediaType,
          displayName: sanitizeDisplayName(displayName, mediaType),
          wrappedKey: wrapDataKey(dataKey, id, options.masterKey),
          createdAt: new Date().toISOString(),
        };
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      } finally {
        dataKey.fill(0);
      }
    },

    open(file) {
      async function* chunks(): AsyncGenerator<Buffer> {
        const path = blobPath(file.id);
        const dataKey = unwrapDataKey(file.wrappedKey, file.id, masterKeys);
        try {
          yield* decryptBlobChunks(path, file.id, dataKey);
        } finally {
          dataKey.fill(0);
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },

    async read(file) {
      const path = blobPath(file.id);
      const dataKey = unwrapDataKey(file.wrappedKey, file.id, masterKeys);
      try {
        return await decryptBlob(path, file.id, dataKey);
      } finally {
        dataKey.fill(0);
      }
    },

    async remove(id) {
      const path = blobPath(id);
      try {
        await unlink(path);
      } catch (error) {
        if (isCode(error, 'ENOENT')) return;
        throw error;
      }
      await fsyncDirectory(join(blobsDir, id.slice(0, 2)));
    },

    rewrapKey(file) {
      const dataKey = unwrapDataKey(file.wrappedKey, file.id, masterKeys);
      try {
        return wrapDataKey(dataKey, file.id, options.masterKey);
      } finally {
        dataKey.fill(0);
      }
    },

    async checkWritable() {
      await ensurePrivateDirectory(tmpDir);
      const probe = join(tmpDir, `ready-${randomBytes(8).toString('hex')}.probe`);
      try {
        await writeFile(probe, 'ok', { flush: true });
      } finally {
        await rm(probe, { force: true });
      }
    },

    async sweepOrphans(known, { olderThanMs, now = Date.now() }) {
      const isKnown = typeof known === 'function' ? known : async (id: string) => known.has(id);
      const isOld = async (path: string) => {
        try {
          return now - (await stat(path)).mtimeMs >= olderThanMs;
        } catch (error) {
          if (isCode(error, 'ENOENT')) return false;
          throw error;
        }
      };
      let removedBlobs = 0;
      let removedTemp = 0;
      for (const prefix of await listDir(blobsDir)) {
        if (!PREFIX.test(prefix)) continue;
        const prefixDir = join(blobsDir, prefix);
        let removedHere = 0;
        for (const name of await listDir(prefixDir)) {
          // Only names this store could have written; anything else is left for a human.
          if (!BLOB_ID.test(name) || !name.startsWith(prefix)) continue;
          const path = join(prefixDir, name);
          if (!(await isOld(path)) || (await isKnown(name))) continue;
          await rm(path, { force: true });
          removedHere++;
        }
        if (removedHere > 0) await fsyncDirectory(prefixDir);
        removedBlobs += removedHere;
      }
      for (const name of await listDir(tmpDir)) {
        const path = join(tmpDir, name);
        if (!(await isOld(path))) continue;
        await rm(path, { force: true, recursive: true });
        removedTemp++;
      }
      return { removedBlobs, removedTemp };
    },
  };
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
}
