import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { createFileStore, type FileRef, type StoredFile } from './file-store.ts';
import { masterKeyId, wrappedKeyId } from './key-wrap.ts';
import { StorageFailure } from './upload-errors.ts';
import { listFiles, randomMasterKey, withStore } from './store-harness.ts';
import { buildPdf, largePdf, plainJpeg, streamOf } from '../../test/fixtures/upload-fixtures.ts';

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const blobFile = (root: string, id: string) => join(root, 'blobs', id.slice(0, 2), id);

async function failure(promise: Promise<unknown>): Promise<StorageFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StorageFailure, `expected a StorageFailure, got ${String(error)}`);
    assert.equal(error.status, 500);
    return error;
  }
  assert.fail('expected the read to fail');
}

/** Reads a stream to the end; returns the bytes it released before failing, and the error. */
async function drain(stream: Readable): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    return { bytes, error: null };
  } catch (error) {
    return { bytes, error };
  }
}

async function flipByte(path: string, position: number): Promise<void> {
  const bytes = await readFile(path);
  bytes[position]! ^= 0x01;
  await writeFile(path, bytes);
}

describe('createFileStore: save, read, open', () => {
  it('round-trips a PDF: same bytes, same SHA-256, encrypted on disk under a generated id', async () => {
    await withStore(async ({ root, store }) => {
      const pdf = largePdf(2 * MiB);
      const saved = await store.save(streamOf(pdf), { maxBytes: 10 * MiB, displayName: 'Blood results.pdf' });
      assert.match(saved.id, /^[0-9a-f]{32}$/u);
      assert.equal(saved.mediaType, 'application/pdf');
      assert.equal(saved.displayName, 'Blood results.pdf');
      assert.equal(saved.size, pdf.length);
      assert.equal(saved.sha256, sha256(pdf));
      assert.match(saved.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u);
      assert.equal(Buffer.from(saved.wrappedKey, 'base64').length, 69);

      const read = await store.read(saved);
      assert.ok(read.equals(pdf));
      assert.equal(sha256(read), saved.sha256);
      const streamed = Buffer.concat(await store.open(saved).toArray());
      assert.ok(streamed.equals(pdf));

      assert.deepEqual(await listFiles(root), [join('blobs', saved.id.slice(0, 2), saved.id)]);
      const onDisk = await readFile(blobFile(root, saved.id));
      assert.equal(onDisk.length, pdf.length + 17 + 16);
      assert.equal(onDisk.subarray(0, 5).toString('latin1'), 'KDBL\u0001');
      assert.equal(onDisk.indexOf('%PDF'), -1, 'no plaintext on disk');
      assert.equal(onDisk.indexOf('Creatinine'), -1);
      assert.equal((await stat(blobFile(root, saved.id))).mode & 0o777, 0o600);
      assert.equal((await stat(root)).mode & 0o777, 0o700);
    });
  });

  it('stores the re-encoded image, and its SHA-256', async () => {
    await withStore(async ({ store }) => {
      const jpeg = await plainJpeg(200, 150);
      const saved = await store.save(streamOf(jpeg, 1000), { maxBytes: 10 * MiB, displayName: 'IMG_0001.JPG' });
      assert.equal(saved.mediaType, 'image/jpeg');
      assert.equal(saved.displayName, 'IMG_0001.jpg');
      const read = await store.read(saved);
      assert.equal(read.length, saved.size);
      assert.equal(sha256(read), saved.sha256);
      assert.notEqual(saved.sha256, sha256(jpeg), 're-encoded, not the upload itself');
    });
  });

  it('accepts streams of Uint8Array chunks and rejects text streams', async () => {
    await withStore(async ({ store }) => {
      const pdf = buildPdf();
      const saved = await store.save(Readable.from([new Uint8Array(pdf.subarray(0, 10)), new Uint8Array(pdf.subarray(10))]), {
        maxBytes: MiB,
        displayName: 'a.pdf',
      });
      assert.ok((await store.read(saved)).equals(pdf));
      await assert.rejects(store.save(Readable.from(['%PDF-1.7']), { maxBytes: MiB, displayName: 'a.pdf' }), TypeError);
    });
  });

  it('saves several files at once, each under its own id and key', async () => {
    await withStore(async ({ store }) => {
      const pdfs = [1, 2, 3, 4, 5].map((n) => buildPdf({ text: `Report ${n}` }));
      const saved = await Promise.all(pdfs.map((pdf) => store.save(streamOf(pdf, 100), { maxBytes: MiB, displayName: 'r.pdf' })));
      assert.equal(new Set(saved.map((s) => s.id)).size, 5);
      assert.equal(new Set(saved.map((s) => s.wrappedKey)).size, 5);
      for (const [i, s] of saved.entries()) assert.ok((await store.read(s)).equals(pdfs[i]!));
    });
  });
});

describe('createFileStore: integrity', () => {
  async function savedPdf(store: ReturnType<typeof createFileStore>): Promise<{ saved: StoredFile; pdf: Buffer }> {
    const pdf = largePdf(300 * 1024);
    return { pdf, saved: await store.save(streamOf(pdf), { maxBytes: MiB, displayName: 'x.pdf' }) };
  }

  for (const [what, at] of [
    ['a ciphertext byte', (size: number) => Math.floor(size / 2)],
    ['the first ciphertext byte', () => 17],
    ['the IV', () => 8],
    ['the version byte', () => 4],
    ['the tag', (size: number) => size - 1],
  ] as const) {
    it(`fails to read a blob with ${what} changed, and releases none of it`, async () => {
      await withStore(async ({ root, store }) => {
        const { saved } = await savedPdf(store);
        const path = blobFile(root, saved.id);
        await flipByte(path, at((await stat(path)).size));
        const error = await failure(store.read(saved));
        assert.equal(error.code, 'STORAGE_INTEGRITY_FAILED');
        const streamed = await drain(store.open(saved));
        assert.ok(streamed.error instanceof StorageFailure);
        assert.equal(streamed.bytes, 0, 'no unauthenticated plaintext released');
      });
    });
  }

  it('fails on a truncated or missing blob', async () => {
    await withStore(async ({ root, store }) => {
      const { saved } = await savedPdf(store);
      const path = blobFile(root, saved.id);
      const full = await readFile(path);
      await writeFile(path, full.subarray(0, full.length - 100));
      assert.equal((await failure(store.read(saved))).code, 'STORAGE_INTEGRITY_FAILED');
      await writeFile(path, full.subarray(0, 20));
      assert.equal((await failure(store.read(saved))).code, 'STORAGE_INTEGRITY_FAILED');
      await store.remove(saved.id);
      assert.equal((await failure(store.read(saved))).code, 'STORAGE_BLOB_MISSING');
      assert.equal((await drain(store.open(saved))).error instanceof StorageFailure, true);
    });
  });

  it('fails with the wrong master key', async () => {
    await withStore(async ({ root, store }) => {
      const { saved } = await savedPdf(store);
      const other = createFileStore({ root, masterKey: randomMasterKey() });
      assert.equal((await failure(other.read(saved))).code, 'STORAGE_KEY_UNKNOWN');
      // Even with the key id forged to match, the wrapped key does not authenticate.
      const forgedKey = randomMasterKey();
      const wrapped = Buffer.from(saved.wrappedKey, 'base64');
      Buffer.from(masterKeyId(forgedKey), 'hex').copy(wrapped, 1);
      const forged = createFileStore({ root, masterKey: forgedKey });
      assert.equal((await failure(forged.read({ id: saved.id, wrappedKey: wrapped.toString('base64') }))).code, 'STORAGE_INTEGRITY_FAILED');
    });
  });

  it('binds wrapped keys and blobs to their ids', async () => {
    await withStore(async ({ root, store }) => {
      const a = (await savedPdf(store)).saved;
      const b = (await savedPdf(store)).saved;
      // A's wrapped key on B's row.
      assert.equal((await failure(store.read({ id: b.id, wrappedKey: a.wrappedKey }))).code, 'STORAGE_INTEGRITY_FAILED');
      // A's blob file copied over B's: B's key does not open it, and A's key does not open it under B's id.
      await copyFile(blobFile(root, a.id), blobFile(root, b.id));
      assert.equal((await failure(store.read(b))).code, 'STORAGE_INTEGRITY_FAILED');
      assert.equal((await failure(store.read({ id: b.id, wrappedKey: a.wrappedKey }))).code, 'STORAGE_INTEGRITY_FAILED');
    });
  });

  it('refuses ids that are not ids', async () => {
    await withStore(async ({ store }) => {
      const ref: FileRef = { id: '../../etc/passwd', wrappedKey: '' };
      assert.equal((await failure(store.read(ref))).code, 'STORAGE_INTEGRITY_FAILED');
      await assert.rejects(store.remove('../x'), StorageFailure);
    });
  });
});

describe('createFileStore: master key rotation', () => {
  it('reads old blobs with a previous key and re-wraps their keys under the new one', async () => {
    await withStore(async ({ root, store, masterKey }) => {
      const pdf = buildPdf();
      const saved = await store.save(streamOf(pdf), { maxBytes: MiB, displayName: 'x.pdf' });
      const newKey = randomMasterKey();
      const during = createFileStore({ root, masterKey: newKey, previousMasterKeys: [masterKey] });
      assert.ok((await during.read(saved)).equals(pdf));
      const rewrapped = during.rewrapKey(saved);
      assert.equal(wrappedKeyId(saved.wrappedKey), masterKeyId(masterKey));
      assert.equal(wrappedKeyId(rewrapped), masterKeyId(newKey));
      const after = createFileStore({ root, masterKey: newKey });
      assert.ok((await after.read({ id: saved.id, wrappedKey: rewrapped })).equals(pdf));
      assert.equal((await failure(after.read(saved))).code, 'STORAGE_KEY_UNKNOWN');
    });
  });
});

describe('createFileStore: remove and sweepOrphans', () => {
  it('removes a blob, and removing it again is fine', async () => {
    await withStore(async ({ root, store }) => {
      const saved = await store.save(streamOf(buildPdf()), { maxBytes: MiB, displayName: 'x.pdf' });
      await store.remove(saved.id);
      await store.remove(saved.id);
      assert.deepEqual(await listFiles(join(root, 'blobs')), []);
    });
  });

  it('deletes old unreferenced blobs and old temp files, and nothing else', async () => {
    await withStore(async ({ root, store }) => {
      const kept = await store.save(streamOf(buildPdf()), { maxBytes: MiB, displayName: 'a.pdf' });
      const orphan = await store.save(streamOf(buildPdf()), { maxBytes: MiB, displayName: 'b.pdf' });
      const hour = 3600_000;
      // Within the window nothing goes, referenced or not: its transaction may still be open.
      assert.deepEqual(await store.sweepOrphans(new Set([kept.id]), { olderThanMs: hour }), { removedBlobs: 0, removedTemp: 0 });

      const oldTemp = join(root, 'tmp', 'crashed.part');
      const freshTemp = join(root, 'tmp', 'uploading.part');
      const stranger = join(root, 'blobs', 'zz', 'README');
      await writeFile(oldTemp, 'x');
      await writeFile(freshTemp, 'x');
      await mkdir(join(root, 'blobs', 'zz'));
      await writeFile(stranger, 'not ours');
      const twoHoursAgo = new Date(Date.now() - 2 * hour);
      for (const path of [oldTemp, stranger, blobFile(root, kept.id), blobFile(root, orphan.id)]) await utimes(path, twoHoursAgo, twoHoursAgo);

      const asked: string[] = [];
      const result = await store.sweepOrphans(
        async (id) => {
          asked.push(id);
          return id === kept.id;
        },
        { olderThanMs: hour },
      );
      assert.deepEqual(result, { removedBlobs: 1, removedTemp: 1 });
      assert.deepEqual(asked.sort(), [kept.id, orphan.id].sort());
      assert.deepEqual(
        await listFiles(root),
        [join('blobs', kept.id.slice(0, 2), kept.id), join('blobs', 'zz', 'README'), join('tmp', 'uploading.part')].sort(),
      );
      assert.equal(await text(store.open(kept)).then((t) => t.startsWith('%PDF-')), true);
    });
  });

  it('sweeps an empty or missing root without error', async () => {
    await withStore(async ({ store }) => {
      assert.deepEqual(await store.sweepOrphans(new Set(), { olderThanMs: 0 }), { removedBlobs: 0, removedTemp: 0 });
    });
  });
});
