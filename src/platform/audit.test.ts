import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestEnv, describeEachDatabase, type TestEnv } from '../../test/databases.ts';
import type { DatabaseKind } from '../db/index.ts';
import { auditHash, listAudit, recordAudit, verifyAuditChain, type AuditEntry } from './audit.ts';

const T0 = Date.parse('2026-11-22T09:00:00Z');

function entry(i: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actor: { type: 'staff', id: `staff${i % 3}` }, action: i % 2 ? 'consultation.viewed' : 'staff.login',
    subject: { type: 'consultation', id: `case${i}` }, ip: '203.0.113.7', at: new Date(T0 + i * 1000), ...overrides,
  };
}

async function writeRows(env: TestEnv, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await env.ctx.db.transaction().execute((trx) => recordAudit(trx, entry(i)));
}

/** What an attacker with the database owner's rights does first. */
async function dropGuards(env: TestEnv): Promise<void> {
  if (env.kind === 'postgres') await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(env.ctx.db);
  else {
    await sql`DROP TRIGGER audit_log_no_update`.execute(env.ctx.db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(env.ctx.db);
  }
}

describeEachDatabase('audit log: a hash chain', (kind: DatabaseKind) => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv(kind);
  });
  after(async () => {
    await env?.close();
  });

  it('an empty log is intact', async () => {
    assert.deepEqual(await verifyAuditChain(env.ctx.db), { ok: true, rows: 0, headHash: '' });
  });

  it('numbers rows 1, 2, 3…, links each to the one before, and verifies', async () => {
    await writeRows(env, 5);
    const rows = await env.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => Number(r.seq)), [1, 2, 3, 4, 5]);
    assert.equal(rows[0]!.prev_hash, '');
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
    assert.equal(rows[2]!.hash, auditHash(rows[2]!.prev_hash, rows[2]!));
    assert.deepEqual({ ...rows[0] }, {
      seq: 1, at: '2026-11-22T09:00:01.000Z', actor_type: 'staff', actor_id: 'staff1', action: 'consultation.viewed',
      subject_type: 'consultation', subject_id: 'case1', ip: '203.0.113.7', outcome: 'ok', prev_hash: '', hash: rows[0]!.hash,
    });
    const report = await verifyAuditChain(env.ctx.db, { batchSize: 2 });
    assert.deepEqual(report, { ok: true, rows: 5, headHash: rows[4]!.hash });
  });

  it('is written in the caller\'s transaction: a rolled-back action leaves no row and no hole', async () => {
    await assert.rejects(env.ctx.db.transaction().execute(async (trx) => {
      await recordAudit(trx, entry(99));
      throw new Error('the action failed');
    }), /the action failed/);
    await writeRows(env, 1);
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, true);
    assert.equal(report.rows, 6);
  });

  it('concurrent writers take turns: the chain never forks', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => env.ctx.db.transaction().execute((trx) => recordAudit(trx, entry(100 + i)))));
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, true, report.detail);
    assert.equal(report.rows, 26);
  });

  it('the database refuses UPDATE and DELETE of audit rows', async () => {
    await assert.rejects(sql`UPDATE audit_log SET outcome = 'denied' WHERE seq = 1`.execute(env.ctx.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_log WHERE seq = 1`.execute(env.ctx.db), /append-only/);
    assert.equal((await verifyAuditChain(env.ctx.db)).ok, true);
  });

  it('refuses what is not an id or a code, so no name, e-mail or text gets in', async () => {
    const attempts: Partial<AuditEntry>[] = [
      { action: 'Viewed the case of Ann Smith' }, { action: 'login' },
      { actor: { type: 'staff', id: 'ann@clinic.example' } }, { subject: { type: 'consultation', id: 'Ann Smith' } },
      { subject: { type: 'Consultation of Ann', id: 'c1' } },
    ];
    for (const overrides of attempts) {
      await assert.rejects(env.ctx.db.transaction().execute((trx) => recordAudit(trx, entry(1, overrides))), /audit:/, JSON.stringify(overrides));
    }
    // An address that is not an IP address is dropped rather than stored.
    await env.ctx.db.transaction().execute((trx) => recordAudit(trx, entry(1, { ip: 'not an address <x>' })));
    const last = await env.ctx.db.selectFrom('audit_log').select('ip').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal(last.ip, null);
  });

  it('lists newest first with filters and keyset pages', async () => {
    const all = await listAudit(env.ctx.db, { limit: 500 });
    assert.equal(all.rows.length, 27);
    assert.equal(all.nextBeforeSeq, undefined);
    assert.deepEqual(all.rows.slice(0, 3).map((r) => r.seq), [27, 26, 25]);
    const first = await listAudit(env.ctx.db, { action: 'staff.login', limit: 4 });
    assert.ok(first.rows.every((r) => r.action === 'staff.login'));
    assert.equal(first.rows.length, 4);
    const second = await listAudit(env.ctx.db, { action: 'staff.login', limit: 4, beforeSeq: first.nextBeforeSeq });
    assert.ok(second.rows[0]!.seq < first.rows[3]!.seq);
    assert.equal((await listAudit(env.ctx.db, { action: 'staff.', limit: 500 })).rows.length, all.rows.filter((r) => r.action.startsWith('staff.')).length);
    assert.deepEqual((await listAudit(env.ctx.db, { subjectType: 'consultation', subjectId: 'case3' })).rows.map((r) => r.seq), [3]);
    assert.equal((await listAudit(env.ctx.db, { actorId: 'staff0', outcome: 'denied' })).rows.length, 0);
    const windowed = await listAudit(env.ctx.db, { from: '2026-11-22T09:00:02Z', to: '2026-11-22T09:00:04Z', limit: 500 });
    assert.deepEqual(windowed.rows.map((r) => r.seq), [3, 2]);
  });
});

describeEachDatabase('audit log: tampering is found', (kind: DatabaseKind) => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv(kind);
  });
  after(async () => {
    await env?.close();
  });

  async function freshChain(): Promise<void> {
    await env.close();
    env = await createTestEnv(kind);
    await writeRows(env, 6);
    assert.equal((await verifyAuditChain(env.ctx.db)).ok, true);
    await dropGuards(env);
  }

  it('an edited row', async () => {
    await freshChain();
    await sql`UPDATE audit_log SET actor_id = 'staff9' WHERE seq = 3`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.deepEqual({ ok: report.ok, rows: report.rows, firstBadSeq: report.firstBadSeq, problem: report.problem }, { ok: false, rows: 2, firstBadSeq: 3, problem: 'edited' });
  });

  it('an edited row whose hash was recomputed breaks the link to the next row', async () => {
    await freshChain();
    const row = await env.ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
    const forged = { ...row, outcome: 'denied' as const };
    await sql`UPDATE audit_log SET outcome = 'denied', hash = ${auditHash(row.prev_hash, forged)} WHERE seq = 4`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.firstBadSeq, 5);
    assert.equal(report.problem, 'broken-link');
  });

  it('a deleted row', async () => {
    await freshChain();
    await sql`DELETE FROM audit_log WHERE seq = 4`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.deepEqual({ ok: report.ok, firstBadSeq: report.firstBadSeq, problem: report.problem }, { ok: false, firstBadSeq: 4, problem: 'missing' });
    assert.match(report.detail!, /row 4 is missing/);
  });

  it('a deleted row with the rest renumbered', async () => {
    await freshChain();
    await sql`DELETE FROM audit_log WHERE seq = 2`.execute(env.ctx.db);
    for (const seq of [3, 4, 5, 6]) await sql`UPDATE audit_log SET seq = ${seq - 1} WHERE seq = ${seq}`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 2);
  });

  it('a swapped pair', async () => {
    await freshChain();
    await sql`UPDATE audit_log SET seq = -1 WHERE seq = 3`.execute(env.ctx.db);
    await sql`UPDATE audit_log SET seq = 3 WHERE seq = 4`.execute(env.ctx.db);
    await sql`UPDATE audit_log SET seq = 4 WHERE seq = -1`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 3);
  });

  it('a swapped pair of contents (times and actions exchanged, seq and hashes kept)', async () => {
    await freshChain();
    const [a, b] = await env.ctx.db.selectFrom('audit_log').selectAll().where('seq', 'in', [2, 3]).orderBy('seq').execute();
    await sql`UPDATE audit_log SET at = ${b!.at}, action = ${b!.action}, actor_id = ${b!.actor_id}, subject_id = ${b!.subject_id} WHERE seq = 2`.execute(env.ctx.db);
    await sql`UPDATE audit_log SET at = ${a!.at}, action = ${a!.action}, actor_id = ${a!.actor_id}, subject_id = ${a!.subject_id} WHERE seq = 3`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.firstBadSeq, 2);
    assert.equal(report.problem, 'edited');
  });
});
