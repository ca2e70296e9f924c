import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { multipartBody, type Part } from '../../test/multipart.ts';
import { Browser, createMember, csrfIn, signIn } from './staff.fixtures.ts';
import { createDraft, seedCategory } from './editorial.fixtures.ts';

// Article images: content-sniffed, re-encoded to WebP ≤ 1600 px wide without metadata, alt text
// required, served publicly; the cases of /work/shared/security/bad-uploads.md that apply to images.

describeEachDatabase('editorial images', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-22T09:00:00Z');
  let editor: Browser;
  let article: string;

  const upload = async (parts: readonly Part[], options: { csrf?: string | null; browser?: Browser } = {}) => {
    const browser = options.browser ?? editor;
    const csrf = options.csrf === undefined ? csrfIn((await browser.get(`/staff/articles/${article}/edit`)).body) : options.csrf;
    const body = multipartBody(parts);
    return t.app.inject({
      method: 'POST', url: `/staff/articles/${article}/images${csrf === null ? '' : `?csrf=${encodeURIComponent(csrf)}`}`, payload: body.payload,
      headers: { 'content-type': body.contentType, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
  };
  const image = (content: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): Part => ({ name: 'image', filename, contentType, content });
  const alt = (value = 'A plate with a small portion of rice'): Part => ({ name: 'alt', value });
  const imageCount = async () => Number((await t.ctx.db.selectFrom('article_images').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    const category = await seedCategory(t.ctx);
    const member = await createMember(t.ctx, { role: 'editor', name: 'Ivy Images' });
    editor = new Browser(t.app, '192.0.2.40');
    await signIn(editor, member, new Date(now));
    article = await createDraft(editor, { category, slug: 'with-pictures' });
  });
  after(async () => {
    await t?.close();
  });

  it('re-encodes a large photo to WebP at most 1600 px wide, without EXIF or GPS, and serves it with long caching', async () => {
    const photo = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg().withExif({ IFD0: { ImageDescription: '<script>alert(1)</script> {{7*7}}', Artist: 'Camera Owner' } }).toBuffer();
    assert.ok((await sharp(photo).metadata()).exif, 'the fixture carries EXIF');
    const sent = await upload([alt(), image(photo)]);
    assert.equal(sent.statusCode, 303, sent.body);
    const page = await editor.get(String(sent.headers.location));
    const url = /<code class="link-markdown">!\[A plate with a small portion of rice\]\((\/media\/[0-9a-z]{26}\.webp)\)<\/code>/.exec(page.body)?.[1];
    assert.ok(url, 'the editor shows the Markdown to insert');
    assert.match(page.body, new RegExp(`<img src="${url}" alt="A plate with a small portion of rice"`));

    const served = await t.app.inject({ url });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/webp');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.match(String(served.headers['cache-control']), /max-age=31536000/);
    const meta = await sharp(served.rawPayload).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.width, 1600);
    assert.equal(meta.height, 1067);
    assert.equal(meta.exif, undefined);
    assert.equal(meta.xmp, undefined);
    assert.ok(!served.rawPayload.includes('<script>'));
    assert.equal((await t.app.inject({ url: '/media/00000000000000000000000000.webp' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/media/..%2f..%2fetc%2fpasswd' })).statusCode, 404);

    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', 'article.image_uploaded').execute();
    assert.deepEqual(audit.map((r) => ({ ...r })), [{ action: 'article.image_uploaded', subject_id: article }]);
  });

  it('a small PNG and a WebP are accepted and not enlarged', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#00aa00' } }).png().toBuffer();
    assert.equal((await upload([alt('Green square'), image(png, 'square.png', 'image/png')])).statusCode, 303);
    const webp = await sharp({ create: { width: 50, height: 20, channels: 3, background: '#0000aa' } }).webp().toBuffer();
    assert.equal((await upload([alt('Blue strip'), image(webp, 'strip.webp', 'image/webp')])).statusCode, 303);
    const rows = await t.ctx.db.selectFrom('article_images').select(['alt', 'width', 'height']).where('alt', 'in', ['Green square', 'Blue strip']).orderBy('alt').execute();
    assert.deepEqual(rows.map((r) => [r.alt, Number(r.width), Number(r.height)]), [['Blue strip', 50, 20], ['Green square', 40, 30]]);
  });

  it('rejects bad uploads with a message beside the field, stores nothing, and never fails with a 5xx', async () => {
    const good = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888888' } }).jpeg().toBuffer();
    const cases: { name: string; parts: Part[]; status: number; field: string; message: RegExp }[] = [
      { name: 'no alt text', parts: [image(good)], status: 422, field: 'alt', message: /Enter the description/ },
      { name: 'alt text too long', parts: [alt('x'.repeat(251)), image(good)], status: 422, field: 'alt', message: /at most 250 characters/ },
      { name: 'alt text with a line break', parts: [alt('one\r\ntwo'), image(good)], status: 422, field: 'alt', message: /one line/ },
      { name: 'no file', parts: [alt()], status: 422, field: 'image', message: /Choose an image file/ },
      { name: 'empty file (U5)', parts: [alt(), image(Buffer.alloc(0), 'empty.jpg')], status: 422, field: 'image', message: /Choose an image file|empty/ },
      { name: 'HTML named .jpg (U4b, U8)', parts: [alt(), image(Buffer.from('<html><script>alert(1)</script></html>'), 'x.jpg')], status: 415, field: 'image', message: /JPEG, PNG or WebP/ },
      { name: 'SVG with script named .png (U4c)', parts: [alt(), image(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.png', 'image/png')], status: 415, field: 'image', message: /JPEG, PNG or WebP/ },
      { name: 'PDF named .png (U4d)', parts: [alt(), image(Buffer.from('%PDF-1.7\n%%EOF\n'), 'x.png', 'image/png')], status: 415, field: 'image', message: /JPEG, PNG or WebP/ },
      { name: 'GIF', parts: [alt(), image(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'x.gif', 'image/gif')], status: 415, field: 'image', message: /JPEG, PNG or WebP/ },
      { name: 'pixel flood PNG, 65535 × 65535 (U11)', parts: [alt(), image(pixelFloodPng(), 'flood.png', 'image/png')], status: 413, field: 'image', message: /too many pixels/ },
      { name: 'truncated JPEG (U15)', parts: [alt(), image(good.subarray(0, Math.floor(good.length / 2)))], status: 422, field: 'image', message: /damaged or incomplete/ },
      { name: 'over 5 MB (U6)', parts: [alt(), image(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(6 * 1024 * 1024)]))], status: 413, field: 'image', message: /at most 5 MB/ },
    ];
    const before = await imageCount();
    for (const c of cases) {
      const response = await upload(c.parts);
      assert.equal(response.statusCode, c.status, `${c.name}: ${response.statusCode}`);
      const error = new RegExp(`id="${c.field}-error"[^>]*>.*?</p>`, 's').exec(response.body)?.[0] ?? '';
      assert.match(error, c.message, c.name);
      if (c.field === 'image' && c.status === 422) assert.match(response.body, /value="A plate with a small portion of rice"/, `${c.name}: the alt text typed is kept`);
    }
    assert.equal(await imageCount(), before);
  });

  it('a JPEG/HTML polyglot is re-encoded: nothing but pixels is kept or served', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#ff0000' } }).jpeg().toBuffer();
    const polyglot = Buffer.concat([jpeg, Buffer.from('<html><script>alert(document.domain)</script></html>')]);
    const sent = await upload([alt('Red square'), image(polyglot, 'x.html', 'text/html')]);
    assert.equal(sent.statusCode, 303);
    const row = await t.ctx.db.selectFrom('article_images').select(['id', 'media_type']).where('alt', '=', 'Red square').executeTakeFirstOrThrow();
    const served = await t.app.inject({ url: `/media/${row.id}.webp` });
    assert.equal(served.headers['content-type'], 'image/webp');
    assert.ok(!served.rawPayload.includes('<script>'));
  });

  it('checks the CSRF token of a multipart form (in its address) before reading the body', async () => {
    const good = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).jpeg().toBuffer();
    const before = await imageCount();
    assert.equal((await upload([alt(), image(good)], { csrf: null })).statusCode, 403);
    assert.equal((await upload([alt(), image(good)], { csrf: 'A'.repeat(43) })).statusCode, 403);
    const stranger = new Browser(t.app, '192.0.2.41');
    const anonymous = await upload([alt(), image(good)], { browser: stranger, csrf: 'x' });
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/staff\/login/);
    assert.equal(await imageCount(), before);
  });
});

/** A valid PNG header declaring 65,535 × 65,535 pixels, with a tiny body. */
function pixelFloodPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
    return Buffer.concat([head, Buffer.from(type, 'latin1'), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(65_535, 0);
  ihdr.writeUInt32BE(65_535, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0)),
  ]);
}
