/**
 * The cases of shared/security/bad-uploads.md that concern the file store, one `describe` per case.
 * HTTP-level cases (status on the wire, U6a Content-Length, U9 part counts, U10 slow bodies,
 * U12 viewer, U17 multipart names, logging and serving headers) belong to the upload route's tests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { MediaType } from './file-type.ts';
import { assertNothingStored, expectRejected, listFiles, treeHash, withStore } from './store-harness.ts';
import {
  binaryStreamPdf,
  buildPdf,
  EICAR,
  embeddedFilePdf,
  encryptedPdf,
  escapedJavaScriptPdf,
  flateBombPdf,
  HTML_PAGE,
  htmlCommentPdf,
  jpegWithMetadata,
  launchPdf,
  noise,
  openAtPagePdf,
  paddedPdfStream,
  pixelFloodJpeg,
  pixelFloodPng,
  plainJpeg,
  plainPng,
  polyglotPdf,
  streamOf,
  SVG_WITH_SCRIPT,
  trackedStreamOf,
  truncated,
  zipBomb,
} from '../../test/fixtures/upload-fixtures.ts';
const MiB = 1024 * 1024;
const LIMIT = 10 * MiB;

describe('U1 polyglot PDF/JS/HTML', () => {
  it('is rejected for active content, in any chunking, and nothing is stored', async () => {
    await withStore(async ({ root, store }) => {
      for (const chunk of [1, 7, 64 * 1024]) {
        const error = await expectRejected(store.save(streamOf(polyglotPdf(), chunk), { maxBytes: LIMIT, displayName: 'report.pdf' }), 'UPLOAD_ACTIVE_CONTENT');
        assert.equal(error.status, 422);
      }
      await assertNothingStored(root);
    });
  });

  it('is rejected for the HTML part alone, and for an escaped /J#61vaScript action', async () => {
    await withStore(async ({ root, store }) => {
      await expectRejected(store.save(streamOf(htmlCommentPdf()), { maxBytes: LIMIT, displayName: 'report.pdf' }), 'UPLOAD_ACTIVE_CONTENT');
      await expectRejected(store.save(streamOf(escapedJavaScriptPdf(), 3), { maxBytes: LIMIT, displayName: 'report.pdf' }), 'UPLOAD_ACTIVE_CONTENT');
      await assertNothingStored(root);
    });
  });
});

describe('U2 zip bomb disguised as a PDF', () => {
  it('(a) a real ZIP named scan.pdf fails the type check on its first bytes', async () => {
    await withStore(async ({ root, store }) => {
      const zip = await zipBomb();
      assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
      const { stream, pulled } = trackedStreamOf(zip);
      const error = await expectRejected(store.save(stream, { maxBytes: LIMIT, displayName: 'scan.pdf' }), 'UPLOAD_TYPE_NOT_ALLOWED');
      assert.equal(error.status, 415);
      assert.ok(pulled() <= 256 * 1024, `read ${pulled()} bytes of ${zip.length}`);
      assert.ok(stream.destroyed, 'the upload stream is not read further');
      await assertNothingStored(root);
    });
  });

  it('(b) a PDF with a FlateDecode stream inflating to 1 GiB is accepted (never inflated) with small memory growth', async () => {
    const bomb = await flateBombPdf();
    assert.ok(bomb.length < 16 * 1024, `bomb is ${bomb.length} bytes`);
    await withStore(async ({ store }) => {
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      try {
        const saved = await store.save(streamOf(bomb, 512), { maxBytes: LIMIT, displayName: 'bomb.pdf' });
        assert.equal(saved.mediaType, 'application/pdf');
        assert.ok((await store.read(saved)).equals(bomb), 'stored as sent, still deflated');
      } finally {
        clearInterval(timer);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      assert.ok(peak - before < 256 * MiB, `RSS grew by ${Math.round((peak - before) / MiB)} MiB`);
    });
  });

  it('streams a large PDF through the cipher to disk instead of buffering it', async () => {
    await withStore(async ({ root, store }) => {
      const size = 9 * MiB;
      const body = noise(size, 11);
      const head = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Length ${size} >>\nstream\n`, 'latin1');
      const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
      const pdf = Buffer.concat([head, body, tail]);
      // The source looks at the temp file when half the PDF has been read from it.
      let onDiskAtHalf = -1;
      let at = 0;
      const stream = new Readable({
        read() {
          if (onDiskAtHalf < 0 && at >= pdf.length / 2) {
            const [part] = readdirSync(join(root, 'tmp'));
            onDiskAtHalf = part ? statSync(join(root, 'tmp', part)).size : 0;
          }
          this.push(at < pdf.length ? pdf.subarray(at, (at += 64 * 1024)) : null);
        },
      });
      const before = process.memoryUsage().rss;
      const saved = await store.save(stream, { maxBytes: LIMIT, displayName: 'scan.pdf' });
      const growth = process.memoryUsage().rss - before;
      assert.equal(saved.size, pdf.length);
      assert.ok(onDiskAtHalf > 3 * MiB, `only ${onDiskAtHalf} bytes on disk at half-time`);
      assert.ok(growth < 256 * MiB, `RSS grew by ${Math.round(growth / MiB)} MiB`);
    });
  });
});

describe('U3 EXIF carrying script and GPS', () => {
  it('is accepted and stored re-encoded, with no EXIF, XMP, GPS, serial, script or thumbnail', async () => {
    await withStore(async ({ store }) => {
      const input = await jpegWithMetadata(120, 80);
      const saved = await store.save(streamOf(input, 500), { maxBytes: LIMIT, displayName: 'IMG_1234.jpg' });
      assert.equal(saved.mediaType, 'image/jpeg');
      const stored = await store.read(saved);
      const meta = await sharp(stored).metadata();
      assert.equal(meta.exif, undefined);
      assert.equal(meta.xmp, undefined);
      assert.equal(meta.iptc, undefined);
      assert.equal(meta.comments, undefined);
      assert.deepEqual([meta.width, meta.height], [80, 120], 'orientation applied to the pixels');
      for (const leak of ['<script', '{{7*7}}', 'SN-0123456789', 'KidneyCam', 'Exif', 'xmpmeta', 'GPS']) {
        assert.equal(stored.indexOf(leak), -1, leak);
      }
      assert.equal(stored.indexOf(Buffer.from([0xff, 0xd8]), 2), -1, 'no embedded thumbnail');
    });
  });
});

describe('U4 extension and magic bytes disagree', () => {
  const accepts: [string, () => Promise<Buffer>, string, MediaType, string][] = [
    ['(a) PNG bytes named x.pdf', () => plainPng(20, 20), 'x.pdf', 'image/png', 'x.png'],
    ['(d) a PDF named x.png', async () => buildPdf(), 'x.png', 'application/pdf', 'x.pdf'],
  ];
  for (const [title, make, name, type, shown] of accepts) {
    it(`${title}: accepted as the detected type and renamed to match`, async () => {
      await withStore(async ({ store }) => {
        const saved = await store.save(streamOf(await make()), { maxBytes: LIMIT, displayName: name });
        assert.equal(saved.mediaType, type);
        assert.equal(saved.displayName, shown);
      });
    });
  }

  for (const [title, body, name] of [
    ['(b) HTML named x.jpg', HTML_PAGE, 'x.jpg'],
    ['(c) SVG with script named x.png', SVG_WITH_SCRIPT, 'x.png'],
  ] as const) {
    it(`${title}: rejected with 415`, async () => {
      await withStore(async ({ root, store }) => {
        await expectRejected(store.save(streamOf(body), { maxBytes: LIMIT, displayName: name }), 'UPLOAD_TYPE_NOT_ALLOWED');
        await assertNothingStored(root);
      });
    });
  }
});

describe('U5 0-byte file', () => {
  it('is rejected as empty (422) and no zero-length blob is stored', async () => {
    await withStore(async ({ root, store }) => {
      const error = await expectRejected(store.save(Readable.from([]), { maxBytes: LIMIT, displayName: 'empty.pdf' }), 'UPLOAD_EMPTY');
      assert.equal(error.status, 422);
      assert.match(error.message, /empty/u);
      await assertNothingStored(root);
    });
  });
});

describe('U6 50 MiB file', () => {
  it('(b) a streamed 50 MiB PDF is cut off at 10 MiB with 413, and the partial file is deleted', async () => {
    await withStore(async ({ root, store }) => {
      const { stream, pulled } = paddedPdfStream(50 * MiB);
      const error = await expectRejected(store.save(stream, { maxBytes: LIMIT, displayName: 'big.pdf' }), 'UPLOAD_TOO_LARGE');
      assert.equal(error.status, 413);
      assert.match(error.message, /at most 10 MB/u);
      assert.ok(pulled() <= LIMIT + 256 * 1024, `read ${pulled()} bytes`);
      assert.ok(stream.destroyed);
      await assertNothingStored(root);
    });
  });

  it('a file of exactly the limit is accepted', async () => {
    await withStore(async ({ store }) => {
      const { stream } = paddedPdfStream(LIMIT);
      assert.equal((await store.save(stream, { maxBytes: LIMIT, displayName: 'big.pdf' })).size, LIMIT);
    });
  });

  it('an image over the limit is cut off the same way', async () => {
    await withStore(async ({ root, store }) => {
      const png = await plainPng(64, 64);
      await expectRejected(store.save(streamOf(png), { maxBytes: png.length - 1, displayName: 'x.png' }), 'UPLOAD_TOO_LARGE');
      await assertNothingStored(root);
    });
  });
});

describe('U7 filenames with ../ and NUL', () => {
  it('traversal names only become display names: nothing is written outside the store', async () => {
    await withStore(async ({ dir, root, store }) => {
      await mkdir(join(dir, 'app', 'dist'), { recursive: true });
      await writeFile(join(dir, 'app', 'dist', 'server.js'), 'original');
      await writeFile(join(dir, 'boot.ini'), 'original');
      const outside = await treeHash(join(dir, 'app'));
      const expected: [string, string][] = [
        ['../../../../app/dist/server.js', 'server.pdf'],
        ['..\\..\\boot.ini', 'boot.pdf'],
        ['../../x.pdf', 'x.pdf'],
        ['..%2F..%2Fx.pdf', '%2F..%2Fx.pdf'],
      ];
      for (const [name, shown] of expected) {
        const saved = await store.save(streamOf(buildPdf()), { maxBytes: LIMIT, displayName: name });
        assert.equal(saved.displayName, shown);
      }
      assert.equal(await treeHash(join(dir, 'app')), outside);
      const outsideBlobs = (await listFiles(dir)).filter((f) => !f.startsWith(join('files', 'blobs')));
      assert.deepEqual(outsideBlobs, [join('app', 'dist', 'server.js'), 'boot.ini']);
    });
  });

  it('NUL in the name gives 400 before the file is read', async () => {
    await withStore(async ({ root, store }) => {
      for (const name of ['report.pdf\u0000.html', 'report.pdf%00.html']) {
        const { stream, pulled } = trackedStreamOf(buildPdf());
        const error = await expectRejected(store.save(stream, { maxBytes: LIMIT, displayName: name }), 'UPLOAD_BAD_NAME');
        assert.equal(error.status, 400);
        assert.equal(pulled(), 0);
        assert.ok(stream.destroyed);
      }
      await assertNothingStored(root);
    });
  });
});

describe('U8 Content-Type spoofing', () => {
  // save() takes no client Content-Type at all: the type comes from the bytes only.
  it('HTML (claimed application/pdf) and SVG (claimed image/png) are rejected', async () => {
    await withStore(async ({ root, store }) => {
      await expectRejected(store.save(streamOf(HTML_PAGE), { maxBytes: LIMIT, displayName: 'report.pdf' }), 'UPLOAD_TYPE_NOT_ALLOWED');
      await expectRejected(store.save(streamOf(SVG_WITH_SCRIPT), { maxBytes: LIMIT, displayName: 'x.png' }), 'UPLOAD_TYPE_NOT_ALLOWED');
      await assertNothingStored(root);
    });
  });

  it('a valid PDF (claimed text/html) is stored as application/pdf', async () => {
    await withStore(async ({ store }) => {
      assert.equal((await store.save(streamOf(buildPdf()), { maxBytes: LIMIT, displayName: 'report.html' })).mediaType, 'application/pdf');
    });
  });
});

describe('U11 pixel-flood images', () => {
  it('a PNG or JPEG declaring over 40 megapixels is rejected before decoding', async () => {
    await withStore(async ({ root, store }) => {
      for (const [image, name] of [
        [pixelFloodPng(), 'flood.png'],
        [await pixelFloodJpeg(), 'flood.jpg'],
        [pixelFloodPng(8000, 5001), 'just-over.png'],
      ] as const) {
        const before = process.memoryUsage().rss;
        const error = await expectRejected(store.save(streamOf(image), { maxBytes: LIMIT, displayName: name }), 'UPLOAD_IMAGE_TOO_LARGE');
        assert.equal(error.reason, 'image-pixels');
        assert.match(error.message, /at most 40 megapixels/u);
        assert.ok(process.memoryUsage().rss - before < 64 * MiB);
      }
      await assertNothingStored(root);
    });
  });
});

describe('U13 EICAR test string', () => {
  it('named eicar.pdf fails the magic-byte check (415)', async () => {
    await withStore(async ({ root, store }) => {
      const error = await expectRejected(store.save(streamOf(EICAR), { maxBytes: LIMIT, displayName: 'eicar.pdf' }), 'UPLOAD_TYPE_NOT_ALLOWED');
      assert.equal(error.status, 415);
      await assertNothingStored(root);
    });
  });
});

describe('U14 PDFs with /Launch, /EmbeddedFile or encryption', () => {
  for (const [title, make] of [
    ['/Launch', launchPdf],
    ['/EmbeddedFile', embeddedFilePdf],
    ['/Encrypt', encryptedPdf],
  ] as const) {
    it(`${title} is rejected (strict policy)`, async () => {
      await withStore(async ({ root, store }) => {
        await expectRejected(store.save(streamOf(make(), 5), { maxBytes: LIMIT, displayName: 'letter.pdf' }), 'UPLOAD_ACTIVE_CONTENT');
        await assertNothingStored(root);
      });
    });
  }

  it('ordinary PDFs stay accepted: an /OpenAction to page 1, binary streams containing "/JS" bytes', async () => {
    await withStore(async ({ store }) => {
      for (const pdf of [openAtPagePdf(), binaryStreamPdf()]) {
        assert.equal((await store.save(streamOf(pdf), { maxBytes: LIMIT, displayName: 'ok.pdf' })).mediaType, 'application/pdf');
      }
    });
  });
});

describe('U15 truncated files', () => {
  it('a PNG or JPEG cut at 50 % is corrupt (422), and no blob is left', async () => {
    await withStore(async ({ root, store }) => {
      for (const [image, name] of [
        [await plainPng(300, 200), 'x.png'],
        [await plainJpeg(300, 200), 'x.jpg'],
      ] as const) {
        const error = await expectRejected(store.save(streamOf(truncated(image)), { maxBytes: LIMIT, displayName: name }), 'UPLOAD_CORRUPT');
        assert.equal(error.status, 422);
      }
      await assertNothingStored(root);
    });
  });

  it('a PDF cut before its %%EOF is corrupt too', async () => {
    await withStore(async ({ root, store }) => {
      await expectRejected(store.save(streamOf(truncated(buildPdf(), 0.9)), { maxBytes: LIMIT, displayName: 'x.pdf' }), 'UPLOAD_CORRUPT');
      await assertNothingStored(root);
    });
  });
});

describe('U16 crash mid-upload', () => {
  it('a temp file and an unreferenced blob left by a crash are swept once older than the window', async () => {
    await withStore(async ({ root, store }) => {
      const orphan = await store.save(streamOf(buildPdf()), { maxBytes: LIMIT, displayName: 'x.pdf' });
      const part = join(root, 'tmp', '0123456789abcdef0123456789abcdef.part');
      await writeFile(part, 'half an upload');
      const hourAndABit = new Date(Date.now() - 3700_000);
      await utimes(part, hourAndABit, hourAndABit);
      await utimes(join(root, 'blobs', orphan.id.slice(0, 2), orphan.id), hourAndABit, hourAndABit);
      assert.deepEqual(await store.sweepOrphans(new Set(), { olderThanMs: 3600_000 }), { removedBlobs: 1, removedTemp: 1 });
      await assertNothingStored(root);
    });
  });

  it('a client that disconnects mid-upload leaves nothing behind', async () => {
    await withStore(async ({ root, store }) => {
      const head = buildPdf().subarray(0, 200);
      const stream = new Readable({ read() {} });
      stream.push(head);
      const saving = store.save(stream, { maxBytes: LIMIT, displayName: 'x.pdf' });
      setTimeout(() => stream.destroy(new Error('aborted')), 20);
      await assert.rejects(saving, /aborted/u);
      await assertNothingStored(root);
    });
  });
});
