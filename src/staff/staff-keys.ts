import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Every key the staff console uses is derived from one root (AppContext.staffSecret, itself
// derived from the master key) under its own label, so no two uses share a key.

/** A sub-key of the staff root for one purpose. */
export function deriveKey(root: Buffer, label: string): Buffer {
  return createHmac('sha256', root).update(`kidneydesk staff:${label}`).digest();
}

/** A 256-bit secret for a link or a cookie, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** True when the value has the shape of a secret we issue (so garbage is not even looked up). */
export function looksLikeSecret(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** Only hashes of secrets are stored: a copy of the database opens no session and no link. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** An HMAC of `value` under the root's `label` key, base64url. */
export function keyedDigest(root: Buffer, label: string, value: string): string {
  return createHmac('sha256', deriveKey(root, label)).update(value).digest('base64url');
}

/** Compares two strings without revealing where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Seals a small secret (a TOTP key) with AES-256-GCM; `context` (the staff id) is bound as
 * associated data, so a sealed value copied to another account does not open.
 */
export function seal(root: Buffer, plain: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(root, 'totp-seal'), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Opens a value made by `seal`; throws if it was altered or belongs to another context. */
export function unseal(root: Buffer, sealed: string, context: string): Buffer {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('sealed value: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(root, 'totp-seal'), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}
