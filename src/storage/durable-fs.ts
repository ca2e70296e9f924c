import { mkdir, open } from 'node:fs/promises';

/**
 * Flushes a directory's entries to disk, so a file created or renamed in it survives a power
 * cut. Platforms that cannot open a directory for syncing (Windows) are skipped.
 */
export async function fsyncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isCode(error, 'EISDIR') || isCode(error, 'EPERM') || isCode(error, 'EACCES')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isCode(error, 'EINVAL') && !isCode(error, 'EBADF') && !isCode(error, 'EPERM')) throw error;
  } finally {
    await handle.close();
  }
}

/** Creates a directory (and its parents) readable by the server's user only. */
export async function ensurePrivateDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
}

/** Whether a thrown value is a Node system error with this code. */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
