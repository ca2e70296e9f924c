import { after, before, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from './databases.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { createTransport, listMailAlerts, startMailSender, type MailSender, type MailTransport } from '../src/notifications/index.ts';
import { RETRY_CAP_MS } from '../src/notifications/mail-sender.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../src/notifications/smtp-test-server.ts';
import { sendExpertAnswer } from '../src/consultations/index.ts';
import { runDeadlineChecks } from '../src/staff/index.ts';
import { createMember, type TestMember } from '../src/staff/staff.fixtures.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn } from '../src/staff/consultation-console.fixtures.ts';

// Mail during an SMTP outage, with a simulated clock and a real SMTP server that is switched off
// and on: consultations arrive, experts answer and reminders fall due while nothing can be sent.
// Afterwards every message must arrive, once, under the Message-ID it was queued with; a message
// whose acknowledgement is lost arrives twice under the same Message-ID; and a message that keeps
// failing for MAIL_RETRY_MAX_HOURS becomes a mail alert an admin sees on the console home.

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describeEachDatabase('mail through an SMTP outage', (kind) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let transport: MailTransport;
  let sender: MailSender;
  let now = T0;
  let expert: TestMember;
  let patients = 0;

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now), env: CONSOLE_TEST_ENV });
    smtp = await startTestSmtpServer();
    transport = createTransport({ ...t.config, smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
    const quiet = { info() {}, warn() {}, error() {} };
    // Polled by hand (`poll`), once per simulated minute, like MAIL_POLL_SECONDS would; jitter fixed.
    sender = startMailSender({ db: t.ctx.db, transport, clock: t.ctx.now, log: quiet, pollMs: 3_600_000, retryMaxHours: t.config.mailRetryMaxHours, random: () => 0.5 });
    expert = await createMember(t.ctx, { role: 'expert', email: 'on.duty@clinic.example', name: 'Olu Duty' });
    await t.ctx.db.updateTable('staff').set({ on_duty: 1 }).where('id', '=', expert.id).execute();
  });
  after(async () => {
    await sender?.stop();
    transport?.close();
    await smtp?.stop();
    await t?.close();
  });
  beforeEach(async () => {
    if (down) await switchOn();
    await t.ctx.db.updateTable('consultations').set({ status: 'closed' }).where('status', '!=', 'closed').execute();
    await t.ctx.db.deleteFrom('outbox').execute();
    smtp.received.length = 0;
  });

  let down = false;
  const switchOff = async () => { await smtp.stop(); down = true; };
  const switchOn = async () => { await smtp.start(); down = false; };
  const poll = () => sender.runOnce();
  const ask = (email = `patient${++patients}@example.org`) => askConsultation(t, { email });
  const outbox = () => t.ctx.db.selectFrom('outbox')
    .select(['id', 'kind', 'recipient', 'message_id', 'status', 'attempts', 'first_failed_at', 'last_error', 'created_at', 'sent_at']).orderBy('id').execute();

  it('loses nothing in a 30-minute outage and delivers each message once, under its own Message-ID', async (tc) => {
    now = T0;
    const early = [await ask(), await ask()];
    assert.equal(await poll(), 2, 'the early cases are confirmed while the server is up');

    // 19 h 50 min later the mail server goes away for 30 minutes.
    const outageStart = T0 + 19 * HOUR + 50 * MINUTE;
    await switchOff();
    smtp.received.length = 0;
    const late: Awaited<ReturnType<typeof ask>>[] = [];
    let failedPasses = 0;
    for (let minute = 0; minute < 30; minute++) {
      now = outageStart + minute * MINUTE;
      if (minute % 2 === 0 && minute <= 8) late.push(await ask());
      if (minute === 10) assert.equal((await runDeadlineChecks(t.ctx, new Date(now))).reminded, 2, 'both early cases reach 20 hours');
      if (minute === 12) await sendExpertAnswer(t.ctx, { consultationId: late[0]!.id, staffId: expert.id, body: 'Please repeat the test in a week.', ip: '192.0.2.1' });
      if (minute === 14) await sendExpertAnswer(t.ctx, { consultationId: early[0]!.id, staffId: expert.id, body: 'This change is worth discussing with your GP.', ip: '192.0.2.1' });
      if (minute === 16) await sendExpertAnswer(t.ctx, { consultationId: late[1]!.id, staffId: expert.id, body: 'Thank you, this is helpful.', ip: '192.0.2.1' });
      if ((await poll()) === 0) failedPasses++;
    }
    assert.equal(failedPasses, 30, 'nothing goes out while the server is down');
    const during = (await outbox()).filter((m) => m.status !== 'sent');
    assert.equal(during.length, 5 + 2 + 3, 'five confirmations, two reminders and three answer notices wait in the outbox');
    assert.ok(during.some((m) => m.first_failed_at !== null && /ECONNREFUSED/.test(m.last_error ?? '')), 'failed attempts are recorded with the error code');
    assert.deepEqual(await listMailAlerts(t.ctx.db), [], 'half an hour is not an alert');

    const recovery = outageStart + 30 * MINUTE;
    await switchOn();
    for (let minute = 0; minute <= 45 && (await outbox()).some((m) => m.status !== 'sent'); minute++) {
      now = recovery + minute * MINUTE;
      await poll();
    }

    const rows = (await outbox()).filter((m) => during.some((d) => d.id === m.id));
    const lost = rows.filter((m) => m.status !== 'sent');
    const delayed = rows.filter((m) => m.first_failed_at !== null || Date.parse(m.sent_at!) > Date.parse(m.created_at) + MINUTE);
    const latest = Math.max(...rows.map((m) => Date.parse(m.sent_at ?? '') - recovery));
    const ids = smtp.received.map((m) => m.headers.get('message-id'));
    tc.diagnostic(`${kind}: ${rows.length} messages queued during the outage, ${delayed.length} delayed, ${lost.length} lost, `
      + `${ids.length - new Set(ids).size} duplicates, last one delivered ${latest / MINUTE} min after recovery`);
    assert.equal(lost.length, 0, 'no message lost');
    assert.equal(delayed.length, rows.length, 'every message queued during the outage was delayed');
    assert.deepEqual([...ids].sort(), rows.map((m) => m.message_id).sort(), 'each delivered exactly once, with the Message-ID it was queued with');
    assert.deepEqual(smtp.received.map((m) => m.envelopeTo[0]).sort(), rows.map((m) => m.recipient).sort());
    assert.deepEqual(rows.map((m) => m.kind).sort(), [...Array(3).fill('case-answered'), ...Array(5).fill('case-received'), ...Array(2).fill('staff-reminder')]);
    assert.ok(latest <= RETRY_CAP_MS + MINUTE, 'all delivered within one retry interval (30 min at most) of recovery');
    assert.deepEqual(await listMailAlerts(t.ctx.db), []);
  });

  it('sends a message whose acknowledgement was lost again, under the same Message-ID', async (tc) => {
    now = T0 + 40 * HOUR;
    const asked = await ask();
    smtp.dropAfterData = 1;
    assert.equal(await poll(), 0, 'the server took the message but the connection broke before its 250 reply');
    assert.equal(smtp.received.length, 1, 'the message did arrive');
    const [row] = await outbox();
    assert.equal(row!.status, 'pending', 'the sender cannot know that, so it will try again');
    assert.equal(row!.attempts, 1);

    now += 30_000;
    assert.equal(await poll(), 1);
    const ids = smtp.received.map((m) => m.headers.get('message-id'));
    tc.diagnostic(`${kind}: lost acknowledgement: delivered ${ids.length} times, Message-IDs ${[...new Set(ids)].join(', ')}`);
    assert.deepEqual(ids, [row!.message_id, row!.message_id], 'at least once, both copies with one Message-ID a mail system can de-duplicate on');
    assert.ok(smtp.received.every((m) => m.text.includes(asked.reference)), 'the same message both times');
    assert.equal((await outbox())[0]!.status, 'sent');
  });

  it('turns mail refused with a temporary error for 72 hours into an alert an admin sees, masked', async (tc) => {
    now = T0 + 80 * HOUR;
    smtp.deferred.add('stuck.patient@example.net');
    const stuck = await ask('stuck.patient@example.net');
    await ask();
    const start = now;
    let passes = 0;
    let delivered = 0;
    while (passes < 400 && (await outbox()).some((m) => m.status === 'pending')) {
      delivered += await poll();
      passes++;
      now += 30 * MINUTE;
    }
    smtp.deferred.clear();
    const rows = await outbox();
    const failed = rows.filter((m) => m.status === 'failed');
    tc.diagnostic(`${kind}: 4xx for 72 h: ${failed.length} failed after ${failed[0]?.attempts} attempts, ${delivered} other delivered`);
    assert.equal(delivered, 1, 'the other patient\'s mail was not held up');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.recipient, 'stuck.patient@example.net');
    const gaveUpAfter = now - 30 * MINUTE - Date.parse(failed[0]!.first_failed_at!);
    assert.ok(gaveUpAfter >= 72 * HOUR && gaveUpAfter < 73 * HOUR, `given up after 72 hours (${gaveUpAfter / HOUR} h)`);
    assert.match(failed[0]!.last_error ?? '', /^EENVELOPE 451/);
    assert.equal((await listMailAlerts(t.ctx.db)).length, 1);

    const admin = await signedIn(t, 'admin', new Date(now), { ip: '192.0.2.20' });
    const home = (await admin.browser.get('/staff')).body;
    const panel = home.slice(home.indexOf('id="mail-alerts-title"'), home.indexOf('</section>', home.indexOf('id="mail-alerts-title"')));
    assert.match(panel, /Mail problems/);
    assert.match(panel, /1 message<\/strong> could not be delivered/);
    assert.match(panel, /<th scope="row">s…@example\.net<\/th>/, 'the address masked');
    assert.match(panel, /<td>case-received<\/td>/);
    assert.match(panel, new RegExp(`<td>${failed[0]!.attempts}</td>`));
    assert.match(panel, /<code>EENVELOPE 451<\/code>/, 'the error code, not the server\'s text');
    assert.doesNotMatch(home, /stuck\.patient/, 'never the whole address');
    assert.doesNotMatch(home, new RegExp(stuck.reference), 'never the subject');
    assert.doesNotMatch(home, /mailbox busy/);

    const expertView = await signedIn(t, 'expert', new Date(now), { ip: '192.0.2.21' });
    assert.doesNotMatch((await expertView.browser.get('/staff')).body, /Mail problems/, 'only admins see mail problems');

    await t.ctx.db.updateTable('outbox').set({ status: 'cancelled' }).where('status', '=', 'failed').execute();
    assert.match((await admin.browser.get('/staff')).body, /No undelivered mail\./);
  });
});
