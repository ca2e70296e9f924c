import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describeEachDatabase('health and readiness probes', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
  });
  after(async () => {
    await t?.close();
  });

  it('/healthz answers while the process runs, never cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('/readyz is ready when the database answers, migrations are current and storage takes writes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok', storage: 'ok' } });
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('/readyz is 503 when the report store cannot be written, and ready again once it can', async () => {
    const tmp = path.join(t.dataDir, 'files', 'tmp');
    await rm(tmp, { recursive: true, force: true });
    // A file where the store's directory should be: even root cannot write into it.
    await writeFile(tmp, 'not a directory');
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.deepEqual(res.json(), { status: 'not_ready', checks: { database: 'ok', migrations: 'ok', storage: 'failing' } });
    } finally {
      await rm(tmp, { force: true });
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  });

  it('/readyz is 503 while a migration this code knows is not applied', async () => {
    const db = t.ctx.db.withTables<{ kysely_migration: { name: string; timestamp: string } }>();
    const last = await db.selectFrom('kysely_migration').selectAll().orderBy('name', 'desc').executeTakeFirstOrThrow();
    await db.deleteFrom('kysely_migration').where('name', '=', last.name).execute();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().checks.migrations, 'failing');
      assert.equal(res.json().checks.database, 'ok');
    } finally {
      await db.insertInto('kysely_migration').values(last).execute();
    }
  });
});
