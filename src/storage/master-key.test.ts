import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateMasterKey, parseMasterKey } from './master-key.ts';
import { masterKeyId } from './key-wrap.ts';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kd-key-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('parseMasterKey', () => {
  it('accepts 32 bytes in base64 or base64url', () => {
    const bytes = randomBytes(32);
    assert.equal(parseMasterKey(bytes.toString('base64'), 'KEY').symmetricKeySize, 32);
    assert.equal(parseMasterKey(bytes.toString('base64url'), 'KEY').export().toString('hex'), bytes.toString('hex'));
  });

  it('says what is wrong without echoing the value', () => {
    const short = randomBytes(16).toString('base64');
    assert.throws(() => parseMasterKey(short, 'MASTER_KEY'), (e: Error) => /32 bytes/u.test(e.message) && !e.message.includes(short));
    assert.throws(() => parseMasterKey('not base64!', 'MASTER_KEY'), /not base64/u);
    assert.throws(() => parseMasterKey(Buffer.alloc(32).toString('base64'), 'MASTER_KEY'), /placeholder/u);
  });
});

describe('loadOrCreateMasterKey', () => {
  it('creates master.key with mode 0600 on first start and reads it back afterwards', async () => {
    await withDir(async (dir) => {
      const dataDir = join(dir, 'data');
      const first = await loadOrCreateMasterKey({ dataDir });
      assert.equal(first.source, 'created');
      assert.equal(first.path, join(dataDir, 'master.key'));
      assert.equal((await stat(first.path!)).mode & 0o777, 0o600);
      assert.equal(Buffer.from((await readFile(first.path!, 'utf8')).trim(), 'base64').length, 32);
      const second = await loadOrCreateMasterKey({ dataDir });
      assert.equal(second.source, 'file');
      assert.equal(masterKeyId(second.key), masterKeyId(first.key));
    });
  });

  it('two processes starting together end up with one key', async () => {
    await withDir(async (dataDir) => {
      const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateMasterKey({ dataDir })));
      assert.equal(new Set(keys.map((k) => masterKeyId(k.key))).size, 1);
    });
  });

  it('prefers a configured key and writes no file', async () => {
    await withDir(async (dataDir) => {
      const configured = randomBytes(32).toString('base64');
      const loaded = await loadOrCreateMasterKey({ configuredKey: configured, dataDir });
      assert.equal(loaded.source, 'configured');
      assert.equal(loaded.key.export().toString('base64'), configured);
      await assert.rejects(stat(join(dataDir, 'master.key')), { code: 'ENOENT' });
    });
  });

  it('refuses a malformed key file or configured key, and a key file others can read', async () => {
    await withDir(async (dataDir) => {
      await assert.rejects(loadOrCreateMasterKey({ configuredKey: 'abc', dataDir }), /configured master key/u);
      const path = join(dataDir, 'master.key');
      await writeFile(path, 'short\n', { mode: 0o600 });
      await assert.rejects(loadOrCreateMasterKey({ dataDir }), /32 bytes/u);
      await writeFile(path, `${randomBytes(32).toString('base64')}\n`);
      await chmod(path, 0o644);
      await assert.rejects(loadOrCreateMasterKey({ dataDir }), /chmod 600/u);
    });
  });
});
