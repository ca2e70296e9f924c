import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { createPdfScanner, type PdfFinding } from './pdf-active-content.ts';
import { buildPdf, noise } from '../../test/fixtures/upload-fixtures.ts';

function scan(bytes: Buffer | string, chunkBytes = bytes.length || 1): { finding: PdfFinding | null; sawEof: boolean } {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  const scanner = createPdfScanner();
  for (let i = 0; i < data.length; i += chunkBytes) {
    const finding = scanner.push(data.subarray(i, i + chunkBytes));
    if (finding) return { finding, sawEof: false };
  }
  return scanner.finish();
}

const nameOf = (result: { finding: PdfFinding | null }) =>
  result.finding?.kind === 'name' ? result.finding.name : result.finding?.kind === 'marker' ? result.finding.marker : null;

describe('createPdfScanner', () => {
  it('passes a plain PDF and sees its %%EOF', () => {
    assert.deepEqual(scan(buildPdf()), { finding: null, sawEof: true });
  });

  it('reports a missing %%EOF', () => {
    const pdf = buildPdf();
    assert.equal(scan(pdf.subarray(0, pdf.length - 8)).sawEof, false);
  });

  for (const name of ['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'Encrypt', 'RichMedia', 'XFA', 'Rendition', 'GoToE', 'EF']) {
    it(`finds /${name} as a dictionary key or value`, () => {
      assert.equal(nameOf(scan(`%PDF-1.7\n1 0 obj << /A << /S /${name} >> >> endobj\n%%EOF`)), name);
      assert.equal(nameOf(scan(`%PDF-1.7\n<</${name}(x)>>`)), name);
    });
  }

  it('decodes #xx escapes in names', () => {
    assert.equal(nameOf(scan('%PDF-1.7\n<< /S /J#61v#61Script >>')), 'JavaScript');
    assert.equal(nameOf(scan('%PDF-1.7\n<< /#4A#53 (x) >>')), 'JS');
    assert.equal(nameOf(scan('%PDF-1.7\n<< /#4a#53 (x) >>')), 'JS');
  });

  it('finds names and markers split across chunks, down to one byte per chunk', () => {
    for (const text of ['%PDF-1.7\n<< /S /JavaScript >>', '%PDF-1.7\n<< /J#61vaScript >>', '%PDF-1.7\n% <ScRiPt>x']) {
      for (const chunk of [1, 2, 3, 5, 7]) assert.notEqual(scan(text, chunk).finding, null, `${text} in ${chunk}-byte chunks`);
    }
    assert.equal(scan(buildPdf(), 1).sawEof, true);
  });

  it('ignores names that only start like a blocked one', () => {
    assert.equal(scan('%PDF-1.7\n<< /JSON 1 /Launcher 2 /EncryptMetadata false /JavaScripts 3 /E /EFX >>\n%%EOF').finding, null);
  });

  it('checks names in strings and comments too (conservative)', () => {
    assert.equal(nameOf(scan('%PDF-1.7\n(see /JavaScript)')), 'JavaScript');
    assert.equal(nameOf(scan('%PDF-1.7\n% /Launch')), 'Launch');
  });

  it('ignores short names inside stream data but not long ones', () => {
    const binary = (inside: string) =>
      Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Length 99 >>\nstream\n', 'latin1'), noise(5000), Buffer.from(inside, 'latin1'), noise(5000), Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]);
    assert.equal(scan(binary('/JS ')).finding, null);
    assert.equal(scan(binary('/EF(')).finding, null);
    assert.equal(nameOf(scan(binary('/JavaScript '))), 'JavaScript');
    assert.equal(nameOf(scan(binary('/Launch\n'))), 'Launch');
  });

  it('checks short names again after endstream', () => {
    assert.equal(nameOf(scan('%PDF-1.7\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n<< /JS (x) >>')), 'JS');
    assert.equal(nameOf(scan('%PDF-1.7\n<< /Length 3 >>\nstream\nabcendstream <</JS 1>>')), 'JS');
  });

  it('does not take "endstream" or a longer word for the start of a stream', () => {
    assert.equal(nameOf(scan('%PDF-1.7\nendstream\n<< /JS (x) >>')), 'JS');
    assert.equal(nameOf(scan('%PDF-1.7\nxstream\n<< /JS (x) >>')), 'JS');
    assert.equal(nameOf(scan('%PDF-1.7\nstreams\n<< /JS (x) >>')), 'JS');
  });

  it('finds HTML polyglot markers in any case', () => {
    assert.equal(nameOf(scan('%PDF-1.7\n%<html><body>')), '<html');
    assert.equal(nameOf(scan('%PDF-1.7\n(<SCRIPT>alert(1)</SCRIPT>)')), '<script');
    assert.equal(nameOf(scan('%PDF-1.7\n<< /URI (JavaScript:alert(1)) >>')), 'javascript:');
    assert.equal(nameOf(scan('%PDF-1.7\n<iframe src=x>')), '<iframe');
  });

  it('keeps a name that runs to the end of the file', () => {
    assert.equal(nameOf(scan('%PDF-1.7\n/Launch')), 'Launch');
  });

  it('scans 10 MB of binary stream data quickly and with no finding', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Length 1 >>\nstream\n', 'latin1'), noise(10 * 1024 * 1024, 7), Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]);
    const started = performance.now();
    const result = scan(pdf, 64 * 1024);
    const ms = performance.now() - started;
    assert.deepEqual(result, { finding: null, sawEof: true });
    assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
  });

  describe('object streams (/Type /ObjStm)', () => {
    // An object stream holding object 7 (an action) after its offset table, as PDF 1.5 writers pack them.
    const objects = (action: string) => `7 0 ${action}`;
    const objStm = (content: Buffer, dict = '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode') => buildPdf({ objects: [{ dict, stream: content }] });
    const packed = (action: string) => deflateSync(Buffer.from(objects(action), 'latin1'));

    it('finds a JavaScript action packed into a compressed object stream, in any chunking', () => {
      const pdf = objStm(packed('<< /S /JavaScript /JS (app.alert(1)) >>'));
      assert.ok(!pdf.includes('JavaScript'), 'the raw file does not spell it out');
      for (const chunk of [pdf.length, 7, 1]) assert.equal(nameOf(scan(pdf, chunk)), 'JavaScript', `chunks of ${chunk}`);
    });

    it('finds short names and #-escaped names inside, and a launch action', () => {
      assert.equal(nameOf(scan(objStm(packed('<< /OpenAction << /JS 8 0 R >> >>')))), 'JS');
      assert.equal(nameOf(scan(objStm(packed('<< /S /J#61vaScript >>')))), 'JavaScript');
      assert.equal(nameOf(scan(objStm(packed('<< /S /Launch /F (cmd.exe) >>')))), 'Launch');
      const plain = Buffer.from(objects('<< /EF << /F 9 0 R >> >>'), 'latin1');
      assert.equal(nameOf(scan(objStm(plain, '/Type /ObjStm /N 1 /First 4'))), 'EF', 'an uncompressed object stream');
    });

    it('accepts an object stream of ordinary objects', () => {
      assert.deepEqual(scan(objStm(packed('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'))), { finding: null, sawEof: true });
    });

    it('refuses an object stream it cannot inspect: other filters, predictors, bad data, a bomb', () => {
      assert.equal(nameOf(scan(objStm(packed('<< >>'), '/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode'))), 'ObjStm');
      assert.equal(nameOf(scan(objStm(packed('<< >>'), '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /DecodeParms << /Predictor 12 >>'))), 'ObjStm');
      assert.equal(nameOf(scan(objStm(Buffer.from('not deflate data at all')))), 'ObjStm');
      const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      const started = performance.now();
      assert.equal(nameOf(scan(objStm(bomb))), 'ObjStm');
      assert.ok(performance.now() - started < 2000, 'refused without expanding it all');
    });

    it('never inflates other streams', () => {
      const image = deflateSync(Buffer.from('/JS /EF inside an image stream are just bytes', 'latin1'));
      assert.deepEqual(scan(buildPdf({ objects: [{ dict: '/Type /XObject /Subtype /Image /Filter /FlateDecode', stream: image }] })), { finding: null, sawEof: true });
    });
  });
});
