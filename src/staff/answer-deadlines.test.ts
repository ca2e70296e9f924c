import { after, before, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { catchMail, type MailCatcher } from '../../test/ask-fixtures.ts';
import { createMember, type TestMember } from './staff.fixtures.ts';
import { runDeadlineChecks, startDeadlineChecks } from './answer-deadlines.ts';
import { hoursAfter, insertCase } from './promise.fixtures.ts';

// The reminder REMINDER_AFTER_HOURS (20) into the 24-hour target and the breach at the deadline,
// with an injected clock; mail goes through the outbox to a real SMTP server.

const T0 = '2026-11-23T09:00:00.000Z';

describeEachDatabase('answer deadlines: reminders and breaches', (kind) => {
  let t: TestApp;
  let mail: MailCatcher;
  let now = Date.parse(T0);
  let expertA: TestMember;
  let expertB: TestMember;
  let admin: TestMember;
  let n = 0;

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    mail = await catchMail(t);
    expertA = await createMember(t.ctx, { role: 'expert', email: 'a.expert@clinic.example', name: 'Ann Expert' });
    expertB = await createMember(t.ctx, { role: 'expert', email: 'b.expert@clinic.example', name: 'Ben Expert' });
    admin = await createMember(t.ctx, { role: 'admin', email: 'c.admin@clinic.example', name: 'Cat Admin' });
    await createMember(t.ctx, { role: 'editor', email: 'd.editor@clinic.example' });
    await createMember(t.ctx, { role: 'expert', email: 'e.gone@clinic.example', disabled: true });
  });
  after(async () => {
    await mail?.close();
    await t?.close();
  });
  beforeEach(async () => {
    // Every test starts with A on duty and everyone else off, and nothing open.
    await t.ctx.db.updateTable('consultations').set({ status: 'closed' }).where('status', '!=', 'closed').execute();
    await t.ctx.db.updateTable('staff').set({ on_duty: 0 }).execute();
    await t.ctx.db.updateTable('staff').set({ on_duty: 1 }).where('id', '=', expertA.id).execute();
    await mail.deliver();
  });

  const newCase = (more: Parameters<typeof insertCase>[1] extends infer S ? Partial<S> : never = {}) =>
    insertCase(t.ctx, { reference: `KD-TEST-${String(++n).padStart(2, '0')}`, receivedAt: T0, ...more });
  const run = (atHours: number) => {
    now = Date.parse(hoursAfter(T0, atHours));
    return runDeadlineChecks(t.ctx, new Date(now));
  };
  const outboxFor = async (id: string) => (await t.ctx.db.selectFrom('outbox').select(['recipient', 'kind']).where('related_id', '=', id).orderBy('recipient').execute()).map((r) => ({ ...r }));
  const eventsOf = async (id: string) => (await t.ctx.db.selectFrom('consultation_events').select(['kind', 'detail', 'actor_id']).where('consultation_id', '=', id).orderBy('at').execute()).map((r) => ({ ...r }));
  const row = async (id: string) => ({ ...await t.ctx.db.selectFrom('consultations').select(['reminder_sent_at', 'breached_at']).where('id', '=', id).executeTakeFirstOrThrow() });

  it('reminds the assigned expert once, at 20 hours and not a minute before, by real mail', async () => {
    const id = await newCase({ assignedTo: expertB.id });
    await run(19 + 59 / 60);
    assert.deepEqual(await outboxFor(id), [], 'no reminder at 19 h 59 min');
    assert.equal((await row(id)).reminder_sent_at, null);

    const first = await run(20);
    assert.equal(first.reminded, 1);
    assert.deepEqual(await outboxFor(id), [{ recipient: expertB.email, kind: 'staff-reminder' }], 'the assigned expert only, although A is on duty');
    await run(20.5);
    assert.deepEqual(await outboxFor(id), [{ recipient: expertB.email, kind: 'staff-reminder' }], 'still one mail after a second run');
    assert.equal((await row(id)).reminder_sent_at, hoursAfter(T0, 20));
    const events = await eventsOf(id);
    assert.deepEqual(events.map((e) => [e.kind, JSON.parse(e.detail), e.actor_id]), [['reminder_sent', { recipients: 1 }, null]]);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_type', 'actor_id']).where('action', '=', 'consultation.reminder_sent').where('subject_id', '=', id).execute();
    assert.deepEqual(audit.map((a) => ({ ...a })), [{ actor_type: 'system', actor_id: null }]);

    const received = await mail.deliver();
    assert.equal(received.length, 1);
    const [message] = received;
    assert.deepEqual(message!.envelopeTo, [expertB.email]);
    const subject = message!.headers.get('subject') ?? '';
    assert.match(subject, /KD-TEST-\d\d/);
    assert.match(subject, /Tue, 24 Nov 2026, 09:00 UTC/, 'the deadline: 24 hours after receipt');
    assert.match(message!.text, /Hello Ben Expert/);
    assert.match(message!.text, new RegExp(`It is due by Tue, 24 Nov 2026, 09:00 UTC`));
    assert.ok(message!.text.includes(`http://kidneydesk.test/staff/consultations/${id}`), 'links to the case in the console');
    assert.doesNotMatch(message!.raw, /Pat Example|pat@example\.com/, 'no patient details in a staff reminder');
  });

  it('reminds the experts and admins on duty when nobody has the consultation', async () => {
    await t.ctx.db.updateTable('staff').set({ on_duty: 1 }).where('id', '=', admin.id).execute();
    const id = await newCase();
    await run(20);
    assert.deepEqual((await outboxFor(id)).map((m) => m.recipient), [expertA.email, admin.email]);
    assert.deepEqual(JSON.parse((await eventsOf(id))[0]!.detail), { recipients: 2 });
    const received = await mail.deliver();
    assert.deepEqual(received.map((m) => m.envelopeTo[0]).sort(), [expertA.email, admin.email]);
  });

  it('reminds every enabled expert and admin when nobody is on duty, and when the assignee is disabled', async () => {
    await t.ctx.db.updateTable('staff').set({ on_duty: 0 }).execute();
    const unassigned = await newCase();
    const gone = await t.ctx.db.selectFrom('staff').select('id').where('email', '=', 'e.gone@clinic.example').executeTakeFirstOrThrow();
    const orphaned = await newCase({ assignedTo: gone.id });
    const result = await run(21);
    assert.equal(result.reminded, 2);
    const everyone = [expertA.email, expertB.email, admin.email];
    assert.deepEqual((await outboxFor(unassigned)).map((m) => m.recipient), everyone, 'no editor, no disabled account');
    assert.deepEqual((await outboxFor(orphaned)).map((m) => m.recipient), everyone);
    assert.equal((await mail.deliver()).length, 6);
  });

  it('records a breach once, at the deadline', async () => {
    const id = await newCase({ assignedTo: expertA.id });
    const early = await run(23.99);
    assert.deepEqual([early.reminded, early.breached], [1, 0]);
    assert.equal((await row(id)).breached_at, null);
    const result = await run(24);
    assert.deepEqual([result.reminded, result.breached], [0, 1]);
    await run(25);
    assert.equal((await row(id)).breached_at, hoursAfter(T0, 24));
    const breaches = (await eventsOf(id)).filter((e) => e.kind === 'breached');
    assert.deepEqual(breaches.map((e) => JSON.parse(e.detail)), [{ first: true }]);
    assert.equal((await t.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'consultation.breached').where('subject_id', '=', id).execute()).length, 1);
  });

  it('a breach after a follow-up says it is not the first answer', async () => {
    const id = await newCase({ status: 'in_progress', firstAnsweredAt: hoursAfter(T0, 2), firstAnsweredBy: expertA.id, dueAt: hoursAfter(T0, 30) });
    await run(30);
    assert.deepEqual((await eventsOf(id)).filter((e) => e.kind === 'breached').map((e) => JSON.parse(e.detail)), [{ first: false }]);
  });

  it('leaves paused, answered and closed consultations alone', async () => {
    const paused = await newCase({ status: 'in_progress', clockPausedAt: hoursAfter(T0, 10) });
    const answered = await newCase({ firstAnsweredAt: hoursAfter(T0, 5), firstAnsweredBy: expertA.id });
    const closed = await newCase({ status: 'closed', closedAt: hoursAfter(T0, 1) });
    const result = await run(30);
    for (const id of [paused, answered, closed]) {
      assert.deepEqual(await outboxFor(id), []);
      assert.deepEqual(await eventsOf(id), []);
      assert.deepEqual(await row(id), { reminder_sent_at: null, breached_at: null });
    }
    assert.deepEqual(result, { reminded: 0, mails: 0, breached: 0 });
  });

  it('the timer runs a check at once, and stopping waits for it', async () => {
    const id = await newCase({ assignedTo: expertA.id });
    now = Date.parse(hoursAfter(T0, 20));
    const logged: object[] = [];
    const checker = startDeadlineChecks(t.ctx, { intervalMs: 3_600_000, log: { info: (o) => logged.push(o), error: (o) => logged.push(o) } });
    await checker.stop();
    assert.equal((await outboxFor(id)).length, 1);
    assert.deepEqual(logged, [{ event: 'deadlines.checked', reminded: 1, mails: 1, breached: 0 }]);
  });

  it('two checkers running at once send one reminder and record one breach', async () => {
    const id = await newCase({ assignedTo: expertA.id });
    now = Date.parse(hoursAfter(T0, 24));
    const results = await Promise.all([runDeadlineChecks(t.ctx, new Date(now)), runDeadlineChecks(t.ctx, new Date(now)), runDeadlineChecks(t.ctx, new Date(now))]);
    assert.equal(results.reduce((sum, r) => sum + r.reminded, 0), 1);
    assert.equal(results.reduce((sum, r) => sum + r.breached, 0), 1);
    assert.equal((await outboxFor(id)).length, 1);
    assert.deepEqual((await eventsOf(id)).map((e) => e.kind).sort(), ['breached', 'reminder_sent']);
  });
});
