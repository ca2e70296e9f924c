import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeEachDatabase, createTestEnv, type TestEnv } from '../../test/databases.ts';
import { enqueueMail } from './outbox.ts';
import { startMailSender } from './mail-sender.ts';
import { createTransport, type MailLog } from './transport.ts';
import { renderMail } from './templates.ts';
import { parseMail } from './smtp-test-server.ts';

describeEachDatabase('file transport (no SMTP_URL)', (kind) => {
  let env: TestEnv;
  before(async () => { env = await createTestEnv(kind); });
  after(async () => { await env.close(); });

  it('writes each message as a complete .eml file under DATA_DIR/mail and logs that it did, without content', async () => {
    const lines: string[] = [];
    const record = (fields: Record<string, unknown>, message: string) => { lines.push(JSON.stringify({ ...fields, message })); };
    const log: MailLog = { info: record, warn: record, error: record };
    const now = () => new Date('2026-11-22T18:10:00.000Z');
    const transport = createTransport(env.config, { log, now });
    assert.equal(transport.kind, 'file');

    const rendered = renderMail('case-received', { caseReference: 'KD-42', link: 'https://kidney.example/cases/secret-token', recipientName: 'Zoë' }, { name: 'Clinique Rénale', emergencyNumber: '15' });
    const queued = await env.ctx.db.transaction().execute((trx) => enqueueMail(trx, { ...rendered, to: 'zoe@example.org' }, { now: now(), baseUrl: env.config.baseUrl }));
    const sender = startMailSender({ db: env.ctx.db, transport, clock: now, log, pollMs: 3_600_000 });
    assert.equal(await sender.runOnce(), 1);
    await sender.stop();
    transport.close();

    const dir = path.join(env.dataDir, 'mail');
    const files = readdirSync(dir);
    assert.deepEqual(files, [`2026-11-22T18-10-00-000Z-${queued.id}.eml`]);
    const file = path.join(dir, files[0]!);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const raw = readFileSync(file, 'utf8');
    assert.doesNotMatch(raw.replace(/\r\n/g, ''), /\n/, 'CRLF line endings throughout');
    const mail = parseMail(raw);
    assert.equal(mail.headers.get('message-id'), queued.messageId);
    assert.equal(mail.headers.get('to'), 'zoe@example.org');
    assert.equal(mail.headers.get('from'), 'KidneyDesk <no-reply@localhost>');
    assert.equal(mail.headers.get('subject'), 'Clinique Rénale: we have received your question (KD-42)');
    assert.equal(mail.headers.get('mime-version'), '1.0');
    assert.ok(mail.headers.get('date'));
    assert.match(mail.headers.get('content-type') ?? '', /^multipart\/alternative; boundary=/);
    assert.match(mail.text, /^Hello Zoë,$/m);
    assert.match(mail.text, /https:\/\/kidney\.example\/cases\/secret-token/);
    assert.match(mail.html, /<a href="https:\/\/kidney\.example\/cases\/secret-token"/);

    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /mail written to a file/);
    assert.doesNotMatch(lines.join('\n'), /zoe@|secret-token|Zoë|KD-42/);
  });
});
