import type { AppContext } from '../context.ts';
import type { SweepResult } from '../storage/index.ts';

/** Blobs and temp files younger than this may belong to an upload still in progress. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes stored report files that no consultation refers to (an upload whose request failed
 * or whose server was killed before the commit), once they are older than the grace window.
 */
export async function sweepOrphanFiles(ctx: AppContext): Promise<SweepResult> {
  return ctx.files.sweepOrphans(async (id) => {
    const row = await ctx.db.selectFrom('consultation_files').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }, { olderThanMs: ORPHAN_GRACE_MS, now: ctx.now().getTime() });
}
