import { it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, createTestEnv, type TestEnv } from '../../test/databases.ts';
import { AppError } from '../platform/errors.ts';
import { loadConfig } from '../config/index.ts';
import { enqueueMail, listMailAlerts, retryMail, cancelMail, purgeMailFor, isValidMailAddress, type NewMail } from './outbox.ts';
import { renderMail } from './templates.ts';

const SITE = { name: 'Riverside Kidney Unit', emergencyNumber: '999' };
const NOW = new Date('2026-11-22T10:00:00.000Z');

function mail(overrides: Partial<NewMail> = {}): NewMail {
  return { ...renderMail('case-link-resend', { caseReference: 'KD-1', link: 'https://kidney.example/cases/t' }, SITE), to: 'ann@example.org', ...overrides };
}

describeEachDatabase('outbox', (kind) => {
  let env: TestEnv;
  const enqueue = (m: NewMail) => env.ctx.db.transaction().execute((trx) => enqueueMail(trx, m, { now: NOW, baseUrl: 'https://kidney.example:8443' }));
  const count = async () => (await env.ctx.db.selectFrom('outbox').select('id').execute()).length;

  before(async () => { env = await createTestEnv(kind); });
  beforeEach(async () => { await env.ctx.db.deleteFrom('outbox').execute(); });
  after(async () => { await env.close(); });

  it('stores a pending message, due now, with a Message-ID on the BASE_URL host', async () => {
    const queued = await enqueue(mail({ related: { type: 'consultation', id: 'c1' } }));
    assert.match(queued.messageId, /^<[0-9a-z]{26}@kidney\.example>$/);
    const row = await env.ctx.db.selectFrom('outbox').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...row, text_body: row.text_body.length > 0, html_body: (row.html_body ?? '').startsWith('<!doctype html>') },
      {
        id: queued.id, kind: 'case-link-resend', recipient: 'ann@example.org', subject: 'Riverside Kidney Unit: the link to your case (KD-1)',
        text_body: true, html_body: true, message_id: queued.messageId, status: 'pending', attempts: 0,
        next_attempt_at: NOW.toISOString(), claimed_at: null, last_error: null, first_failed_at: null, sent_at: null,
        created_at: NOW.toISOString(), related_type: 'consultation', related_id: 'c1',
      },
    );
  });

  it('rejects header injection and anything but one plain address, writing nothing', async () => {
    const badRecipients = [
      'ann@example.org\r\nBcc: eve@evil.example', 'ann@example.org\nBcc: eve@evil.example', 'ann@example.org, eve@evil.example',
      'ann@example.org;eve@evil.example', 'Ann <ann@example.org>', '', 'ann', 'ann@localhost', 'ann@example.org\r', ' ann@example.org',
      'ann..b@example.org', '"a b"@example.org', `${'a'.repeat(65)}@example.org`, 'ann@exa mple.org', 'ann@example.org\u2028',
    ];
    for (const to of badRecipients) {
      await assert.rejects(enqueue(mail({ to })), (error: unknown) => error instanceof AppError && error.code === 'MAIL_INVALID_RECIPIENT' && error.status === 422, JSON.stringify(to));
    }
    const badSubjects = ['Hello\r\nBcc: eve@evil.example', 'Hello\nX-Injected: 1', 'Hello\rthere', 'Tab\there', 'Null\u0000', 'Line\u2028sep', '', '   ', 'x'.repeat(251)];
    for (const subject of badSubjects) {
      await assert.rejects(enqueue(mail({ subject })), (error: unknown) => error instanceof AppError && error.code === 'MAIL_INVALID_SUBJECT', JSON.stringify(subject));
    }
    assert.equal(await count(), 0);
    for (const ok of ['ann@example.org', 'ann.o+kidney@mail.example.co.uk', "o'brien@example.ie"]) assert.ok(isValidMailAddress(ok), ok);
  });

  it('is written by the caller\'s transaction: committed with it, or not at all', async () => {
    await assert.rejects(env.ctx.db.transaction().execute(async (trx) => {
      await enqueueMail(trx, mail(), { now: NOW, baseUrl: env.config.baseUrl });
      assert.equal((await trx.selectFrom('outbox').select('id').execute()).length, 1);
      throw new Error('rolled back');
    }));
    assert.equal(await count(), 0);
    // Outside a transaction it does not compile.
    // @ts-expect-error: enqueueMail needs a Transaction, not the database
    const notATransaction: Parameters<typeof enqueueMail>[0] = env.ctx.db;
    assert.ok(notATransaction);
  });

  it('lists failed messages as alerts; retry gives them a new window; cancel drops their content', async () => {
    const a = await enqueue(mail());
    const b = await enqueue(mail({ related: { type: 'consultation', id: 'c2' } }));
    await env.ctx.db.updateTable('outbox')
      .set({ status: 'failed', attempts: 150, last_error: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25', first_failed_at: NOW.toISOString() })
      .where('id', 'in', [a.id, b.id]).execute();
    const alerts = await listMailAlerts(env.ctx.db);
    assert.deepEqual(alerts.map((x) => x.id).sort(), [a.id, b.id].sort());
    const alertB = alerts.find((x) => x.id === b.id)!;
    assert.deepEqual(alertB.related, { type: 'consultation', id: 'c2' });
    assert.equal(alertB.lastError, 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25');
    assert.equal(alerts.find((x) => x.id === a.id)!.related, null);

    const later = new Date(NOW.getTime() + 86_400_000);
    assert.equal(await retryMail(env.ctx.db, a.id, later), true);
    assert.equal(await retryMail(env.ctx.db, a.id, later), false);
    const retried = await env.ctx.db.selectFrom('outbox').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(retried.status, 'pending');
    assert.equal(retried.next_attempt_at, later.toISOString());
    assert.equal(retried.first_failed_at, null);

    assert.equal(await cancelMail(env.ctx.db, b.id), true);
    const cancelled = await env.ctx.db.selectFrom('outbox').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.text_body, '');
    assert.equal(cancelled.html_body, null);
    assert.deepEqual(await listMailAlerts(env.ctx.db), []);
  });

  it('purges every message about one case, whatever its status', async () => {
    await enqueue(mail({ related: { type: 'consultation', id: 'c3' } }));
    const sent = await enqueue(mail({ related: { type: 'consultation', id: 'c3' } }));
    await env.ctx.db.updateTable('outbox').set({ status: 'sent' }).where('id', '=', sent.id).execute();
    const other = await enqueue(mail({ related: { type: 'consultation', id: 'c4' } }));
    assert.equal(await env.ctx.db.transaction().execute((trx) => purgeMailFor(trx, { type: 'consultation', id: 'c3' })), 2);
    assert.deepEqual((await env.ctx.db.selectFrom('outbox').select('id').execute()).map((r) => r.id), [other.id]);
  });

  it('refuses an unknown status at the database', async () => {
    const queued = await enqueue(mail());
    await assert.rejects(env.ctx.db.updateTable('outbox').set({ status: 'lost' as 'sent' }).where('id', '=', queued.id).execute());
  });
});

it('reads MAIL_RETRY_MAX_HOURS and MAIL_POLL_SECONDS, with defaults of 72 and 5', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.mailRetryMaxHours, 72);
  assert.equal(defaults.mailPollSeconds, 5);
  const set = loadConfig({ MAIL_RETRY_MAX_HOURS: '24', MAIL_POLL_SECONDS: '30' });
  assert.equal(set.mailRetryMaxHours, 24);
  assert.equal(set.mailPollSeconds, 30);
  assert.throws(() => loadConfig({ MAIL_RETRY_MAX_HOURS: '0', MAIL_POLL_SECONDS: 'often' }), /MAIL_RETRY_MAX_HOURS[\s\S]*MAIL_POLL_SECONDS/);
});
