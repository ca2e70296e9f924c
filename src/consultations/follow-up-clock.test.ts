import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fieldParts, multipartBody } from '../../test/multipart.ts';
import { askFields, caseCookie, CASE_COOKIE, csrfOf, getWithCase, postAsk } from '../../test/ask-fixtures.ts';
import type { Updateable } from 'kysely';
import type { ConsultationTable } from './consultation.table.ts';

// A patient's follow-up and the answer clock, on both databases: it reopens an answered or
// closed consultation with a fresh deadline (reminder and breach still to come), restarts a
// paused clock, and is recorded as a 'follow_up' event by nobody on staff.

const HOUR = 3_600_000;

describeEachDatabase('a follow-up and the answer clock', (kind) => {
  let t: TestApp;
  let clock = Date.parse('2026-11-22T09:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  const ask = async (email: string) => {
    const sent = await postAsk(t.app, askFields({ email }));
    assert.equal(sent.statusCode, 303);
    const row = await t.ctx.db.selectFrom('consultations').select('id').where('patient_email', '=', email).executeTakeFirstOrThrow();
    return { id: row.id, cookie: caseCookie(sent) };
  };
  const set = (id: string, values: Updateable<ConsultationTable>) =>
    t.ctx.db.updateTable('consultations').set(values).where('id', '=', id).execute();
  const row = (id: string) => t.ctx.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const followUp = async (p: { cookie: string }, body: string) => {
    const csrf = csrfOf((await getWithCase(t.app, '/case', p.cookie)).body);
    const form = multipartBody(fieldParts({ csrf, body }));
    const response = await t.app.inject({ method: 'POST', url: '/case/messages', cookies: { [CASE_COOKIE]: p.cookie }, headers: { 'content-type': form.contentType }, payload: form.payload });
    assert.equal(response.statusCode, 303, response.body);
  };
  const events = (id: string) => t.ctx.db.selectFrom('consultation_events').selectAll().where('consultation_id', '=', id).execute();

  before(async () => {
    t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' }, now: () => new Date(clock) });
  });
  after(async () => {
    await t?.close();
  });

  it('reopens an answered consultation with a fresh deadline whose reminder and breach are still to come', async () => {
    const p = await ask('answered@example.com');
    await set(p.id, { status: 'answered', first_answered_at: iso(clock + HOUR), reminder_sent_at: iso(clock + 2 * HOUR), breached_at: iso(clock + 3 * HOUR) });
    // Ten hours on (a case session lasts twelve): the old deadline was 14 hours away, the new one is 24.
    clock += 10 * HOUR;
    await followUp(p, 'Thank you. One more question about my potassium.');
    const after = await row(p.id);
    assert.deepEqual([after.status, after.due_at, after.reminder_sent_at, after.breached_at, after.closed_at, after.updated_at],
      ['in_progress', iso(clock + 24 * HOUR), null, null, null, iso(clock)]);
    const [event] = await events(p.id);
    assert.deepEqual([event?.kind, event?.actor_id, JSON.parse(event!.detail)], ['follow_up', null, { reopened: true, clockResumed: false, files: 0 }]);
  });

  it('reopens a closed consultation whose clock was paused: the pause ends, and counts only before the first answer', async () => {
    const p = await ask('closed@example.com');
    await set(p.id, { status: 'closed', closed_at: iso(clock), clock_paused_at: iso(clock - 2 * HOUR), paused_seconds: 60 });
    await followUp(p, 'I have the results you asked for now.');
    const after = await row(p.id);
    assert.deepEqual([after.status, after.clock_paused_at, after.closed_at, after.due_at, after.paused_seconds],
      ['in_progress', null, null, iso(clock + 24 * HOUR), 60 + 2 * 3600]);
  });

  it('restarts a paused open consultation\'s clock without reopening anything: the deadline moves on by the pause', async () => {
    const p = await ask('paused@example.com');
    const due = (await row(p.id)).due_at;
    await set(p.id, { clock_paused_at: iso(clock), reminder_sent_at: iso(clock) });
    clock += 5 * HOUR;
    await followUp(p, 'Here is the blood pressure diary you asked for.');
    const after = await row(p.id);
    assert.deepEqual([after.status, after.clock_paused_at, after.due_at, after.paused_seconds, after.reminder_sent_at],
      ['received', null, iso(Date.parse(due) + 5 * HOUR), 5 * 3600, null]);
    const [event] = await events(p.id);
    assert.deepEqual(JSON.parse(event!.detail), { reopened: false, clockResumed: true, files: 0 });
  });

  it('a follow-up on a running clock leaves the deadline alone', async () => {
    const p = await ask('running@example.com');
    const before = await row(p.id);
    clock += HOUR;
    await followUp(p, 'Also, I forgot to say I take ramipril.');
    const after = await row(p.id);
    assert.deepEqual([after.status, after.due_at, after.paused_seconds], [before.status, before.due_at, 0]);
  });
});
