import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../databases.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import {
  askFields, askStamp, assertStoresNothing, caseCookie, csrfOf, fieldError, getWithCase, postAsk, ROUTINE_QUESTION,
} from '../ask-fixtures.ts';
import { buildArticle } from '../kb-fixtures.ts';
import { buildPdf, HTML_PAGE, SVG_WITH_SCRIPT } from '../fixtures/upload-fixtures.ts';
import { filePart } from '../multipart.ts';
import { importArticlesFromDir, upsertArticle } from '../../src/articles/index.ts';
import { SAMPLE_CONTENT_DIR } from '../../src/main.ts';
import { escapeHtml } from '../../src/web/html.ts';
import { ANSWER_MAX_CHARS } from '../../src/consultations/expert-answer.service.ts';
import { CONSOLE_TEST_ENV, signedIn, type SignedInMember } from '../../src/staff/consultation-console.fixtures.ts';
import { activeMarkup, BAD_INPUTS, labelOf, TriedTable, valueOf, type BadInput } from './bad-inputs.ts';

// Every entry of ../shared/security/bad-inputs.json, sent to every form field its `field` names,
// on both databases: rejected → 4xx with the field's own message and nothing stored;
// stored-escaped → stored verbatim and shown escaped wherever it is rendered (the patient's page,
// the staff consultation view and queue, the public article); ignored → accepted harmlessly.
// No request may end in a 5xx. The per-feature tests check each form's rules in depth; this one
// ties the list to the whole app and prints what it tried.

const of = (...fields: string[]) => BAD_INPUTS.filter((e) => fields.includes(e.field));
/** How a text field's value is stored: NFC, CRLF → LF, trimmed (consultation-form.ts). */
const stored = (value: string) => value.normalize('NFC').replace(/\r\n?/g, '\n').trim();

describeEachDatabase('security: bad inputs across the app', (kind) => {
  let t: TestApp;
  let stamp: string;
  let expert: SignedInMember;
  const table = new TriedTable();
  const serverErrors: string[] = [];
  let n = 0;

  /** Records 5xx answers; every response in this file passes through here. */
  const seen = (what: string, res: LightMyRequestResponse) => {
    if (res.statusCode >= 500) serverErrors.push(`${what} → ${res.statusCode}`);
    return res;
  };

  before(async () => {
    t = await createTestApp(kind, { env: { ...CONSOLE_TEST_ENV } });
    const report = await importArticlesFromDir(t.ctx, SAMPLE_CONTENT_DIR, { sample: true });
    assert.equal(report.failedFiles, 0);
    stamp = await askStamp(t.app);
    expert = await signedIn(t, 'expert', new Date());
  });
  after(async () => {
    console.log(`\n${table.render(`bad inputs tried [${kind}] (${BAD_INPUTS.length} entries in the list)`)}\n`);
    await t?.close();
  });

  /** The consultation a case cookie opens. */
  const consultationOf = async (cookie: string) => {
    const reference = /Your case reference: <strong>([^<]+)</.exec((await getWithCase(t.app, '/ask/received', cookie)).body)?.[1];
    assert.ok(reference, 'the confirmation shows a reference');
    return t.ctx.db.selectFrom('consultations').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  };

  /** Staff pages that show a consultation: inert, and showing `texts` escaped. */
  const assertStaffPagesInert = async (id: string, texts: readonly string[], label: string) => {
    const view = seen('staff view', await expert.browser.get(`/staff/consultations/${id}`));
    assert.equal(view.statusCode, 200, label);
    assert.deepEqual(activeMarkup(view.body), [], `${label}: the staff view is inert`);
    for (const text of texts) for (const line of text.split('\n')) assert.ok(view.body.includes(escapeHtml(line)), `${label}: the staff view shows ${JSON.stringify(line.slice(0, 30))} escaped`);
    const queue = seen('queue', await expert.browser.get('/staff/consultations?status=all'));
    assert.equal(queue.statusCode, 200, label);
    assert.deepEqual(activeMarkup(queue.body), [], `${label}: the queue is inert`);
  };

  it('/ask: name, email, phone, description', async () => {
    for (const entry of of('name', 'email', 'phone', 'description')) {
      const label = labelOf(entry);
      const value = valueOf(entry);
      table.add(`/ask ${entry.field}`, entry.expect);
      if (entry.expect === 'rejected') {
        const res = seen(label, await assertStoresNothing(t, () => postAsk(t.app, askFields({ [entry.field]: value }), [], { stamp })));
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${label}: 4xx, got ${res.statusCode}`);
        assert.ok(fieldError(res.body, entry.field), `${label}: a message beside #${entry.field}`);
        assert.deepEqual(activeMarkup(res.body), [], `${label}: the echoed form is inert`);
        continue;
      }
      const email = entry.field === 'email' ? value : `bad${n++}@example.com`;
      const res = seen(label, await postAsk(t.app, askFields({ [entry.field]: value, email }), [], { stamp }));
      assert.equal(res.statusCode, 303, `${label}: accepted, got ${res.statusCode}`);
      const cookie = caseCookie(res);
      const row = await consultationOf(cookie);
      const message = await t.ctx.db.selectFrom('consultation_messages').select('body').where('consultation_id', '=', row.id).executeTakeFirstOrThrow();
      const kept = { name: row.patient_name, email: row.patient_email, phone: row.patient_phone, description: message.body }[entry.field];
      assert.equal(kept, stored(value), `${label}: stored verbatim (NFC)`);
      const page = seen('case page', await getWithCase(t.app, '/case', cookie));
      assert.deepEqual(activeMarkup(page.body), [], `${label}: the patient's page is inert`);
      await assertStaffPagesInert(row.id, [stored(value)], label);
    }
  });

  it('/case/messages: a follow-up body takes every description entry', async () => {
    const asked = seen('ask', await postAsk(t.app, askFields({ email: 'follow.up@example.com' }), [], { stamp }));
    const cookie = caseCookie(asked);
    const row = await consultationOf(cookie);
    for (const entry of of('description')) {
      const label = labelOf(entry);
      const value = valueOf(entry);
      table.add('/case/messages body', entry.expect);
      const csrf = csrfOf((await getWithCase(t.app, '/case', cookie)).body);
      const post = () => t.app.inject({
        method: 'POST', url: '/case/messages', cookies: { kd_case: cookie },
        headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ csrf, body: value }).toString(),
      });
      if (entry.expect === 'rejected') {
        const res = seen(label, await assertStoresNothing(t, post));
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${label}: 4xx, got ${res.statusCode}`);
        if (res.statusCode !== 413) assert.ok(fieldError(res.body, 'body'), `${label}: a message beside the message box`);
        continue;
      }
      const res = seen(label, await post());
      assert.equal(res.statusCode, 303, `${label}: accepted, got ${res.statusCode}`);
      const last = await t.ctx.db.selectFrom('consultation_messages').select('body').where('consultation_id', '=', row.id)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(last.body, stored(value), `${label}: stored verbatim`);
    }
    const page = seen('case page', await getWithCase(t.app, '/case', cookie));
    assert.deepEqual(activeMarkup(page.body), [], 'every follow-up is shown inert on the patient page');
    await assertStaffPagesInert(row.id, ['Pain started on 3 May.'], 'follow-ups');
  });

  it('/contact: name, email, subject, message (when the contact form exists)', async (ctx) => {
    if (!t.app.hasRoute({ method: 'POST', url: '/contact' }) || !t.app.hasRoute({ method: 'GET', url: '/contact' })) {
      ctx.skip('no /contact route in this build (src/contact/ not registered yet)');
      return;
    }
    const hidden = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const defaults = { website: '', name: 'Ann Patient', email: 'ann@example.com', subject: 'Opening hours', message: ROUTINE_QUESTION };
    for (const entry of of('name', 'email', 'subject', 'description')) {
      const field = entry.field === 'description' ? 'message' : entry.field;
      const label = `${labelOf(entry)} as ${field}`;
      const value = valueOf(entry);
      table.add(`/contact ${field}`, entry.expect);
      const form = seen('GET /contact', await t.app.inject({ url: '/contact' }));
      const res = seen(label, await t.app.inject({
        method: 'POST', url: '/contact', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.headers['set-cookie'] ? String(form.headers['set-cookie']).split(';')[0]! : '' },
        payload: new URLSearchParams({ ...defaults, ...hidden(form.body), [field]: value }).toString(),
      }));
      assert.deepEqual(activeMarkup(res.body), [], `${label}: the answer is inert`);
      if (entry.expect === 'rejected') {
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${label}: 4xx, got ${res.statusCode}`);
        if (res.statusCode !== 413) assert.match(res.body, new RegExp(`id="${field}-error"`), `${label}: a message beside #${field}`);
      } else {
        assert.ok(res.statusCode < 400, `${label}: accepted, got ${res.statusCode}`);
      }
    }
  });

  it('/search and /api/search: q', async () => {
    const total = (await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow()).n;
    for (const entry of of('search')) {
      const label = labelOf(entry);
      const q = encodeURIComponent(valueOf(entry));
      for (const url of [`/search?q=${q}`, `/api/search?q=${q}`]) {
        table.add(url.slice(0, url.indexOf('?')), entry.expect);
        const res = seen(`${url.slice(0, 40)} ${label}`, await t.app.inject({ url }));
        if (entry.expect === 'rejected') {
          assert.ok([400, 414, 431].includes(res.statusCode), `${label}: 400/414/431, got ${res.statusCode}`);
          continue;
        }
        assert.equal(res.statusCode, 200, `${label}: ${url.slice(0, 40)}`);
        if (url.startsWith('/search')) assert.deepEqual(activeMarkup(res.body), [], `${label}: the echoed query is inert`);
        else assert.ok((JSON.parse(res.body) as { results: unknown[] }).results.length < Number(total), `${label}: never every article`);
      }
    }
  });

  it('/ask uploads: the file name', async () => {
    for (const entry of of('filename')) {
      const label = labelOf(entry);
      const value = valueOf(entry);
      table.add('/ask file name', entry.expect);
      // A name that claims a script-capable type is sent with bytes of that type.
      const content = /\.svg$/.test(value) ? Buffer.from(SVG_WITH_SCRIPT) : /\.html?$/.test(value) ? Buffer.from(HTML_PAGE) : buildPdf();
      const email = `file${n++}@example.com`;
      const send = () => postAsk(t.app, askFields({ email }), [filePart(value, content, 'application/pdf')], { stamp });
      if (entry.expect === 'rejected') {
        const res = seen(label, await assertStoresNothing(t, send));
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${label}: 4xx, got ${res.statusCode}`);
        assert.ok(fieldError(res.body, 'files'), `${label}: a message beside the file input`);
        continue;
      }
      const res = seen(label, await send());
      assert.equal(res.statusCode, 303, `${label}: accepted, got ${res.statusCode}`);
      const row = await consultationOf(caseCookie(res));
      const file = await t.ctx.db.selectFrom('consultation_files').select('display_name').where('consultation_id', '=', row.id).executeTakeFirstOrThrow();
      assert.doesNotMatch(file.display_name, /[/\\\u0000\u202e"]/u, `${label}: a plain basename (${file.display_name})`);
      assert.match(file.display_name, /\.pdf$/, `${label}: the detected type's extension`);
      const page = seen('case page', await getWithCase(t.app, '/case', caseCookie(res)));
      assert.deepEqual(activeMarkup(page.body), [], `${label}: the patient's page is inert`);
      await assertStaffPagesInert(row.id, [file.display_name], label);
    }
  });

  it('markdown: the rendered answer (patient page) and the rendered public article', async () => {
    const asked = seen('ask', await postAsk(t.app, askFields({ email: 'markdown@example.com' }), [], { stamp }));
    const cookie = caseCookie(asked);
    const row = await consultationOf(cookie);
    for (const entry of of('markdown')) {
      const label = labelOf(entry);
      const value = valueOf(entry);
      table.add('article body (rendered)', entry.expect);
      const sent = seen(label, await expert.browser.post(`/staff/consultations/${row.id}/answer`, { csrf: expert.csrf, markdown: value, action: 'send' }));
      if ([...value].length > ANSWER_MAX_CHARS) {
        // An answer is at most 20,000 characters: the 50,000-marker entry is refused there, with a message.
        table.add('answer body (rendered)', 'rejected');
        assert.equal(sent.statusCode, 422, `${label}: over the answer limit`);
        assert.ok(fieldError(sent.body, 'markdown'), `${label}: a message beside the answer box`);
      } else {
        table.add('answer body (rendered)', entry.expect);
        assert.equal(sent.statusCode, 303, `${label}: the answer is sent`);
        const page = seen('case page', await getWithCase(t.app, '/case', cookie));
        assert.deepEqual(activeMarkup(page.body), [], `${label}: the patient's page is inert`);
      }

      const slug = `bad-markdown-${n++}`;
      await upsertArticle(t.ctx, buildArticle({ slug, body: `Before.\n\n${value}\n\nAfter.` }));
      const started = performance.now();
      const article = seen(label, await t.app.inject({ url: `/articles/${slug}` }));
      assert.equal(article.statusCode, 200, label);
      assert.ok(performance.now() - started < 2_000, `${label}: rendered quickly`);
      assert.deepEqual(activeMarkup(article.body), [], `${label}: the article page is inert`);
    }
  });

  it('slugs in public URLs', async () => {
    for (const entry of of('slug')) {
      const label = labelOf(entry);
      // Already-encoded entries go into the URL as they are; the others are encoded.
      const part = /%[0-9a-f]{2}/i.test(entry.value) ? entry.value : encodeURIComponent(valueOf(entry));
      for (const prefix of ['/articles/', '/topics/', '/tags/']) {
        table.add(`${prefix}:slug`, entry.expect);
        const res = seen(label, await t.app.inject({ url: `${prefix}${part}` }));
        assert.ok(res.statusCode === 404 || res.statusCode === 400, `${label}: 404/400 at ${prefix}, got ${res.statusCode}`);
        assert.ok(!res.body.includes('root:x:0:0'), `${label}: no file read`);
        assert.deepEqual(activeMarkup(res.body), [], `${label}: the error page is inert`);
      }
    }
  });

  it('covered every entry of the list, and no request ended in a server error', () => {
    const mapped = new Set(['name', 'email', 'phone', 'description', 'subject', 'search', 'filename', 'markdown', 'slug']);
    const unmapped = BAD_INPUTS.filter((e: BadInput) => !mapped.has(e.field)).map(labelOf);
    assert.deepEqual(unmapped, [], 'every field of the list is mapped to a form field');
    assert.deepEqual(serverErrors, []);
  });
});
