import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DISPLAY_NAME_LENGTH, sanitizeDisplayName } from './upload-name.ts';
import { UploadRejection } from './upload-errors.ts';

describe('sanitizeDisplayName', () => {
  it('keeps an ordinary name', () => {
    assert.equal(sanitizeDisplayName('Blood test March.pdf', 'application/pdf'), 'Blood test March.pdf');
    assert.equal(sanitizeDisplayName('scan.JPEG', 'image/jpeg'), 'scan.jpeg');
    assert.equal(sanitizeDisplayName('Nierenwerte für Dr. Öz.png', 'image/png'), 'Nierenwerte für Dr. Öz.png');
  });

  it('keeps only the basename (U7)', () => {
    assert.equal(sanitizeDisplayName('../../../../app/dist/server.js', 'application/pdf'), 'server.pdf');
    assert.equal(sanitizeDisplayName('..\\..\\boot.ini', 'application/pdf'), 'boot.pdf');
    assert.equal(sanitizeDisplayName('C:\\Users\\me\\Desktop\\labs.pdf', 'application/pdf'), 'labs.pdf');
    assert.equal(sanitizeDisplayName('C:labs.pdf', 'application/pdf'), 'labs.pdf');
    assert.equal(sanitizeDisplayName('../../x.pdf', 'application/pdf'), 'x.pdf');
    assert.equal(sanitizeDisplayName('..', 'application/pdf'), 'file.pdf');
    assert.equal(sanitizeDisplayName('', 'image/png'), 'file.png');
    assert.equal(sanitizeDisplayName('.htaccess', 'application/pdf'), 'htaccess.pdf');
  });

  it('rejects NUL, raw or percent-encoded, with 400 (U7)', () => {
    for (const raw of ['report.pdf\u0000.html', 'report.pdf%00.html']) {
      assert.throws(
        () => sanitizeDisplayName(raw, 'application/pdf'),
        (e: unknown) => e instanceof UploadRejection && e.code === 'UPLOAD_BAD_NAME' && e.status === 400,
      );
    }
  });

  it('makes the extension match the detected type (U4)', () => {
    assert.equal(sanitizeDisplayName('x.pdf', 'image/png'), 'x.png');
    assert.equal(sanitizeDisplayName('x.png', 'application/pdf'), 'x.pdf');
    assert.equal(sanitizeDisplayName('photo.jpg', 'image/jpeg'), 'photo.jpg');
    assert.equal(sanitizeDisplayName('report', 'application/pdf'), 'report.pdf');
    assert.equal(sanitizeDisplayName('report.pdf.exe', 'application/pdf'), 'report.pdf.pdf');
    assert.equal(sanitizeDisplayName('x.html', 'image/jpeg'), 'x.jpg');
  });

  it('strips control characters, direction marks and zero-width characters', () => {
    assert.equal(sanitizeDisplayName('a\r\nb\tc\u0007\u009b.pdf', 'application/pdf'), 'abc.pdf');
    assert.equal(sanitizeDisplayName('re\u200Bport\u200F.pdf\uFEFF', 'application/pdf'), 'report.pdf');
  });

  it('refuses names that use bidi overrides, embeddings or isolates to disguise their type', () => {
    for (const name of ['invoice\u202Efdp.exe', 'scan\u202Egnp.exe', 're\u2066port.pdf\u2069', 'a\u202Ab.pdf']) {
      assert.throws(() => sanitizeDisplayName(name, 'application/pdf'), (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'UPLOAD_BAD_NAME', JSON.stringify(name));
    }
  });

  it('normalises to NFC', () => {
    assert.equal(sanitizeDisplayName('Cafe\u0301.pdf', 'application/pdf'), 'Caf\u00e9.pdf');
  });

  it('limits the length without splitting characters', () => {
    const long = sanitizeDisplayName(`${'ü'.repeat(300)}.pdf`, 'application/pdf');
    assert.equal(Array.from(long).length, MAX_DISPLAY_NAME_LENGTH);
    assert.ok(long.endsWith('.pdf'));
    const emoji = sanitizeDisplayName(`${'😀'.repeat(200)}.png`, 'image/png');
    assert.equal(Array.from(emoji).length, MAX_DISPLAY_NAME_LENGTH);
    assert.ok(emoji.isWellFormed(), 'no lone surrogate halves');
  });
});
