import type { Db } from '../database.ts';

/** How many answers this staff member has sent to patients: a number only, never what they said. */
export async function countAnswersBy(db: Db, staffId: string): Promise<number> {
  const row = await db.selectFrom('consultation_messages').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('author', '=', 'expert').where('kind', '=', 'answer').where('author_id', '=', staffId).executeTakeFirstOrThrow();
  return Number(row.n);
}
