import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { link, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDirectory, fsyncDirectory, isCode } from './durable-fs.ts';

/**
 * The master key wraps every blob's data key (see key-wrap.ts). It is held as a KeyObject so
 * that it cannot end up in a log line or JSON by accident.
 */

export const MASTER_KEY_FILE = 'master.key';
const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/u;

export interface LoadedMasterKey {
  readonly key: KeyObject;
  /** Where it came from: the configuration, an existing key file, or a key file created just now. */
  readonly source: 'configured' | 'file' | 'created';
  /** The key file, unless the key was configured. */
  readonly path: string | null;
}

/** Parses a base64 (or base64url) 32-byte key. Throws an Error whose message says what is wrong, without echoing the value. */
export function parseMasterKey(text: string, origin: string): KeyObject {
  const value = text.trim();
  if (!BASE64.test(value)) throw new Error(`${origin} is not base64. Generate one with: openssl rand -base64 32`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new Error(`${origin} must be 32 bytes (44 base64 characters); it decodes to ${bytes.length} bytes.`);
  }
  if (bytes.every((b) => b === bytes[0])) throw new Error(`${origin} is a placeholder (all bytes equal), not a random key.`);
  return createSecretKey(bytes);
}

/**
 * The master key: `configuredKey` (base64, 32 bytes) when given, else `<dataDir>/master.key`,
 * which is created with mode 0600 on first start. Refuses a key file that other users can read.
 */
export async function loadOrCreateMasterKey(options: { configuredKey?: string | undefined; dataDir: string }): Promise<LoadedMasterKey> {
  if (options.configuredKey !== undefined && options.configuredKey.trim() !== '') {
    return { key: parseMasterKey(options.configuredKey, 'The configured master key'), source: 'configured', path: null };
  }
  const path = join(options.dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return { key: existing, source: 'file', path };

  await ensurePrivateDirectory(options.dataDir);
  // Write a temporary file and link it into place: no reader ever sees a half-written key,
  // and link() fails rather than replace a key another process created meanwhile.
  const encoded = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(encoded, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
    const raced = await readKeyFile(path);
    if (raced) return { key: raced, source: 'file', path };
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  await fsyncDirectory(options.dataDir);
  return { key: parseMasterKey(encoded, path), source: 'created', path };
}

async function readKeyFile(path: string): Promise<KeyObject | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  if (process.platform !== 'win32') {
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) {
      throw new Error(`${path} can be read by other users. Run: chmod 600 ${path}`);
    }
  }
  return parseMasterKey(text, path);
}
