import path from 'node:path';
import type { AppContext } from '../context.ts';
import { compactAfterErase } from '../db/index.ts';
import { purgeMailIdsFor, removeMailFiles } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';

// Contact messages are kept as long as closed consultations (RETENTION_DAYS), counted from when
// they arrived: a message is a short exchange, handled within days. Each goes in its own
// transaction with its replies (ON DELETE CASCADE) and its mail still in the outbox; the audit
// log keeps only the message id.

const PURGED_TABLES = ['contact_messages', 'contact_replies', 'outbox'] as const;

export interface ContactPurgeReport {
  readonly messages: number;
  readonly mails: number;
  /** ISO time: messages received before it go. */
  readonly cutoff: string;
  readonly dryRun: boolean;
}

/** Deletes (or with `dryRun` counts) contact messages received RETENTION_DAYS or more ago. */
export async function purgeExpiredContactMessages(ctx: AppContext, options: { dryRun?: boolean } = {}): Promise<ContactPurgeReport> {
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - ctx.config.retentionDays * 86_400_000).toISOString();
  const due = await ctx.db.selectFrom('contact_messages').select('id').where('received_at', '<', cutoff).orderBy('received_at').execute();
  if (options.dryRun) return { messages: due.length, mails: 0, cutoff, dryRun: true };
  let messages = 0;
  const mailIds: string[] = [];
  for (const { id } of due) {
    await ctx.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('contact_messages').where('id', '=', id).where('received_at', '<', cutoff).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return;
      messages++;
      mailIds.push(...await purgeMailIdsFor(trx, { type: 'contact_message', id }));
      await recordAudit(trx, { actor: { type: 'system' }, action: 'contact.purged', subject: { type: 'contact_message', id }, at: now });
    });
  }
  if (messages > 0) {
    await removeMailFiles(path.join(ctx.config.dataDir, 'mail'), mailIds);
    await compactAfterErase(ctx.db, PURGED_TABLES);
  }
  return { messages, mails: mailIds.length, cutoff, dryRun: false };
}
