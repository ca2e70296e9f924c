import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUploadInspector, detectMediaType } from './file-type.ts';
import { UploadRejection } from './upload-errors.ts';
import { buildPdf, EICAR, HTML_PAGE, plainJpeg, plainPng, polyglotPdf, SVG_WITH_SCRIPT } from '../../test/fixtures/upload-fixtures.ts';

function inspect(bytes: Buffer, chunkBytes: number, maxBytes = 10 * 1024 * 1024) {
  const inspector = createUploadInspector({ maxBytes });
  const passed: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) passed.push(...inspector.push(bytes.subarray(i, i + chunkBytes)));
  const { mediaType, rest } = inspector.finish();
  passed.push(...rest);
  return { mediaType, passed: Buffer.concat(passed), size: inspector.size };
}

function rejection(fn: () => unknown): UploadRejection {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UploadRejection, `expected an UploadRejection, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('detectMediaType', () => {
  it('knows PDF, JPEG and PNG by their first bytes', async () => {
    assert.equal(detectMediaType(buildPdf()), 'application/pdf');
    assert.equal(detectMediaType(await plainJpeg(8, 8)), 'image/jpeg');
    assert.equal(detectMediaType(await plainPng(8, 8)), 'image/png');
  });

  it('knows nothing else', () => {
    for (const text of [HTML_PAGE, SVG_WITH_SCRIPT, EICAR, 'PK\u0003\u0004', 'GIF89a', '', ' %PDF-1.7', '%PDF']) {
      assert.equal(detectMediaType(Buffer.from(text, 'latin1')), null, JSON.stringify(text));
    }
    assert.equal(detectMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47])), null, 'a cut-off PNG signature');
  });
});

describe('createUploadInspector', () => {
  it('holds bytes back until the type is known, then passes them all on unchanged', async () => {
    const png = await plainPng(16, 16);
    for (const chunk of [1, 3, 8, 1000]) {
      const { mediaType, passed, size } = inspect(png, chunk);
      assert.equal(mediaType, 'image/png');
      assert.ok(passed.equals(png));
      assert.equal(size, png.length);
    }
  });

  it('rejects an unknown type as soon as the first bytes arrive', () => {
    const inspector = createUploadInspector({ maxBytes: 1000 });
    const error = rejection(() => inspector.push(Buffer.from(HTML_PAGE)));
    assert.equal(error.code, 'UPLOAD_TYPE_NOT_ALLOWED');
    assert.equal(error.status, 415);
    assert.deepEqual(error.fields.map((f) => f.field), ['files']);
  });

  it('rejects an empty upload with a plain message', () => {
    const error = rejection(() => createUploadInspector({ maxBytes: 10 }).finish());
    assert.equal(error.code, 'UPLOAD_EMPTY');
    assert.equal(error.status, 422);
    assert.match(error.message, /empty/u);
  });

  it('rejects a file one byte over the limit, and takes one exactly at it', () => {
    const pdf = buildPdf();
    assert.equal(inspect(pdf, 7, pdf.length).mediaType, 'application/pdf');
    const error = rejection(() => inspect(pdf, 7, pdf.length - 1));
    assert.equal(error.code, 'UPLOAD_TOO_LARGE');
    assert.equal(error.status, 413);
  });

  it('decides a file shorter than the sniffing window at the end', () => {
    assert.equal(rejection(() => inspect(Buffer.from('GIF'), 1)).code, 'UPLOAD_TYPE_NOT_ALLOWED');
    assert.equal(rejection(() => inspect(Buffer.from('%PDF-'), 1)).code, 'UPLOAD_CORRUPT');
  });

  it('rejects PDF active content and cut-off PDFs, with a log reason that names no user data', () => {
    const active = rejection(() => inspect(polyglotPdf(), 16));
    assert.equal(active.code, 'UPLOAD_ACTIVE_CONTENT');
    assert.match(active.reason, /^pdf-(name|marker):/u);
    const pdf = buildPdf();
    assert.equal(rejection(() => inspect(pdf.subarray(0, pdf.length - 7), 16)).code, 'UPLOAD_CORRUPT');
  });
});
