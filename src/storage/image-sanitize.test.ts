import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readImageDimensions, sanitizeImage } from './image-sanitize.ts';
import { UploadRejection } from './upload-errors.ts';
import { jpegWithMetadata, pixelFloodJpeg, pixelFloodPng, plainJpeg, plainPng, pngWithText, truncated } from '../../test/fixtures/upload-fixtures.ts';

async function rejectionOf(promise: Promise<unknown>): Promise<UploadRejection> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UploadRejection, `expected an UploadRejection, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

/** Occurrences of a byte sequence. */
function count(haystack: Buffer, needle: Buffer | string): number {
  const n = typeof needle === 'string' ? Buffer.from(needle, 'latin1') : needle;
  let found = 0;
  for (let at = haystack.indexOf(n); at !== -1; at = haystack.indexOf(n, at + 1)) found++;
  return found;
}

const LEAKS = ['<script', '{{7*7}}', 'SN-0123456789', 'KidneyCam', 'Exif\u0000\u0000', 'http://ns.adobe.com/xap', 'onerror', 'GPS'];

describe('readImageDimensions', () => {
  it('reads PNG and JPEG headers without decoding', async () => {
    assert.deepEqual(readImageDimensions(await plainPng(33, 21), 'image/png'), { width: 33, height: 21 });
    assert.deepEqual(readImageDimensions(await plainJpeg(33, 21), 'image/jpeg'), { width: 33, height: 21 });
    // The frame header sits after large EXIF and XMP segments.
    assert.deepEqual(readImageDimensions(await jpegWithMetadata(96, 64), 'image/jpeg'), { width: 96, height: 64 });
    assert.deepEqual(readImageDimensions(pixelFloodPng(), 'image/png'), { width: 65_535, height: 65_535 });
  });

  it('calls a header it cannot read corrupt', () => {
    assert.throws(() => readImageDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg'), /damaged/u);
    assert.throws(() => readImageDimensions(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'), /damaged/u);
  });
});

describe('sanitizeImage', () => {
  it('drops EXIF, XMP, comments, GPS and the thumbnail from a JPEG, applying its orientation (U3)', async () => {
    const input = await jpegWithMetadata(96, 64);
    const before = await sharp(input).metadata();
    assert.ok(before.exif && before.xmp, 'the fixture really carries EXIF and XMP');
    assert.equal(before.orientation, 6);
    assert.equal(count(input, Buffer.from([0xff, 0xd8])), 2, 'the fixture has an embedded thumbnail');

    const output = await sanitizeImage(input, 'image/jpeg');
    const after = await sharp(output).metadata();
    assert.equal(after.format, 'jpeg');
    assert.equal(after.exif, undefined);
    assert.equal(after.xmp, undefined);
    assert.equal(after.iptc, undefined);
    assert.equal(after.orientation, undefined);
    assert.deepEqual([after.width, after.height], [64, 96], 'rotated upright, so no orientation tag is needed');
    assert.equal(count(output, Buffer.from([0xff, 0xd8])), 1, 'no thumbnail');
    assert.equal(count(output, Buffer.from([0xff, 0xfe])), 0, 'no comment segment');
    for (const leak of LEAKS) assert.equal(count(output, leak), 0, leak);
  });

  it('drops PNG text chunks', async () => {
    const output = await sanitizeImage(await pngWithText(), 'image/png');
    const after = await sharp(output).metadata();
    assert.equal(after.format, 'png');
    assert.equal(after.comments, undefined);
    for (const chunk of ['tEXt', 'iTXt', 'zTXt', 'eXIf']) assert.equal(count(output, chunk), 0, chunk);
    for (const leak of LEAKS) assert.equal(count(output, leak), 0, leak);
  });

  it('keeps the picture: size and colours survive re-encoding', async () => {
    const input = await plainPng(120, 80);
    const output = await sanitizeImage(input, 'image/png');
    const [a, b] = await Promise.all([sharp(input).raw().toBuffer(), sharp(output).raw().toBuffer()]);
    assert.ok(a.equals(b), 'PNG is lossless');
    const jpeg = await sanitizeImage(await plainJpeg(120, 80), 'image/jpeg');
    assert.deepEqual(await sharp(jpeg).metadata().then((m) => [m.width, m.height]), [120, 80]);
  });

  it('rejects pixel floods from the header, before decoding (U11)', async () => {
    for (const flood of [pixelFloodPng(), await pixelFloodJpeg()]) {
      const type = flood[0] === 0x89 ? 'image/png' : 'image/jpeg';
      const error = await rejectionOf(sanitizeImage(flood, type));
      assert.equal(error.code, 'UPLOAD_IMAGE_TOO_LARGE');
      assert.equal(error.reason, 'image-pixels');
    }
    // A lower, configured limit is honoured too.
    const error = await rejectionOf(sanitizeImage(await plainPng(101, 100), 'image/png', { maxPixels: 10_000 }));
    assert.equal(error.code, 'UPLOAD_IMAGE_TOO_LARGE');
  });

  it('rejects truncated images as corrupt (U15)', async () => {
    for (const [image, type] of [
      [await plainJpeg(400, 300), 'image/jpeg'],
      [await plainPng(400, 300), 'image/png'],
    ] as const) {
      const error = await rejectionOf(sanitizeImage(truncated(image), type));
      assert.equal(error.code, 'UPLOAD_CORRUPT', type);
      assert.equal(error.status, 422);
    }
  });

  it('rejects bytes that are not the claimed format', async () => {
    const png = await plainPng(10, 10);
    assert.equal((await rejectionOf(sanitizeImage(png, 'image/jpeg'))).code, 'UPLOAD_CORRUPT');
  });
});
