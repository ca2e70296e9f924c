import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { getWithCase, shownValue } from '../../test/ask-fixtures.ts';
import { buildArticle } from '../../test/kb-fixtures.ts';
import { upsertArticle } from '../articles/index.ts';
import { createReplyTemplate, normaliseAnswerText } from '../consultations/index.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type AskedConsultation, type SignedInMember } from './consultation-console.fixtures.ts';

// What an expert types, and what the article search finds, on both databases: every markdown and
// description entry of shared/security/bad-inputs.json as an answer body (inert on the patient's
// page and in the console), the article lookup (published articles only, at most eight, bad
// search input harmless), the JavaScript-free article search and template picker.

interface BadInput { field: string; value: string; kind: string; expect: 'rejected' | 'stored-escaped' | 'ignored'; repeat?: number; note?: string }
const ALL = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'shared', 'security', 'bad-inputs.json'), 'utf8')) as BadInput[];
const valueOf = (input: BadInput) => input.value.repeat(input.repeat ?? 1);
// An answer may be 20,000 characters, so the file's oversize entries are judged against that
// limit (the 10,001-character description entry fits in an answer); the megabyte entry is
// refused by the route's body limit before it is parsed.
const ANSWER_INPUTS = ALL.filter((i) => i.field === 'markdown' || i.field === 'description');

/** Markup on a page that could run script or load something from an input: none may appear. */
function activeMarkup(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) if (!/^<script src="\/static\/[a-z-]+\.js\?v=[0-9a-f]+" defer>$/.test(m[0])) found.push(m[0]);
  for (const pattern of [/<[a-z][^>]*\son[a-z]+\s*=/gi, /<(iframe|svg|object|embed|foreignobject)\b/gi, /(href|src)\s*=\s*"?\s*(javascript|vbscript|data):/gi, /<img\b[^>]*src="x"/gi]) {
    for (const m of html.matchAll(pattern)) found.push(m[0]);
  }
  return found;
}

describeEachDatabase('answering: bad input, article links and templates', (kind) => {
  let t: TestApp;
  let clock = Date.parse('2026-11-23T09:00:00Z');
  let expert: SignedInMember;
  let c: AskedConsultation;

  before(async () => {
    t = await createTestApp(kind, { env: { ...CONSOLE_TEST_ENV }, now: () => new Date(clock) });
    expert = await signedIn(t, 'expert', new Date(clock));
    c = await askConsultation(t, { email: 'ann@example.com', description: '<script>alert("patient")</script> my kidneys hurt <img src=x onerror=alert(1)>' });
    for (let i = 1; i <= 10; i++) {
      await upsertArticle(t.ctx, buildArticle({ slug: `potassium-diet-${i}`, title: `Potassium diet part ${i}`, summary: `Potassium in food, part ${i}.`, body: 'Potassium and diet on dialysis: bananas, potatoes and chocolate.' }));
    }
    await upsertArticle(t.ctx, buildArticle({ slug: 'salt-brackets', title: 'Salt [and] fluid', summary: 'Salt and fluid limits.', body: 'Salt and fluid limits on haemodialysis.' }));
    await upsertArticle(t.ctx, buildArticle({ slug: 'fluid-draft', title: 'Fluid secret draft', status: 'draft', body: 'Salt and fluid limits, still a draft.' }));
    await upsertArticle(t.ctx, buildArticle({ slug: 'fluid-withdrawn', title: 'Fluid withdrawn article', status: 'unpublished', body: 'Salt and fluid limits, withdrawn.' }));
  });
  after(async () => {
    await t?.close();
  });

  const send = (markdown: string) => expert.browser.post(`/staff/consultations/${c.id}/answer`, { csrf: expert.csrf, markdown, action: 'send' });
  const lookup = (q: string) => expert.browser.get(`/staff/articles/lookup?q=${encodeURIComponent(q)}`, { accept: 'application/json' });

  it('the patient\'s own words are escaped on the answer page', async () => {
    const page = await expert.browser.get(`/staff/consultations/${c.id}/answer`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('&lt;script&gt;alert(&quot;patient&quot;)&lt;/script&gt; my kidneys hurt'));
    assert.deepEqual(activeMarkup(page.body), []);
  });

  it('handles every markdown and description entry of bad-inputs.json as an answer body', async () => {
    for (const input of ANSWER_INPUTS) {
      const value = valueOf(input);
      const label = `${input.field}/${input.kind}: ${input.note ?? input.value.slice(0, 40)}`;
      clock += 1000;
      const started = Date.now();
      const response = await send(value);
      const chars = [...value].length;
      if (chars > 200_000) {
        assert.equal(response.statusCode, 413, label);
        continue;
      }
      if (value.includes('\u0000') || chars > 20_000) {
        assert.equal(response.statusCode, 422, label);
        assert.match(response.body, /<p id="markdown-error" class="field-error">/, label);
        continue;
      }
      assert.equal(response.statusCode, 303, `${label}: ${response.statusCode}`);
      assert.ok(Date.now() - started < 5_000, `${label}: answered in reasonable time`);
      const stored = await t.ctx.db.selectFrom('consultation_messages').select('body').where('consultation_id', '=', c.id)
        .where('kind', '=', 'answer').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(stored.body, normaliseAnswerText(value), `${label}: stored verbatim`);
    }
    // Every accepted answer is now on both pages: nothing in them can run.
    const patient = await getWithCase(t.app, '/case', c.cookie);
    assert.equal(patient.statusCode, 200);
    assert.deepEqual(activeMarkup(patient.body), [], 'the patient page is inert');
    const console = await expert.browser.get(`/staff/consultations/${c.id}/answer`);
    assert.deepEqual(activeMarkup(console.body), [], 'the console page is inert');
    for (const body of [patient.body, console.body]) {
      assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'raw HTML is shown as text');
      // Markdown may read "*7} … 7*" as emphasis; what matters is that nothing is evaluated.
      assert.ok(body.includes("#{7*7} {{constructor.constructor('return process')()}}"), 'template syntax stays literal');
      assert.ok(!/>\s*49\b/.test(body), 'nothing evaluated to 49');
      assert.ok(body.includes('Pain started on 3 May.'), 'multi-line positive control');
      assert.ok(body.includes('http://169.254.169.254/latest/meta-data/'), 'URLs are text or plain links, never fetched');
      assert.match(body, /<div class="answer-body" dir="auto"><p>Creatinine rose \u202e\.laimroN\u202c after the biopsy<\/p>/, 'bidi text is isolated');
    }
  });

  it('renders 20,000 nested quote markers quickly and refuses 50,000 (over the answer limit)', async () => {
    const started = Date.now();
    const ok = await expert.browser.post(`/staff/consultations/${c.id}/answer/preview`, { csrf: expert.csrf, markdown: '>'.repeat(20_000) }, { accept: 'application/json' });
    assert.equal(ok.statusCode, 200);
    assert.ok(Date.now() - started < 1_000, 'rendered within a second');
    const over = await expert.browser.post(`/staff/consultations/${c.id}/answer/preview`, { csrf: expert.csrf, markdown: '>'.repeat(50_000) }, { accept: 'application/json' });
    assert.equal(over.statusCode, 422);
  });

  it('the article lookup returns published articles only, at most eight, as {title, url, summary}', async () => {
    const many = await lookup('potassium diet');
    assert.equal(many.statusCode, 200);
    const results = JSON.parse(many.body).results as { title: string; url: string; summary: string }[];
    assert.equal(results.length, 8);
    for (const r of results) {
      assert.deepEqual(Object.keys(r).sort(), ['summary', 'title', 'url']);
      assert.match(r.url, /^\/articles\/potassium-diet-\d+$/);
      assert.match(r.summary, /^Potassium in food, part \d+\.$/);
    }
    const fluid = JSON.parse((await lookup('salt fluid limits')).body).results as { url: string }[];
    assert.deepEqual(fluid.map((r) => r.url), ['/articles/salt-brackets'], 'drafts and withdrawn articles are never offered');
    assert.deepEqual(JSON.parse((await lookup('')).body).results, []);
  });

  it('handles every search entry of bad-inputs.json in the article lookup', async () => {
    for (const input of ALL.filter((i) => i.field === 'search')) {
      const response = await lookup(valueOf(input));
      const label = `${input.kind}: ${input.note ?? ''}`;
      if (input.expect === 'rejected') {
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${label}: ${response.statusCode}`);
        continue;
      }
      assert.equal(response.statusCode, 200, label);
      const results = JSON.parse(response.body).results as unknown[];
      assert.ok(results.length <= 8, label);
      if (input.kind === 'like-wildcard' || input.kind === 'sqli') assert.ok(results.length < 12, `${label}: never every article`);
    }
  });

  it('without JavaScript: ?q= lists articles with the Markdown to copy, ?template= pre-fills the answer', async () => {
    const page = await expert.browser.get(`/staff/consultations/${c.id}/answer?q=${encodeURIComponent('salt fluid')}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('<code class="link-markdown">[Salt \\[and\\] fluid](/articles/salt-brackets)</code>'), 'brackets in a title are escaped');
    assert.ok(page.body.includes('<a href="/articles/salt-brackets">Salt [and] fluid</a>'));
    assert.ok(!page.body.includes('Fluid secret draft'));
    assert.ok(page.body.includes('data-insert="[Salt \\[and\\] fluid](/articles/salt-brackets)" hidden'), 'the insert button waits for JavaScript');
    const none = await expert.browser.get(`/staff/consultations/${c.id}/answer?q=zzzqqq`);
    assert.ok(none.body.includes('No published article matches'));

    const body = 'Thank you for your question.\n\n<b>Hello</b> & "welcome"';
    const id = await createReplyTemplate(t.ctx, expert.member.id, { title: 'Thanks <i>opening</i>', body }, '127.0.0.1');
    const withTemplate = await expert.browser.get(`/staff/consultations/${c.id}/answer?template=${id}`);
    assert.equal(withTemplate.statusCode, 200);
    assert.equal(shownValue(withTemplate.body, 'markdown'), body, 'the textarea holds the template');
    assert.match(withTemplate.body, new RegExp(`<option value="${id}" data-body="Thank you for your question\\.\\n\\n&lt;b&gt;Hello&lt;/b&gt; &amp; &quot;welcome&quot;" selected>Thanks &lt;i&gt;opening&lt;/i&gt;</option>`));
    const gone = await expert.browser.get(`/staff/consultations/${c.id}/answer?template=01jzzzzzzzzzzzzzzzzzzzzzzz`);
    assert.ok(gone.body.includes('That template no longer exists.'));
    assert.equal(shownValue(gone.body, 'markdown'), '');
  });
});
