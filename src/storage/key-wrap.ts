import { createCipheriv, createDecipheriv, createHash, randomBytes, type KeyObject } from 'node:crypto';
import { StorageFailure } from './upload-errors.ts';

/**
 * Envelope encryption: each blob has its own random 256-bit data key, stored in the database
 * only in wrapped form (encrypted with the master key by AES-256-GCM). Rotating the master key
 * means re-wrapping these small values; blobs on disk are never rewritten.
 *
 * Wrapped key, base64 of 69 bytes:
 *   version (1, = 0x01) | master key id (8) | IV (12) | encrypted data key (32) | GCM tag (16)
 * The additional authenticated data binds it to its blob id, so a wrapped key copied onto
 * another file row does not open that file.
 */

const VERSION = 0x01;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
export const DATA_KEY_BYTES = 32;
const TAG_BYTES = 16;
const PREFIX_BYTES = 1 + KEY_ID_BYTES;
const WRAPPED_BYTES = PREFIX_BYTES + IV_BYTES + DATA_KEY_BYTES + TAG_BYTES;

function keyIdBytes(masterKey: KeyObject): Buffer {
  return createHash('sha256').update('kidneydesk/master-key-id/v1\u0000').update(masterKey.export()).digest().subarray(0, KEY_ID_BYTES);
}

function aad(prefix: Buffer, blobId: string): Buffer {
  return Buffer.concat([Buffer.from(`kidneydesk/data-key/v1\u0000${blobId}\u0000`, 'utf8'), prefix]);
}

/** A short, non-secret fingerprint of a master key (hex), to tell keys apart in logs and during rotation. */
export function masterKeyId(masterKey: KeyObject): string {
  return keyIdBytes(masterKey).toString('hex');
}

/** A fresh random data key for one blob. */
export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** Encrypts a blob's data key with the master key; returns the base64 value to store in the database. */
export function wrapDataKey(dataKey: Buffer, blobId: string, masterKey: KeyObject): string {
  if (dataKey.length !== DATA_KEY_BYTES) throw new Error('A data key must be 32 bytes.');
  const prefix = Buffer.concat([Buffer.from([VERSION]), keyIdBytes(masterKey)]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(aad(prefix, blobId));
  const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([prefix, iv, encrypted, cipher.getAuthTag()]).toString('base64');
}

/** The id of the master key that wrapped this value, or null if it is not a wrapped key. */
export function wrappedKeyId(wrapped: string): string | null {
  const bytes = Buffer.from(wrapped, 'base64');
  if (bytes.length !== WRAPPED_BYTES || bytes[0] !== VERSION) return null;
  return bytes.subarray(1, PREFIX_BYTES).toString('hex');
}

/**
 * Recovers a blob's data key with whichever of `masterKeys` wrapped it (current first, then any
 * kept for rotation). Throws a StorageFailure if none did or the value was altered.
 */
export function unwrapDataKey(wrapped: string, blobId: string, masterKeys: readonly KeyObject[]): Buffer {
  const bytes = Buffer.from(wrapped, 'base64');
  if (bytes.length !== WRAPPED_BYTES || bytes[0] !== VERSION) throw new StorageFailure('STORAGE_INTEGRITY_FAILED', 'wrapped-key-format');
  const prefix = bytes.subarray(0, PREFIX_BYTES);
  const id = prefix.subarray(1);
  const masterKey = masterKeys.find((k) => keyIdBytes(k).equals(id));
  if (!masterKey) throw new StorageFailure('STORAGE_KEY_UNKNOWN', 'master-key-unknown');
  const iv = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + IV_BYTES);
  const encrypted = bytes.subarray(PREFIX_BYTES + IV_BYTES, PREFIX_BYTES + IV_BYTES + DATA_KEY_BYTES);
  const tag = bytes.subarray(WRAPPED_BYTES - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, iv);
    decipher.setAAD(aad(prefix, blobId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(encrypted), decipher.final()]);
  } catch {
    throw new StorageFailure('STORAGE_INTEGRITY_FAILED', 'wrapped-key-auth');
  }
}
