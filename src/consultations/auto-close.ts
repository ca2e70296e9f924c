import type { AppContext } from '../context.ts';
import { recordAudit } from '../platform/audit.ts';
import { recordConsultationEvent } from './consultation-events.ts';

// An answered consultation that nobody touches again would otherwise be kept for ever: retention
// counts from closing. After AUTO_CLOSE_DAYS without activity (no follow-up, no staff change) it
// is closed by the system, with an event and an audit row; a follow-up from the patient still
// reopens it, until the retention purge deletes it RETENTION_DAYS later.

/** Closes answered consultations idle for AUTO_CLOSE_DAYS (one transaction each); returns how many. `dryRun` only counts. */
export async function closeIdleAnsweredConsultations(ctx: AppContext, options: { dryRun?: boolean } = {}): Promise<number> {
  const now = ctx.now();
  const stamp = now.toISOString();
  const idleSince = new Date(now.getTime() - ctx.config.autoCloseDays * 86_400_000).toISOString();
  const idle = await ctx.db.selectFrom('consultations').select('id')
    .where('status', '=', 'answered').where('updated_at', '<=', idleSince).orderBy('updated_at').execute();
  if (options.dryRun) return idle.length;
  let closed = 0;
  for (const { id } of idle) {
    await ctx.db.transaction().execute(async (trx) => {
      // The condition again, in the UPDATE: a follow-up that arrived meanwhile wins.
      const changed = await trx.updateTable('consultations').set({ status: 'closed', closed_at: stamp, updated_at: stamp })
        .where('id', '=', id).where('status', '=', 'answered').where('updated_at', '<=', idleSince).executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) return;
      closed++;
      await recordConsultationEvent(trx, { consultationId: id, kind: 'status_changed', at: now, detail: { from: 'answered', to: 'closed', reason: 'idle' } });
      await recordAudit(trx, { actor: { type: 'system' }, action: 'consultation.auto_closed', subject: { type: 'consultation', id }, at: now });
    });
  }
  return closed;
}
