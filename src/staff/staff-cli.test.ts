import { it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/databases.ts';
import { useCliDatabase } from '../../test/cli-harness.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import type { Database } from '../database.ts';

// `kidneydesk create-staff` and `kidneydesk audit verify` as an operator runs them.

describeEachDatabase('kidneydesk create-staff and audit verify', (kind) => {
  const cli = useCliDatabase(kind, 'kd_staff_cli', { BASE_URL: 'https://desk.clinic.example' });
  const run = cli.run;
  const openDb = (): DatabaseHandle<Database> => createDatabase<Database>({ url: cli.databaseUrl(), sqliteFile: path.join(cli.dataDir(), 'kidneydesk.sqlite') });

  it('create-staff prints a one-time set-up link and stores only its hash', async () => {
    const result = run('create-staff', '--email', 'Ada@Clinic.example', '--name', 'Ada Admin', '--role', 'admin');
    assert.equal(result.status, 0, result.stderr);
    const link = /^https:\/\/desk\.clinic\.example\/staff\/setup\/([A-Za-z0-9_-]{43})$/m.exec(result.stdout);
    assert.ok(link, result.stdout);
    assert.match(result.stdout, /valid 72 hours/);
    const handle = openDb();
    try {
      const staff = await handle.db.selectFrom('staff').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([staff.email, staff.name, staff.role, staff.is_reviewer, staff.password_hash], ['ada@clinic.example', 'Ada Admin', 'admin', 0, null]);
      const token = await handle.db.selectFrom('staff_tokens').selectAll().executeTakeFirstOrThrow();
      assert.notEqual(token.token_hash, link[1]);
      assert.equal(token.purpose, 'setup');
      assert.equal(Date.parse(token.expires_at) - Date.parse(token.created_at), 72 * 3_600_000);
      const audit = await handle.db.selectFrom('audit_log').selectAll().execute();
      assert.deepEqual(audit.map((a) => [a.actor_type, a.action, a.subject_id]), [['system', 'staff.created', staff.id]]);
      assert.equal((await handle.db.selectFrom('outbox').selectAll().execute()).length, 0, 'the command prints the link; it does not mail it');
    } finally {
      await handle.close();
    }
    assert.equal(run('create-staff', '--email', 'x@clinic.example', '--name', 'Ed', '--role', 'editor', '--reviewer').status, 0);
  });

  it('create-staff refuses bad input and a taken address', () => {
    const bad = run('create-staff', '--email', 'nope', '--name', '', '--role', 'boss');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--email: /);
    assert.match(bad.stderr, /--name: /);
    assert.match(bad.stderr, /--role: /);
    assert.equal(run('create-staff', '--email', 'a@b.example', '--name', 'A', '--role', 'admin', '--bogus').status, 2);
    const taken = run('create-staff', '--email', 'ADA@clinic.example', '--name', 'Ada Again', '--role', 'expert');
    assert.equal(taken.status, 1);
    assert.match(taken.stderr, /already an account/);
  });

  it('audit verify: exit 0 when intact, 1 naming the first bad row after tampering', async () => {
    const intact = run('audit', 'verify');
    assert.equal(intact.status, 0, intact.stderr);
    assert.match(intact.stdout, /^Audit log intact: 2 row\(s\)\. Head hash: [0-9a-f]{64}$/m);
    const handle = openDb();
    try {
      if (kind === 'postgres') await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(handle.db);
      else await sql`DROP TRIGGER audit_log_no_update`.execute(handle.db);
      await sql`UPDATE audit_log SET action = 'staff.enabled' WHERE seq = 1`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const broken = run('audit', 'verify');
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /first bad row 1 \(edited\)/);
    assert.equal(run('audit').status, 2);
    assert.equal(run('audit', 'fix').status, 2);
  });
});
