import type { AppContext } from '../context.ts';
import type { Db } from '../database.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { recordAudit } from '../platform/audit.ts';
import { assertCan, can, type StaffActor } from './staff.policy.ts';
import type { RequestMeta, StaffSession } from './staff-session.ts';
import { csrfField } from './staff-layout.ts';

// Being on duty: reminders for consultations nobody has taken go to the experts and admins on
// duty (answer-deadlines.ts). Each member switches it for themselves on the console home.

/** True when the member is on duty. */
export async function isOnDuty(db: Db, staffId: string): Promise<boolean> {
  const row = await db.selectFrom('staff').select('on_duty').where('id', '=', staffId).executeTakeFirst();
  return Number(row?.on_duty ?? 0) === 1;
}

/** Puts the actor on or off duty, audited as `staff.duty_changed`; nothing happens (or is audited) when it is already so. */
export async function setOnDuty(ctx: AppContext, actor: StaffActor, onDuty: boolean, meta: RequestMeta): Promise<void> {
  assertCan(actor, 'consultation.view');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('staff').set({ on_duty: onDuty ? 1 : 0, updated_at: now.toISOString() })
      .where('id', '=', actor.id).where('on_duty', '=', onDuty ? 0 : 1).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: 'staff.duty_changed', subject: { type: 'staff', id: actor.id }, ip: meta.ip, at: now });
  });
}

/** The console home's on-duty panel for members who answer consultations; '' for others. */
export async function dutyPanel(db: Db, session: StaffSession): Promise<SafeHtml | ''> {
  if (!can(session.actor, 'consultation.view')) return '';
  const onDuty = await isOnDuty(db, session.actor.id);
  return html`<section class="duty-panel" aria-labelledby="duty-title">
    <h2 id="duty-title">On duty</h2>
    <p role="status">${onDuty
      ? html`You are <strong>on duty</strong>: reminders for consultations nobody has taken come to you.`
      : html`You are <strong>off duty</strong>: reminders for consultations nobody has taken go to colleagues on duty (to everyone only when nobody is).`}</p>
    <form method="post" action="/staff/duty">
      ${csrfField(session.csrf)}
      <input type="hidden" name="duty" value="${onDuty ? 'off' : 'on'}">
      <button class="button${onDuty ? ' button--secondary' : ''}" type="submit">${onDuty ? 'Go off duty' : 'Go on duty'}</button>
    </form>
  </section>`;
}
