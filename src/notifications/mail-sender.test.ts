import { it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyBaseLogger } from 'fastify';
import { describeEachDatabase, createTestEnv, type TestEnv } from '../../test/databases.ts';
import { enqueueMail, listMailAlerts, type NewMail, type QueuedMail } from './outbox.ts';
import { startMailSender, retryDelayMs, type MailSender } from './mail-sender.ts';
import { createTransport, type MailLog, type MailTransport } from './transport.ts';
import { renderMail } from './templates.ts';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';

const SITE = { name: 'Riverside Kidney Unit', emergencyNumber: '999' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// The sender must accept Fastify's logger as it is.
export const fastifyLoggerFits = (log: FastifyBaseLogger): MailLog => log;

function fakeClock(start = '2026-11-22T10:00:00.000Z') {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (ms: number) => { now += ms; } };
}

function collectingLog() {
  const lines: string[] = [];
  const write = (level: string) => (fields: Record<string, unknown>, message: string) => { lines.push(JSON.stringify({ level, ...fields, message })); };
  return { lines, log: { info: write('info'), warn: write('warn'), error: write('error') } satisfies MailLog };
}

function caseMail(n: number, to = `patient${n}@example.org`): NewMail {
  return { ...renderMail('case-received', { caseReference: `KD-${n}`, link: `https://kidney.example/cases/secret-token-${n}` }, SITE), to, related: { type: 'consultation', id: `case-${n}` } };
}

describeEachDatabase('mail sender', (kind) => {
  let env: TestEnv;
  let smtp: TestSmtpServer;
  let transport: MailTransport;
  let clock: ReturnType<typeof fakeClock>;
  let logs: ReturnType<typeof collectingLog>;
  const senders: MailSender[] = [];

  const enqueue = (mail: NewMail) => env.ctx.db.transaction().execute((trx) => enqueueMail(trx, mail, { now: clock.now(), baseUrl: env.config.baseUrl }));
  const sender = (overrides: Partial<Parameters<typeof startMailSender>[0]> = {}) => {
    const s = startMailSender({ db: env.ctx.db, transport, clock: clock.now, log: logs.log, pollMs: HOUR, random: () => 0.5, ...overrides });
    senders.push(s);
    return s;
  };
  const row = (id: string) => env.ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    env = await createTestEnv(kind);
    smtp = await startTestSmtpServer();
    transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Riverside Kidney Unit <no-reply@kidney.example>', dataDir: env.dataDir });
  });
  beforeEach(async () => {
    while (senders.length > 0) await senders.pop()!.stop();
    await env.ctx.db.deleteFrom('outbox').execute();
    smtp.received.length = 0;
    smtp.rejected.clear();
    smtp.deferred.clear();
    clock = fakeClock();
    logs = collectingLog();
  });
  after(async () => {
    while (senders.length > 0) await senders.pop()!.stop();
    transport.close();
    await smtp.stop();
    await env.close();
  });

  it('delivers over SMTP with the stored Message-ID, subject and recipient, then drops the body', async () => {
    const queued = await enqueue(caseMail(1));
    assert.match(queued.messageId, /^<[0-9a-z]{26}@kidneydesk\.test>$/);
    assert.equal(await sender().runOnce(), 1);
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0]!;
    assert.equal(mail.headers.get('message-id'), queued.messageId);
    assert.equal(mail.headers.get('subject'), 'Riverside Kidney Unit: we have received your question (KD-1)');
    assert.equal(mail.headers.get('to'), 'patient1@example.org');
    assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
    assert.deepEqual(mail.envelopeTo, ['patient1@example.org']);
    assert.equal(mail.envelopeFrom, 'no-reply@kidney.example');
    assert.match(mail.text, /https:\/\/kidney\.example\/cases\/secret-token-1/);
    assert.match(mail.html, /href="https:\/\/kidney\.example\/cases\/secret-token-1"/);
    const stored = await row(queued.id);
    assert.equal(stored.status, 'sent');
    assert.equal(stored.attempts, 1);
    assert.equal(stored.sent_at, clock.now().toISOString());
    assert.equal(stored.text_body, '');
    assert.equal(stored.html_body, null);
    assert.equal(await sender().runOnce(), 0, 'a sent message is not sent again');
    assert.equal(smtp.received.length, 1);
  });

  it('sends nothing for a message enqueued in a transaction that rolls back', async () => {
    await assert.rejects(env.ctx.db.transaction().execute(async (trx) => {
      await enqueueMail(trx, caseMail(2), { now: clock.now(), baseUrl: env.config.baseUrl });
      throw new Error('the change failed');
    }), /the change failed/);
    assert.equal((await env.ctx.db.selectFrom('outbox').select('id').execute()).length, 0);
    assert.equal(await sender().runOnce(), 0);
    assert.equal(smtp.received.length, 0);
  });

  it('loses nothing while SMTP is down for 30 minutes, then delivers everything with stable Message-IDs', async () => {
    await smtp.stop();
    const s = sender();
    const queued: QueuedMail[] = [];
    for (let n = 1; n <= 5; n++) {
      queued.push(await enqueue(caseMail(n)));
      assert.equal(await s.runOnce(), 0);
      clock.advance(10_000);
    }
    while (clock.now().getTime() < Date.parse('2026-11-22T10:30:00.000Z')) {
      assert.equal(await s.runOnce(), 0);
      clock.advance(15_000);
    }
    const during = await Promise.all(queued.map((q) => row(q.id)));
    for (const r of during) {
      assert.equal(r.status, 'pending');
      assert.ok(r.attempts >= 3, `attempts counted (${r.attempts})`);
      assert.match(r.last_error ?? '', /^E[A-Z]+: /);
      assert.doesNotMatch(r.last_error ?? '', /@/);
      assert.ok(r.first_failed_at !== null && r.first_failed_at < r.next_attempt_at);
      assert.notEqual(r.text_body, '', 'content kept until delivered');
    }

    await smtp.start();
    let delivered = 0;
    for (let i = 0; i < 40 && delivered < 5; i++) {
      clock.advance(MINUTE);
      delivered += await s.runOnce();
    }
    assert.equal(delivered, 5);
    const byId = new Map(smtp.received.map((m) => [m.headers.get('message-id'), m]));
    for (const [i, q] of queued.entries()) {
      const r = await row(q.id);
      assert.equal(r.status, 'sent');
      assert.equal(r.attempts, during[i]!.attempts + 1);
      assert.equal(byId.get(q.messageId)?.headers.get('to'), `patient${i + 1}@example.org`);
    }
    assert.ok(smtp.received.every((m) => queued.some((q) => q.messageId === m.headers.get('message-id'))), 'only the queued messages, each with its own Message-ID');
    assert.equal(new Set(smtp.received.map((m) => m.headers.get('message-id'))).size, 5);
  });

  it('marks a message failed after 72 hours of continuous failure and lists it as a mail alert', async () => {
    await smtp.stop();
    try {
      const s = sender();
      const queued = await enqueue(caseMail(7));
      const start = clock.now().getTime();
      let status = 'pending';
      while (status === 'pending' && clock.now().getTime() - start < 80 * HOUR) {
        await s.runOnce();
        status = (await row(queued.id)).status;
        if (status === 'pending') clock.advance(10 * MINUTE);
      }
      const r = await row(queued.id);
      assert.equal(r.status, 'failed');
      const failedAfter = clock.now().getTime() - Date.parse(r.first_failed_at!);
      assert.ok(failedAfter >= 72 * HOUR && failedAfter < 72 * HOUR + 40 * MINUTE, `failed after ${failedAfter / HOUR} h`);
      assert.ok(r.attempts > 100, `retried with a 30-minute cap (${r.attempts} attempts)`);
      const alerts = await listMailAlerts(env.ctx.db);
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.id, queued.id);
      assert.equal(alerts[0]!.kind, 'case-received');
      assert.deepEqual(alerts[0]!.related, { type: 'consultation', id: 'case-7' });
      assert.equal(alerts[0]!.attempts, r.attempts);
      assert.match(alerts[0]!.lastError ?? '', /^E[A-Z]+/);
      assert.equal(await s.runOnce(), 0, 'a failed message is not retried by itself');
    } finally {
      await smtp.start();
    }
  });

  it('fails a message at once when the server rejects the recipient, without storing the address', async () => {
    smtp.rejected.add('gone@example.org');
    const bad = await enqueue(caseMail(8, 'gone@example.org'));
    const good = await enqueue(caseMail(9));
    assert.equal(await sender().runOnce(), 1);
    const r = await row(bad.id);
    assert.equal(r.status, 'failed');
    assert.match(r.last_error ?? '', /^EENVELOPE 550: /);
    assert.doesNotMatch(r.last_error ?? '', /gone@example\.org/);
    assert.equal((await row(good.id)).status, 'sent');
    assert.deepEqual((await listMailAlerts(env.ctx.db)).map((a) => a.id), [bad.id]);
  });

  it('a message the server defers (451) does not hold back the mail queued after it', async () => {
    smtp.deferred.add('busy@example.org');
    const stuck = await enqueue(caseMail(11, 'busy@example.org'));
    clock.advance(1000);
    const next = await enqueue(caseMail(12));
    assert.equal(await sender().runOnce(), 1, 'the next message goes in the same pass');
    assert.deepEqual(smtp.received.map((m) => m.headers.get('message-id')), [next.messageId]);
    const deferred = await row(stuck.id);
    assert.equal(deferred.status, 'pending');
    assert.match(deferred.last_error ?? '', /451/);
  });

  it('sends again, with the same Message-ID, a message left "sending" by a crashed sender', async () => {
    const queued = await enqueue(caseMail(10));
    // The crashed sender had claimed the message and handed it to the server, then died.
    const claimedAt = clock.now().toISOString();
    await env.ctx.db.updateTable('outbox').set({ status: 'sending', claimed_at: claimedAt, attempts: 1 }).where('id', '=', queued.id).execute();
    const stored = await row(queued.id);
    await transport.send({ id: stored.id, messageId: stored.message_id, to: stored.recipient, subject: stored.subject, text: stored.text_body, html: stored.html_body });

    const s = sender();
    clock.advance(5 * MINUTE);
    assert.equal(await s.runOnce(), 0, 'a recent claim may still be in progress');
    clock.advance(11 * MINUTE);
    assert.equal(await s.runOnce(), 1);
    const r = await row(queued.id);
    assert.equal(r.status, 'sent');
    assert.equal(r.attempts, 2);
    assert.equal(smtp.received.length, 2);
    assert.ok(smtp.received.every((m) => m.headers.get('message-id') === queued.messageId), 'the duplicate is recognisable');
    assert.ok(logs.lines.some((l) => l.includes('sent again with the same Message-ID')));
  });

  it('lets two senders share the outbox without sending any message twice', async () => {
    const queued: QueuedMail[] = [];
    for (let n = 1; n <= 12; n++) queued.push(await enqueue(caseMail(n)));
    const [a, b] = [sender({ batchSize: 5 }), sender({ batchSize: 5 })];
    const [sentA, sentB] = await Promise.all([a.runOnce(), b.runOnce()]);
    assert.equal(sentA + sentB, 12);
    assert.equal(smtp.received.length, 12);
    assert.deepEqual(new Set(smtp.received.map((m) => m.headers.get('message-id'))), new Set(queued.map((q) => q.messageId)));
  });

  it('stop() waits for the send in progress and then sends nothing more', async () => {
    let release!: () => void;
    let started!: () => void;
    const sendStarted = new Promise<void>((resolve) => { started = resolve; });
    const sent: string[] = [];
    const slow: MailTransport = {
      kind: 'smtp',
      send: async (mail) => {
        started();
        await new Promise<void>((resolve) => { release = resolve; });
        sent.push(mail.messageId);
      },
      close() {},
    };
    const first = await enqueue(caseMail(1));
    clock.advance(1000);
    await enqueue(caseMail(2));
    const s = sender({ transport: slow });
    const run = s.runOnce();
    await sendStarted;
    let stopped = false;
    const stopping = s.stop().then(() => { stopped = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(stopped, false, 'stop waits for the send');
    release();
    await stopping;
    assert.equal(await run, 1);
    assert.deepEqual(sent, [first.messageId]);
    assert.equal((await row(first.id)).status, 'sent');
    assert.equal(await s.runOnce(), 0, 'a stopped sender does nothing');
  });

  it('polls on its own every pollMs', async () => {
    const queued = await enqueue(caseMail(3));
    const s = sender({ pollMs: 20, clock: () => new Date() });
    for (let i = 0; i < 200 && smtp.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await s.stop();
    assert.equal(smtp.received[0]?.headers.get('message-id'), queued.messageId);
  });

  it('never logs recipient addresses, subjects or bodies', async () => {
    smtp.rejected.add('gone@example.org');
    await enqueue(caseMail(4));
    await enqueue(caseMail(5, 'gone@example.org'));
    await sender().runOnce();
    await smtp.stop();
    await enqueue(caseMail(6));
    await sender().runOnce();
    await smtp.start();
    assert.ok(logs.lines.length >= 3);
    const all = logs.lines.join('\n');
    assert.doesNotMatch(all, /@example\.org|secret-token|received your question/);
  });
});

it('backs off exponentially from 30 seconds to a 30-minute cap, with jitter', () => {
  assert.equal(retryDelayMs(1, () => 0.5), 30_000);
  assert.equal(retryDelayMs(2, () => 0.5), 60_000);
  assert.equal(retryDelayMs(3, () => 0.5), 120_000);
  assert.equal(retryDelayMs(7, () => 0.5), 30 * MINUTE);
  assert.equal(retryDelayMs(500, () => 0.999), 30 * MINUTE);
  assert.equal(retryDelayMs(1, () => 0), 24_000);
  assert.equal(retryDelayMs(1, () => 0.999), 35_988);
});
