import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { importArticlesFromDir, reindexArticles } from '../articles/index.ts';
import { upsertArticle, setArticleStatus } from '../articles/article.service.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BAD_INPUTS = JSON.parse(readFileSync(path.join(ROOT, '..', 'shared', 'security', 'bad-inputs.json'), 'utf8')) as
  { field: string; value: string; repeat?: number; expect: string; note: string }[];

interface ApiResponse {
  query: string;
  confident: boolean;
  didYouMean?: string;
  results: { slug: string; title: string; url: string; snippet: string; score: number; type: string }[];
}

describeEachDatabase('search', (kind) => {
  let t: TestApp;
  const api = async (q: string, extra = ''): Promise<ApiResponse> => {
    const response = await t.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}${extra}` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<ApiResponse>();
  };

  before(async () => {
    t = await createTestApp(kind);
    await importArticlesFromDir(t.ctx, path.join(ROOT, 'content', 'sample'), { sample: true });
  });
  after(async () => { await t.close(); });

  it('answers lay questions with the right article first', async () => {
    const cases: [string, string][] = [
      ['blood in my wee after the machine', 'blood-in-urine-after-dialysis'],
      ['muscle spasms in my legs on dialysis', 'leg-cramps-during-dialysis'],
      ['itching skin', 'ckd-associated-pruritus'],
      ['my pee looks foamy', 'proteinuria'],
      ['cloudy PD fluid and stomach ache', 'peritonitis-in-peritoneal-dialysis'],
    ];
    for (const [q, slug] of cases) {
      const result = await api(q);
      assert.equal(result.results[0]?.slug, slug, `${q} → ${result.results.map((r) => r.slug).join(', ')}`);
      assert.equal(result.confident, true, q);
    }
  });

  it('returns the documented JSON shape with highlighted snippets', async () => {
    const result = await api('leg cramps', '&limit=3');
    assert.equal(result.query, 'leg cramps');
    assert.equal(result.results.length, 3);
    const first = result.results[0]!;
    assert.deepEqual(Object.keys(first).slice(0, 6), ['slug', 'title', 'url', 'snippet', 'score', 'type']);
    assert.equal(first.url, `/articles/${first.slug}`);
    assert.equal(first.type, 'article');
    assert.match(first.snippet, /cramp/i);
    const html = (await t.app.inject({ url: '/search?q=leg+cramps' })).body;
    assert.match(html, /<mark>[Cc]ramps?<\/mark>/);
  });

  it('offers "did you mean" for misspellings and still finds the article', async () => {
    const result = await api('heprin and blood in pee');
    assert.equal(result.didYouMean, 'heparin and blood in pee');
    assert.equal(result.results[0]?.slug, 'heparin-and-heavy-hematuria');
    const page = (await t.app.inject({ url: '/search?q=heprin+and+blood+in+pee' })).body;
    assert.match(page, /Did you mean <a href="\/search\?q=heparin%20and%20blood%20in%20pee">heparin and blood in pee<\/a>/);
  });

  it('says plainly when nothing fits and carries the question to the ask form', async () => {
    const result = await api('is my pet tortoise hibernating');
    assert.equal(result.confident, false);
    const page = await t.app.inject({ url: '/search?q=is+my+pet+tortoise+hibernating' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /could not find an article that clearly answers this/);
    assert.match(page.body, /href="\/ask\?q=is%20my%20pet%20tortoise%20hibernating"/);
  });

  it('follows article changes at once: create, edit, unpublish', async () => {
    const article = {
      slug: 'zebrafish-kidney-research', title: 'Zebrafish kidney research', categoryPath: ['Research'], tags: ['research'],
      summary: 'What zebrafish teach us.', updatedOn: '2026-11-01', reviewedOn: '2026-11-01', nextReviewOn: null,
      reviewedBy: null, status: 'published' as const, sample: false, body: 'Zebrafish regrow kidney tissue.',
    };
    await upsertArticle(t.ctx, article);
    assert.equal((await api('zebrafish')).results[0]?.slug, 'zebrafish-kidney-research');
    await upsertArticle(t.ctx, { ...article, title: 'Axolotl and zebrafish research', body: 'Axolotls regrow limbs.' });
    assert.equal((await api('axolotl')).results[0]?.title, 'Axolotl and zebrafish research');
    await setArticleStatus(t.ctx, 'zebrafish-kidney-research', 'unpublished');
    assert.deepEqual((await api('axolotl')).results, []);
  });

  it('reindex rebuilds the same results', async () => {
    const before = await api('tired after dialysis');
    const count = await reindexArticles(t.ctx.db);
    assert.equal(count, 40);
    assert.deepEqual(await api('tired after dialysis'), before);
  });

  it('suggests up to five titles as the patient types', async () => {
    const response = await t.app.inject({ url: '/api/suggest?q=dialy' });
    const body = response.json<{ suggestions: { title: string; url: string }[] }>();
    assert.ok(body.suggestions.length > 0 && body.suggestions.length <= 5);
    assert.ok(body.suggestions.every((s) => /dialy/i.test(s.title)), JSON.stringify(body));
    const two = (await t.app.inject({ url: '/api/suggest?q=leg%20cra' })).json<{ suggestions: { title: string }[] }>();
    assert.deepEqual(two.suggestions.map((s) => s.title), ['Leg cramps during dialysis']);
    assert.deepEqual((await t.app.inject({ url: '/api/suggest?q=a' })).json<{ suggestions: unknown[] }>().suggestions, []);
  });

  it('treats full-text syntax, control characters and huge queries as plain words', async () => {
    const hostile = ['"unbalanced', 'NEAR(kidney dialysis, 2) OR title:*', 'a_title : dialysis', '(cramp OR', 'cramp* ^title -dialysis',
      "' OR 1=1--", '%_%', '\u0000\u0007\u001b[31m', '   ', '', 'AND OR NOT', '{a_title}: x', 'x'.repeat(10_000)];
    for (const q of hostile) {
      for (const url of [`/api/search?q=${encodeURIComponent(q)}`, `/search?q=${encodeURIComponent(q)}`, `/api/suggest?q=${encodeURIComponent(q)}`]) {
        const response = await t.app.inject({ url });
        assert.equal(response.statusCode, 200, `${url.slice(0, 80)} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    const all = await api('%_%');
    assert.ok(all.results.length < 40, 'wildcards must not match every article');
    const long = await api(`cramps ${'x'.repeat(10_000)}`);
    assert.equal([...long.query].length, 200);
  });

  it('handles every search entry of shared/security/bad-inputs.json as its note says', async () => {
    for (const entry of BAD_INPUTS.filter((e) => e.field === 'search')) {
      const value = entry.value.repeat(entry.repeat ?? 1);
      const response = await t.app.inject({ url: `/search?q=${encodeURIComponent(value)}` });
      if (entry.expect === 'rejected') {
        assert.ok([400, 414, 431].includes(response.statusCode), `${entry.note}: got ${response.statusCode}`);
        continue;
      }
      assert.equal(response.statusCode, 200, entry.note);
      assert.ok(!response.body.includes('<script>alert(1)</script>'), 'query must be escaped');
      const json = await api(value);
      assert.ok(json.results.length < 40, `${entry.value}: must not return every article`);
    }
  });
});
