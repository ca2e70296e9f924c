import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { askConsultation, CONSOLE_TEST_ENV } from '../staff/consultation-console.fixtures.ts';
import { createMember } from '../staff/staff.fixtures.ts';
import { addPatientFollowUp } from './consultation.service.ts';
import { sendExpertAnswer } from './expert-answer.service.ts';
import { closeIdleAnsweredConsultations } from './auto-close.ts';
import { purgeExpiredConsultations } from './retention.ts';

// An answered consultation nobody touches is closed after AUTO_CLOSE_DAYS, so retention can
// delete it RETENTION_DAYS later; a follow-up in between keeps it open.

const DAY = 86_400_000;

describeEachDatabase('closing idle answered consultations', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-22T09:00:00Z');
  before(async () => {
    t = await createTestApp(kind, { env: { ...CONSOLE_TEST_ENV, AUTO_CLOSE_DAYS: '30', RETENTION_DAYS: '180' }, now: () => new Date(now) });
  });
  after(async () => {
    await t?.close();
  });

  const statusOf = async (id: string) => (await t.ctx.db.selectFrom('consultations').select(['status', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow());

  it('closes answered consultations idle for AUTO_CLOSE_DAYS, not those with a later follow-up, then retention deletes them', async () => {
    const expert = await createMember(t.ctx, { role: 'expert' });
    const quiet = await askConsultation(t, { email: 'quiet@example.com' });
    const busy = await askConsultation(t, { email: 'busy@example.com' });
    const open = await askConsultation(t, { email: 'open@example.com' });
    for (const c of [quiet, busy]) await sendExpertAnswer(t.ctx, { consultationId: c.id, staffId: expert.id, body: 'Here is what we think.', ip: '127.0.0.1' });

    now += 20 * DAY;
    await addPatientFollowUp(t.ctx, busy.id, 'Thank you. One more question about my diet, please.', []);
    await sendExpertAnswer(t.ctx, { consultationId: busy.id, staffId: expert.id, body: 'Of course: here is more.', ip: '127.0.0.1' });

    now += 10 * DAY - 1000; // the quiet one: 30 days less a second since its answer
    assert.equal(await closeIdleAnsweredConsultations(t.ctx), 0);
    now += 2000;
    assert.equal(await closeIdleAnsweredConsultations(t.ctx, { dryRun: true }), 1);
    assert.equal((await statusOf(quiet.id)).status, 'answered', 'a dry run changes nothing');
    assert.equal(await closeIdleAnsweredConsultations(t.ctx), 1);
    assert.deepEqual({ ...await statusOf(quiet.id) }, { status: 'closed', closed_at: new Date(now).toISOString() });
    assert.equal((await statusOf(busy.id)).status, 'answered', 'answered again 10 days ago');
    assert.equal((await statusOf(open.id)).status, 'received', 'never answered: still in the queue');

    const event = await t.ctx.db.selectFrom('consultation_events').select(['kind', 'detail', 'actor_id']).where('consultation_id', '=', quiet.id).where('kind', '=', 'status_changed').executeTakeFirstOrThrow();
    assert.deepEqual({ ...event, detail: JSON.parse(event.detail) }, { kind: 'status_changed', actor_id: null, detail: { from: 'answered', to: 'closed', reason: 'idle' } });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_type', 'subject_id']).where('action', '=', 'consultation.auto_closed').execute();
    assert.deepEqual(audit.map((a) => ({ ...a })), [{ actor_type: 'system', subject_id: quiet.id }]);
    assert.equal(await closeIdleAnsweredConsultations(t.ctx), 0, 'once only');

    now += 180 * DAY;
    const purged = await purgeExpiredConsultations(t.ctx);
    assert.equal(purged.consultations, 1, 'retention then deletes the auto-closed consultation');
    assert.equal((await t.ctx.db.selectFrom('consultations').select('id').where('id', '=', quiet.id).execute()).length, 0);
  });
});
