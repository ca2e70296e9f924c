import { sql } from 'kysely';
import type { Db, Trx } from '../database.ts';
import type { ContactMessageRow, ContactMessageTable, ContactReplyRow } from './contact.table.ts';

type Executor = Db | Trx;

/** Which messages the staff inbox lists. */
export type InboxFilter = 'all' | 'unhandled' | 'handled';

/** Stores a new message. */
export async function insertContactMessage(trx: Trx, row: ContactMessageTable): Promise<void> {
  await trx.insertInto('contact_messages').values(row).execute();
}

/** True when a reference is already in use. */
export async function referenceTaken(trx: Trx, reference: string): Promise<boolean> {
  return (await trx.selectFrom('contact_messages').select('id').where('reference', '=', reference).executeTakeFirst()) !== undefined;
}

/** A page of messages for the staff inbox (across every sender): unhandled first, then newest first. */
export async function listContactMessagesForStaff(db: Executor, filter: InboxFilter, limit: number, offset: number): Promise<ContactMessageRow[]> {
  let query = db.selectFrom('contact_messages').selectAll();
  if (filter === 'unhandled') query = query.where('handled_at', 'is', null);
  if (filter === 'handled') query = query.where('handled_at', 'is not', null);
  return query
    .orderBy(sql`case when handled_at is null then 0 else 1 end`)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit).offset(offset)
    .execute();
}

/** How many messages are handled and unhandled. */
export async function countContactMessages(db: Executor): Promise<{ unhandled: number; handled: number }> {
  const rows = await db.selectFrom('contact_messages')
    .select((eb) => [sql<number>`case when handled_at is null then 0 else 1 end`.as('handled'), eb.fn.countAll<string>().as('n')])
    .groupBy(sql`case when handled_at is null then 0 else 1 end`)
    .execute();
  const count = (handled: number) => Number(rows.find((r) => Number(r.handled) === handled)?.n ?? 0);
  return { unhandled: count(0), handled: count(1) };
}

/** One message by id, or undefined. */
export async function findContactMessage(db: Executor, id: string): Promise<ContactMessageRow | undefined> {
  return db.selectFrom('contact_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The replies sent to a message, oldest first. */
export async function listContactReplies(db: Executor, messageId: string): Promise<ContactReplyRow[]> {
  return db.selectFrom('contact_replies').selectAll().where('message_id', '=', messageId).orderBy('created_at').orderBy('id').execute();
}

/** Marks a message handled (by whom, when) or unhandled (both null). */
export async function setHandled(trx: Trx, id: string, handled: { at: string; by: string } | null, now: string): Promise<void> {
  await trx.updateTable('contact_messages')
    .set({ handled_at: handled?.at ?? null, handled_by: handled?.by ?? null, updated_at: now })
    .where('id', '=', id).execute();
}

/** Keeps a reply and marks the message replied and handled. */
export async function insertReply(trx: Trx, reply: ContactReplyRow): Promise<void> {
  await trx.insertInto('contact_replies').values(reply).execute();
  await trx.updateTable('contact_messages')
    .set({ replied_at: reply.created_at, handled_at: reply.created_at, handled_by: reply.author_id, updated_at: reply.created_at })
    .where('id', '=', reply.message_id).execute();
}
