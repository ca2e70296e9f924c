import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArchiveWriter, readArchive } from './archive-format.ts';
import { BackupError } from './backup-error.ts';
import { validateManifest } from './backup-manifest.ts';
import { migrations } from '../db/migrations/index.ts';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'kidneydesk.js');
const dir = mkdtempSync(path.join(tmpdir(), 'kd-archive-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small archive shaped like a real backup, with the given migrations in its manifest. */
async function makeArchive(name: string, migrationNames: readonly string[]): Promise<string> {
  const file = path.join(dir, name);
  const writer = await createArchiveWriter(file);
  await writer.addBuffer('database/kidneydesk.sqlite', Buffer.from('not really a database'));
  await writer.addBuffer('files/blobs/ab/ab0123456789abcdef0123456789abcd', Buffer.alloc(3000, 7));
  await writer.finish((entries) => ({
    format: 'kidneydesk-backup', formatVersion: 1, createdAt: '2026-11-23T10:00:00.000Z', appVersion: '9.9.9', database: 'sqlite',
    migrations: migrationNames, counts: { articles: 0, consultations: 0, messages: 0, files: 1, staff: 0, auditRows: 0 },
    masterKey: { id: null, included: false, source: 'none' }, entries,
  }));
  return file;
}

async function rejection(file: string): Promise<BackupError> {
  try {
    validateManifest((await readArchive(file)).manifest);
  } catch (error) {
    assert.ok(error instanceof BackupError, String(error));
    return error;
  }
  assert.fail('the archive was accepted');
}

describe('backup archive format', () => {
  it('reads back what was written, with each entry\'s size and SHA-256', async () => {
    const file = await makeArchive('good.kdbackup', Object.keys(migrations));
    const { entries, manifest } = await readArchive(file);
    assert.deepEqual(entries.map((e) => e.name), ['database/kidneydesk.sqlite', 'files/blobs/ab/ab0123456789abcdef0123456789abcd']);
    assert.equal(entries[1]!.sha256, createHash('sha256').update(Buffer.alloc(3000, 7)).digest('hex'));
    assert.equal(validateManifest(manifest).appVersion, '9.9.9');
  });

  it('finds a single flipped bit anywhere in the file', async () => {
    const bytes = readFileSync(await makeArchive('flip.kdbackup', Object.keys(migrations)));
    for (let at = 0; at < bytes.length; at += 37) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x04;
      const file = path.join(dir, 'flipped.kdbackup');
      writeFileSync(file, damaged);
      const error = await rejection(file);
      assert.match(error.code, /^ARCHIVE_|^MANIFEST_/, `byte ${at}: ${error.code}`);
    }
  });

  it('calls every shortened copy truncated', async () => {
    const bytes = readFileSync(await makeArchive('cut.kdbackup', Object.keys(migrations)));
    for (const length of [0, 5, 10, 40, 2000, bytes.length - 33, bytes.length - 1]) {
      const file = path.join(dir, 'short.kdbackup');
      writeFileSync(file, bytes.subarray(0, length));
      const error = await rejection(file);
      assert.ok(['ARCHIVE_TRUNCATED', 'ARCHIVE_NOT_BACKUP'].includes(error.code), `${length} bytes: ${error.code} ${error.message}`);
    }
  });

  it('refuses bytes after the trailer and a different format version', async () => {
    const bytes = readFileSync(await makeArchive('extra.kdbackup', Object.keys(migrations)));
    const extra = path.join(dir, 'extra-after.kdbackup');
    writeFileSync(extra, Buffer.concat([bytes, Buffer.from('x')]));
    assert.equal((await rejection(extra)).code, 'ARCHIVE_CORRUPT');
    const future = Buffer.from(bytes);
    future.writeUInt16BE(2, 8);
    writeFileSync(extra, future);
    assert.equal((await rejection(extra)).code, 'ARCHIVE_VERSION');
  });

  it('refuses, through the CLI, a backup whose database has migrations this version does not know', async () => {
    const file = await makeArchive('newer.kdbackup', [...Object.keys(migrations), '29990101T000000_from_the_future']);
    const target = path.join(dir, 'target');
    const result = spawnSync(process.execPath, [BIN, 'restore', file], { env: { PATH: process.env.PATH, DATA_DIR: target, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /made by a newer KidneyDesk \(9\.9\.9\).*29990101T000000_from_the_future/);
    assert.ok(!existsSync(target), 'nothing was created');
  });

  it('refuses entry names a backup never writes', async () => {
    const file = path.join(dir, 'evil.kdbackup');
    const writer = await createArchiveWriter(file);
    await writer.addBuffer('database/kidneydesk.sqlite', Buffer.from('x'));
    await writer.addBuffer('files/blobs/ab/../../../../etc/passwd', Buffer.from('x'));
    await writer.finish((entries) => ({
      format: 'kidneydesk-backup', formatVersion: 1, createdAt: '', appVersion: '', database: 'sqlite', migrations: [],
      counts: {}, masterKey: { id: null, included: false, source: 'none' }, entries,
    }));
    const error = await rejection(file);
    assert.equal(error.code, 'MANIFEST_INVALID');
    assert.match(error.message, /unexpected entry/);
  });
});
