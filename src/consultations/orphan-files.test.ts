import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describeEachDatabase, createTestEnv, type TestEnv } from '../../test/databases.ts';
import { buildPdf } from '../../test/fixtures/upload-fixtures.ts';
import { submitConsultation } from './consultation.service.ts';
import { sweepOrphanFiles, ORPHAN_GRACE_MS } from './orphan-files.ts';

describeEachDatabase('orphan report files', (kind) => {
  let env: TestEnv;
  // The store dates files by their real modification time, so the test clock starts at the real time.
  let clock = Date.now();
  before(async () => { env = await createTestEnv(kind, { now: () => new Date(clock) }); });
  after(async () => { await env.close(); });

  const store = () => env.ctx.files.save(Readable.from([buildPdf()]).pause(), { maxBytes: 10 * 1024 * 1024, displayName: 'report.pdf' });

  it('removes only files no consultation refers to, and only after the grace window', async () => {
    const kept = await store();
    await submitConsultation(env.ctx, {
      name: 'Ann', email: 'ann@example.com', phone: null, condition: 'haemodialysis', creatinine: null,
      description: 'A routine question about my dialysis schedule.',
    }, [kept], { level: 'routine', reasonCodes: [] });
    const orphan = await store();

    assert.deepEqual(await sweepOrphanFiles(env.ctx), { removedBlobs: 0, removedTemp: 0 }, 'nothing is removed inside the grace window');
    clock += ORPHAN_GRACE_MS + 60_000;
    const swept = await sweepOrphanFiles(env.ctx);
    assert.equal(swept.removedBlobs, 1);
    assert.ok((await env.ctx.files.read(kept)).length > 0, 'the referenced file is still readable');
    await assert.rejects(env.ctx.files.read(orphan));
  });
});
