import assert from 'node:assert/strict';
import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createFileStore, type FileStore } from './file-store.ts';
import { UploadRejection, type UploadErrorCode } from './upload-errors.ts';

/** Test-only helpers for the store tests (not exported from index.ts). */

export interface StoreHarness {
  readonly dir: string;
  readonly root: string;
  readonly masterKey: KeyObject;
  readonly store: FileStore;
}

/** A fresh random master key. */
export function randomMasterKey(): KeyObject {
  return createSecretKey(randomBytes(32));
}

/** Runs `fn` with a store rooted in a new temp dir (`<dir>/files`), removed afterwards. */
export async function withStore(fn: (h: StoreHarness) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kd-store-'));
  try {
    const root = join(dir, 'files');
    const masterKey = randomMasterKey();
    await fn({ dir, root, masterKey, store: createFileStore({ root, masterKey }) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir`, as sorted relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort();
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
}

/** A hash of every path and file content under `dir`. */
export async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await listFiles(dir)) hash.update(path).update('\u0000').update(await readFile(join(dir, path)));
  return hash.digest('hex');
}

/** Asserts that nothing is left in the store: no blob, no temp file. */
export async function assertNothingStored(root: string): Promise<void> {
  assert.deepEqual(await listFiles(join(root, 'blobs')), [], 'no blob');
  assert.deepEqual(await listFiles(join(root, 'tmp')), [], 'no temp file');
}

/** Awaits a rejected upload and checks its code (and so its 4xx status). */
export async function expectRejected(promise: Promise<unknown>, code: UploadErrorCode): Promise<UploadRejection> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UploadRejection, `expected ${code}, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.ok(error.status >= 400 && error.status < 500);
    assert.deepEqual(error.fields.map((f) => f.field), ['files']);
    return error;
  }
  assert.fail(`expected ${code}, but the upload was accepted`);
}
