import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Deletes the `.eml` copies the file transport wrote for these outbox ids (`DATA_DIR/mail`, used
 * when no SMTP_URL is set), and any half-written temporary file of theirs; returns how many.
 * Mail that went out through SMTP is in the recipient's mailbox and cannot be recalled.
 */
export async function removeMailFiles(mailDir: string, outboxIds: readonly string[]): Promise<number> {
  if (outboxIds.length === 0) return 0;
  let names: string[];
  try {
    names = await readdir(mailDir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 0;
    throw error;
  }
  const suffixes = outboxIds.map((id) => `-${id}.eml`);
  let removed = 0;
  for (const name of names) {
    const bare = name.startsWith('.') && name.endsWith('.tmp') ? name.slice(1, -4) : name;
    if (!suffixes.some((suffix) => bare.endsWith(suffix))) continue;
    await rm(path.join(mailDir, name), { force: true });
    removed++;
  }
  if (removed > 0) await syncDirectory(mailDir);
  return removed;
}

/** Makes the removals durable (a power cut must not bring the files back); skipped where a directory cannot be synced. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot sync a directory.
  } finally {
    await handle.close();
  }
}
