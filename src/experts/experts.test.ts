import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { multipartBody, type Part } from '../../test/multipart.ts';
import { askFields, askStamp, caseCookie, getWithCase, postAsk, unescapeHtml } from '../../test/ask-fixtures.ts';
import { Browser, createMember, csrfIn, signIn, type TestMember } from '../staff/staff.fixtures.ts';
import { upsertArticle } from '../articles/index.ts';

// Expert profiles: the console (create, edit, photo, publish), the public pages, the reviewer's
// credit on article pages, and the bad inputs of /work/shared/security/bad-inputs.json for the
// profile's name (name) and biography (description, markdown).

interface BadInput { field: string; value: string; kind: string; expect: 'rejected' | 'stored-escaped' | 'ignored'; repeat?: number }
const BAD_INPUTS: BadInput[] = (JSON.parse(readFileSync('/work/shared/security/bad-inputs.json', 'utf8')) as BadInput[])
  .map((b) => ({ ...b, value: b.repeat ? b.value.repeat(b.repeat) : b.value }));

describeEachDatabase('expert profiles', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-23T09:00:00Z');
  let admin: Browser;
  let adminMember: TestMember;
  let editor: Browser;
  let n = 0;

  const form = (overrides: Record<string, string> = {}) => ({
    name: 'Dr Ada Lovelace', slug: `ada-lovelace-${n++}`, roleTitle: 'Consultant nephrologist', credentials: 'MBBS, FRCP',
    specialties: 'Dialysis, Transplant', biography: 'Ada has cared for people on dialysis for *twenty* years.', position: '1', staffId: '', ...overrides,
  });
  const create = async (overrides: Record<string, string> = {}) => {
    const page = await admin.get('/staff/experts/new');
    const sent = await admin.post('/staff/experts', { ...form(overrides), csrf: csrfIn(page.body) });
    assert.equal(sent.statusCode, 303, sent.body);
    return String(sent.headers.location).split('?')[0]!.split('/').pop()!;
  };
  const act = async (id: string, action: string) => admin.post(`/staff/experts/${id}/${action}`, { csrf: csrfIn((await admin.get(`/staff/experts/${id}`)).body) });
  const upload = async (id: string, parts: readonly Part[]) => {
    const csrf = csrfIn((await admin.get(`/staff/experts/${id}`)).body);
    const body = multipartBody(parts);
    return t.app.inject({
      method: 'POST', url: `/staff/experts/${id}/photo?csrf=${encodeURIComponent(csrf)}`, payload: body.payload,
      headers: { 'content-type': body.contentType, cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
  };

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    adminMember = await createMember(t.ctx, { role: 'admin', name: 'Ada Admin' });
    admin = new Browser(t.app, '192.0.2.60');
    await signIn(admin, adminMember, new Date(now));
    now += 30_000;
    editor = new Browser(t.app, '192.0.2.61');
    await signIn(editor, await createMember(t.ctx, { role: 'editor' }), new Date(now));
  });
  after(async () => {
    await t?.close();
  });

  it('an admin creates, edits and publishes a profile; unpublished profiles are 404 to the public', async () => {
    const id = await create({ slug: 'ada-lovelace', name: 'Dr Ada Lovelace' });
    const edit = await admin.get(`/staff/experts/${id}?done=created`);
    assert.match(edit.body, /Profile created/);
    assert.equal((await t.app.inject({ url: '/experts/ada-lovelace' })).statusCode, 404);
    assert.ok(!(await t.app.inject({ url: '/experts' })).body.includes('Ada Lovelace'), 'not listed before publishing');

    const saved = await admin.post(`/staff/experts/${id}`, { ...form({ slug: 'ada-lovelace', roleTitle: 'Renal physician' }), csrf: csrfIn(edit.body) });
    assert.equal(saved.statusCode, 303);
    assert.equal((await act(id, 'publish')).statusCode, 303);
    assert.equal((await act(id, 'publish')).statusCode, 409, 'publishing twice is a conflict');

    const list = await t.app.inject({ url: '/experts' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<a href="\/experts\/ada-lovelace">Dr Ada Lovelace<\/a>/);
    assert.match(list.body, /Renal physician/);
    assert.match(list.body, /MBBS, FRCP/);
    assert.match(list.body, /<li>Dialysis<\/li><li>Transplant<\/li>/);
    const profile = await t.app.inject({ url: '/experts/ada-lovelace' });
    assert.equal(profile.statusCode, 200);
    assert.match(profile.body, /<em>twenty<\/em>/, 'the biography is Markdown');
    assert.match(profile.body, /Articles reviewed/);

    assert.equal((await act(id, 'unpublish')).statusCode, 303);
    assert.equal((await t.app.inject({ url: '/experts/ada-lovelace' })).statusCode, 404, 'the page cache was cleared');
    assert.ok(!(await t.app.inject({ url: '/experts' })).body.includes('Ada Lovelace'));

    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'subject_id', 'actor_id']).where('subject_type', '=', 'expert_profile').orderBy('seq').execute();
    assert.deepEqual(audit.map((r) => r.action), ['expert_profile.created', 'expert_profile.updated', 'expert_profile.published', 'expert_profile.unpublished']);
    assert.ok(audit.every((r) => r.subject_id === id && r.actor_id === adminMember.id));
  });

  it('the experts resource page and the footer lead to /experts', async () => {
    const page = await t.app.inject({ url: '/resources/experts' });
    assert.match(page.body, /<h2 id="resource-tool"><a href="\/experts">Meet our experts<\/a><\/h2>/);
    assert.match(page.body, /<li><a href="\/experts">Our experts<\/a><\/li>/);
  });

  it('only admins manage profiles', async () => {
    assert.equal((await editor.get('/staff/experts')).statusCode, 403);
    assert.equal((await editor.get('/staff/experts/new')).statusCode, 403);
  });

  it('the photo is re-encoded to WebP without EXIF, shown on the profile, and refused when it is not an image', async () => {
    const id = await create({ slug: 'photo-person', name: 'Pat Photo' });
    const jpeg = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#884422' } })
      .jpeg().withExif({ IFD0: { ImageDescription: '<script>alert(1)</script>', Artist: 'GPS Owner' } }).toBuffer();
    const sent = await upload(id, [{ name: 'photoAlt', value: 'Pat smiling in the clinic' }, { name: 'image', filename: 'pat.jpg', contentType: 'image/jpeg', content: jpeg }]);
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal((await act(id, 'publish')).statusCode, 303);
    const page = await t.app.inject({ url: '/experts/photo-person' });
    const src = /<img class="expert-photo" src="(\/experts\/photos\/[0-9a-z]{26}\.webp)" alt="Pat smiling in the clinic" width="1600" height="1067"/.exec(page.body)?.[1];
    assert.ok(src, page.body);
    const served = await t.app.inject({ url: src });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/webp');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    const meta = await sharp(served.rawPayload).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.width, 1600);
    assert.equal(meta.exif, undefined);
    assert.ok(!served.rawPayload.includes('GPS Owner'));

    const html = await upload(id, [{ name: 'photoAlt', value: 'x' }, { name: 'image', filename: 'x.jpg', contentType: 'image/jpeg', content: Buffer.from('<html><script>alert(1)</script></html>') }]);
    assert.equal(html.statusCode, 415);
    assert.match(html.body, /id="image-error"[^>]*>.*JPEG, PNG or WebP/s);
    const noAlt = await upload(id, [{ name: 'image', filename: 'pat.jpg', contentType: 'image/jpeg', content: jpeg }]);
    assert.equal(noAlt.statusCode, 422);
    assert.match(noAlt.body, /id="photoAlt-error"/);
    assert.equal((await t.app.inject({ url: src })).statusCode, 200, 'the published photo is unchanged');

    assert.equal((await act(id, 'unpublish')).statusCode, 303);
    assert.equal((await t.app.inject({ url: src })).statusCode, 404, 'an unpublished profile\u2019s photo is not served');
    assert.equal((await admin.get(`/staff/experts/${id}/photo`)).statusCode, 200, 'staff still see it');
  });

  it('an article reviewed by a profiled staff member states their credentials and links to the profile; the profile lists it with the answer count', async () => {
    const reviewer = await createMember(t.ctx, { role: 'expert', name: 'Rana Okafor' });
    await upsertArticle(t.ctx, {
      slug: 'reviewed-article', title: 'A reviewed article', categoryPath: ['Reviews'], tags: [], summary: 'Reviewed.', updatedOn: '2026-11-01',
      reviewedOn: '2026-11-01', nextReviewOn: null, reviewedBy: 'Rana Okafor', status: 'published', sample: false, body: 'Text.',
    });
    await t.ctx.db.updateTable('articles').set({ reviewed_by_id: reviewer.id }).where('slug', '=', 'reviewed-article').execute();
    // Before a profile exists: the stored name only.
    assert.match((await t.app.inject({ url: '/articles/reviewed-article' })).body, /<li>Reviewed by Rana Okafor<\/li>/);

    const stamp = await askStamp(t.app);
    now += 10_000;
    const sentAsk = await postAsk(t.app, askFields({ email: 'answered@example.com' }), [], { stamp, remoteAddress: '198.51.100.30' });
    assert.equal(sentAsk.statusCode, 303, sentAsk.body);
    const consultation = await t.ctx.db.selectFrom('consultations').select('id').where('patient_email', '=', 'answered@example.com').executeTakeFirstOrThrow();
    for (const i of [1, 2]) {
      await t.ctx.db.insertInto('consultation_messages').values({
        id: `answer${i}`.padEnd(26, '0'), consultation_id: consultation.id, author: 'expert', author_id: reviewer.id, kind: 'answer',
        body: `Secret answer text ${i}`, created_at: new Date(now).toISOString(),
      }).execute();
    }

    const casePage = async () => (await getWithCase(t.app, '/case', caseCookie(sentAsk))).body;
    assert.match(await casePage(), /<strong>Kidney expert<\/strong>/, 'without a published profile the answer is from "Kidney expert"');

    const id = await create({ slug: 'rana-okafor', name: 'Dr Rana Okafor', credentials: 'MD, PhD (nephrology)', staffId: reviewer.id });
    assert.match((await t.app.inject({ url: '/articles/reviewed-article' })).body, /<li>Reviewed by Rana Okafor<\/li>/, 'an unpublished profile is not linked');
    assert.equal((await act(id, 'publish')).statusCode, 303);
    const article = await t.app.inject({ url: '/articles/reviewed-article' });
    assert.match(article.body, /Reviewed by <a href="\/experts\/rana-okafor">Dr Rana Okafor<\/a>, MD, PhD \(nephrology\)/);
    const answeredBy = (await casePage()).match(/<strong><a href="\/experts\/rana-okafor">Dr Rana Okafor<\/a>, MD, PhD \(nephrology\)<\/strong>/g) ?? [];
    assert.equal(answeredBy.length, 2, "the patient's page names the expert who answered and links to the profile");

    const profile = await t.app.inject({ url: '/experts/rana-okafor' });
    assert.match(profile.body, /<a href="\/articles\/reviewed-article">A reviewed article<\/a>/);
    assert.match(profile.body, /2 answers written/);
    assert.ok(!profile.body.includes('Secret answer text'), 'never the answers themselves');

    // A second profile cannot take the same staff account.
    const page = await admin.get('/staff/experts/new');
    const clash = await admin.post('/staff/experts', { ...form({ staffId: reviewer.id }), csrf: csrfIn(page.body) });
    assert.equal(clash.statusCode, 422);
    assert.match(clash.body, /id="staffId-error"[^>]*>.*already has a profile/s);
  });

  it('a taken address and missing fields are answered beside the field, keeping what was typed', async () => {
    const page = await admin.get('/staff/experts/new');
    const taken = await admin.post('/staff/experts', { ...form({ slug: 'ada-lovelace', name: 'Keep Me' }), csrf: csrfIn(page.body) });
    assert.equal(taken.statusCode, 422);
    assert.match(taken.body, /id="slug-error"[^>]*>.*already uses this address/s);
    assert.match(taken.body, /value="Keep Me"/);
    const empty = await admin.post('/staff/experts', { ...form({ name: '', roleTitle: '', slug: '' }), csrf: csrfIn(page.body) });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="name-error"/);
    assert.match(empty.body, /id="roleTitle-error"/);
  });

  it('bad inputs for the profile name and biography: rejected with a message or stored verbatim and shown escaped, never a 5xx', async () => {
    const cases = BAD_INPUTS.filter((b) => b.field === 'name' || b.field === 'description' || b.field === 'markdown');
    for (const [i, bad] of cases.entries()) {
      const field = bad.field === 'name' ? 'name' : 'biography';
      const slug = `bad-input-${i}`;
      const page = await admin.get('/staff/experts/new');
      const sent = await admin.post('/staff/experts', { ...form({ slug, [field]: bad.value }), csrf: csrfIn(page.body) });
      const label = `${bad.field}/${bad.kind}: ${JSON.stringify(bad.value.slice(0, 40))}`;
      assert.ok(sent.statusCode < 500, `${label}: ${sent.statusCode}`);
      // The biography limit is 10,000 characters, so the 10,000 boundary fits and 10,001 does not;
      // the 50,000-deep Markdown quote is over it as well.
      if (bad.expect === 'rejected' || bad.value.length > 10_000) {
        assert.ok(sent.statusCode >= 400 && sent.statusCode < 500, `${label}: ${sent.statusCode}`);
        if (sent.statusCode !== 413) assert.match(sent.body, new RegExp(`id="${field}-error"`), label);
        assert.equal(await t.ctx.db.selectFrom('expert_profiles').select('id').where('slug', '=', slug).executeTakeFirst(), undefined, label);
        continue;
      }
      assert.equal(sent.statusCode, 303, `${label}: ${sent.body.slice(0, 300)}`);
      const row = await t.ctx.db.selectFrom('expert_profiles').select(['id', 'name', 'biography']).where('slug', '=', slug).executeTakeFirstOrThrow();
      const stored = field === 'name' ? row.name : row.biography;
      const expected = bad.value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
      assert.equal(stored, expected, label);
      await act(row.id, 'publish');
      const shown = await t.app.inject({ url: `/experts/${slug}` });
      assert.equal(shown.statusCode, 200, label);
      assert.ok(!/<script>alert|<img src=x onerror|<iframe|<svg|href="javascript:|href="data:/i.test(shown.body), `${label}: nothing active`);
      if (field === 'name') assert.ok(unescapeHtml(shown.body).includes(expected), `${label}: shown literally`);
    }
    // A body over the form limit never reaches the handler.
    const page = await admin.get('/staff/experts/new');
    const huge = await admin.post('/staff/experts', { ...form({ biography: 'X'.repeat(1_000_000) }), csrf: csrfIn(page.body) });
    assert.equal(huge.statusCode, 413);
  });
});
