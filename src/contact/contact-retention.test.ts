import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { contactFields, postContact } from './contact.fixtures.ts';
import { purgeExpiredContactMessages } from './contact-retention.ts';

// Contact messages go RETENTION_DAYS after they arrived, with their queued mail; the audit log
// keeps the id only. Younger messages stay.

const DAY = 86_400_000;

describeEachDatabase('contact message retention', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-01-10T09:00:00Z');
  before(async () => {
    t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0', RETENTION_DAYS: '30' }, now: () => new Date(now) });
  });
  after(async () => {
    await t?.close();
  });

  it('deletes messages older than RETENTION_DAYS with their outbox mail, keeps younger ones, audits ids only', async () => {
    assert.equal((await postContact(t.app, contactFields({ email: 'old@example.com' }))).statusCode, 303);
    now += 20 * DAY;
    assert.equal((await postContact(t.app, contactFields({ email: 'young@example.com' }))).statusCode, 303);
    const old = await t.ctx.db.selectFrom('contact_messages').select('id').where('email', '=', 'old@example.com').executeTakeFirstOrThrow();
    now += 11 * DAY; // the first is 31 days old, the second 11

    const dry = await purgeExpiredContactMessages(t.ctx, { dryRun: true });
    assert.equal(dry.messages, 1);
    assert.equal((await t.ctx.db.selectFrom('contact_messages').select('id').execute()).length, 2, 'a dry run deletes nothing');

    const report = await purgeExpiredContactMessages(t.ctx);
    assert.deepEqual({ messages: report.messages, mails: report.mails }, { messages: 1, mails: 1 });
    const left = await t.ctx.db.selectFrom('contact_messages').select('email').execute();
    assert.deepEqual(left.map((r) => r.email), ['young@example.com']);
    const mail = await t.ctx.db.selectFrom('outbox').select('recipient').execute();
    assert.ok(mail.every((m) => m.recipient !== 'old@example.com'), 'its acknowledgement is gone from the outbox');
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_type', 'subject_id']).where('action', '=', 'contact.purged').execute();
    assert.deepEqual(audit.map((a) => ({ ...a })), [{ actor_type: 'system', subject_id: old.id }]);
    assert.equal((await verifyAuditChain(t.ctx.db)).ok, true);
    assert.equal((await purgeExpiredContactMessages(t.ctx)).messages, 0, 'a second run finds nothing');
  });
});
