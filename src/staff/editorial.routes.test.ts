import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { upsertArticle } from '../articles/index.ts';
import { Browser, createMember, csrfIn, signIn, type TestMember } from './staff.fixtures.ts';
import { act, createDraft, saveEdit, seedCategory } from './editorial.fixtures.ts';

// The editorial workflow as staff and patients see it: draft → review → sign-off → public,
// four eyes, revisions, unpublishing, reviews due and the preview.

describeEachDatabase('editorial workflow', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-22T09:00:00Z');
  const today = () => new Date(now).toISOString().slice(0, 10);
  let category: string;
  let author: Browser;
  let reviewer: Browser;
  let plainEditor: Browser;
  let authorReviewer: Browser;
  let reviewerMember: TestMember;
  let expert: Browser;

  const member = async (ip: string, options: Parameters<typeof createMember>[1]): Promise<[Browser, TestMember]> => {
    const m = await createMember(t.ctx, options);
    const b = new Browser(t.app, ip);
    now += 1000;
    await signIn(b, m, new Date(now));
    return [b, m];
  };
  const publicGet = (url: string) => t.app.inject({ url });
  const search = async (q: string): Promise<string[]> => {
    const response = await t.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}` });
    assert.equal(response.statusCode, 200);
    return (response.json() as { results: { slug: string }[] }).results.map((r) => r.slug);
  };

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    category = await seedCategory(t.ctx);
    [author] = await member('192.0.2.10', { role: 'editor', name: 'Alex Author' });
    [reviewer, reviewerMember] = await member('192.0.2.11', { role: 'editor', name: 'Dr Rita Reviewer', reviewer: true });
    [plainEditor] = await member('192.0.2.12', { role: 'editor', name: 'Ed Plain' });
    [authorReviewer] = await member('192.0.2.13', { role: 'editor', name: 'Sam Selfcheck', reviewer: true });
    [expert] = await member('192.0.2.14', { role: 'expert', name: 'Ex Pert' });
  });
  after(async () => {
    await t?.close();
  });

  it('a draft is private; after review and sign-off it is public with the reviewer and date, in search, sitemap and feed', async () => {
    const id = await createDraft(author, { category, title: 'Quokka guide to phosphate', slug: 'quokka-phosphate', body: 'Quokkas explain phosphate binders.\n\n## Meals\n\nTake them with food.' });
    assert.equal((await publicGet('/articles/quokka-phosphate')).statusCode, 404);
    assert.deepEqual(await search('quokka'), []);

    // A reviewer cannot sign off what was not submitted.
    assert.equal((await act(reviewer, id, 'signoff')).statusCode, 409);
    const submitted = await act(author, id, 'submit');
    assert.equal(submitted.statusCode, 303);
    assert.match((await author.get(submitted.location)).body, /Submitted for review/);
    assert.equal((await publicGet('/articles/quokka-phosphate')).statusCode, 404, 'in review is not public');
    const list = await reviewer.get('/staff/articles?status=in_review');
    assert.match(list.body, /Quokka guide to phosphate/);

    now += 60_000;
    const signed = await act(reviewer, id, 'signoff', { next_review: '' });
    assert.equal(signed.statusCode, 303, signed.body);
    const page = await publicGet('/articles/quokka-phosphate');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Reviewed by Dr Rita Reviewer/);
    assert.match(page.body, new RegExp(`Last reviewed <time datetime="${today()}">`));
    assert.ok((await search('quokka')).includes('quokka-phosphate'), 'searchable');
    assert.match((await publicGet('/sitemap.xml')).body, /\/articles\/quokka-phosphate</);
    assert.match((await publicGet('/feed.xml')).body, /quokka-phosphate/);

    const row = await t.ctx.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.reviewed_by_id, reviewerMember.id);
    assert.equal(row.next_review_on, `${Number(today().slice(0, 4)) + 1}${today().slice(4)}`);
    const actions = (await t.ctx.db.selectFrom('audit_log').select(['action', 'subject_id']).where('subject_id', '=', id).orderBy('seq').execute()).map((r) => r.action);
    assert.deepEqual(actions, ['article.created', 'article.submitted', 'article.signed_off', 'article.published']);
  });

  it('nobody signs off their own article, and an editor without the reviewer flag signs off nothing', async () => {
    const id = await createDraft(authorReviewer, { category, slug: 'own-work' });
    assert.equal((await act(authorReviewer, id, 'submit')).statusCode, 303);
    const editor = await authorReviewer.get(`/staff/articles/${id}/edit`);
    assert.doesNotMatch(editor.body, /Sign off and publish/);
    assert.match(editor.body, /another reviewer must sign it off/);
    assert.equal((await act(authorReviewer, id, 'signoff')).statusCode, 403);
    assert.equal((await act(plainEditor, id, 'signoff')).statusCode, 403);
    assert.equal((await act(expert, id, 'signoff')).statusCode, 403);
    assert.equal((await publicGet('/articles/own-work')).statusCode, 404);
    // Someone who wrote the changes under review is an author of them too.
    const other = await createDraft(author, { category, slug: 'changed-by-reviewer' });
    assert.equal((await saveEdit(reviewer, other, { category, slug: 'changed-by-reviewer', body: 'The reviewer rewrote this.' })).statusCode, 303);
    assert.equal((await act(author, other, 'submit')).statusCode, 303);
    assert.equal((await act(reviewer, other, 'signoff')).statusCode, 403);
    assert.equal((await act(authorReviewer, other, 'signoff')).statusCode, 303);
  });

  it('sending back to draft needs a comment, which the author then sees', async () => {
    const id = await createDraft(author, { category, slug: 'needs-work' });
    await act(author, id, 'submit');
    const empty = await act(reviewer, id, 'return', { comment: '  ' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="comment-error"[^>]*>.*Write a comment for the author/s);
    assert.equal((await act(reviewer, id, 'return', { comment: 'Please add <b>sources</b>.' })).statusCode, 303);
    const page = await author.get(`/staff/articles/${id}/edit`);
    assert.match(page.body, /Please add &lt;b&gt;sources&lt;\/b&gt;\./);
    assert.match(page.body, /<dd>Draft<\/dd>/);
  });

  it('every save is a revision; the diff page shows the changed lines with + and − markers', async () => {
    const id = await createDraft(author, { category, slug: 'diffed', body: 'Line one\nLine two\nLine three' });
    const saved = await saveEdit(author, id, { category, slug: 'diffed', body: 'Line one\nLine 2\nLine three\nLine four', note: 'Fix line two' });
    assert.equal(saved.statusCode, 303);
    const history = await expert.get(`/staff/articles/${id}/revisions`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Revision 2/);
    assert.match(history.body, /Fix line two/);
    assert.match(history.body, /Alex Author/);
    const diff = await author.get(`/staff/articles/${id}/revisions/2`);
    assert.equal(diff.statusCode, 200);
    assert.match(diff.body, /<del class="diff-line diff-line--del"><span class="visually-hidden">Removed: <\/span>− Line two/);
    assert.match(diff.body, /<ins class="diff-line diff-line--add"><span class="visually-hidden">Added: <\/span>\+ Line 2/);
    assert.match(diff.body, /\+ Line four/);
    assert.doesNotMatch(diff.body, /[+−] Line one/);
    assert.match(diff.body, /2 lines added, 1 removed/);
    assert.equal((await author.get(`/staff/articles/${id}/revisions/9`)).statusCode, 404);
  });

  it('changes to a published article stay off the public page until signed off', async () => {
    const id = await createDraft(author, { category, title: 'Live title', slug: 'live-article' });
    await act(author, id, 'submit');
    await act(reviewer, id, 'signoff');
    assert.match((await publicGet('/articles/live-article')).body, /Live title/);
    const saved = await saveEdit(author, id, { category, title: 'Better title', slug: 'live-article' });
    assert.match(saved.location, /done=saved_pending/);
    assert.match((await publicGet('/articles/live-article')).body, /Live title/);
    assert.match((await author.get(`/staff/articles/${id}/edit`)).body, /value="Better title"/);
    assert.match((await author.get('/staff/articles?status=published')).body, /changes in draft/);
    // The slug of a published article is fixed.
    const moved = await saveEdit(author, id, { category, title: 'Better title', slug: 'moved-article' });
    assert.equal(moved.statusCode, 422);
    assert.match(moved.body, /id="slug-error"/);
    await act(author, id, 'submit');
    assert.match((await publicGet('/articles/live-article')).body, /Live title/);
    assert.equal((await act(reviewer, id, 'signoff')).statusCode, 303);
    assert.match((await publicGet('/articles/live-article')).body, /Better title/);
  });

  it('unpublishing removes the article from its page, search and sitemap at once, and it returns only through review', async () => {
    const id = await createDraft(author, { category, title: 'Wombat fluid advice', slug: 'wombat-fluids', body: 'Wombats and fluid limits.' });
    await act(author, id, 'submit');
    await act(reviewer, id, 'signoff');
    assert.equal((await publicGet('/articles/wombat-fluids')).statusCode, 200, 'page now cached');
    assert.match((await publicGet('/sitemap.xml')).body, /wombat-fluids/);
    assert.equal((await act(expert, id, 'unpublish')).statusCode, 403);
    assert.equal((await act(plainEditor, id, 'unpublish')).statusCode, 303);
    assert.equal((await publicGet('/articles/wombat-fluids')).statusCode, 404);
    assert.doesNotMatch((await publicGet('/sitemap.xml')).body, /wombat-fluids/);
    assert.doesNotMatch((await publicGet('/feed.xml')).body, /wombat-fluids/);
    assert.deepEqual(await search('wombat'), []);
    assert.equal((await act(reviewer, id, 'signoff')).statusCode, 409, 'not without being submitted again');
    assert.equal((await act(author, id, 'submit')).statusCode, 303);
    assert.equal((await act(reviewer, id, 'signoff')).statusCode, 303);
    assert.equal((await publicGet('/articles/wombat-fluids')).statusCode, 200);
  });

  it('slugs are checked like the importer, and a taken slug is answered beside the field', async () => {
    await createDraft(author, { category, slug: 'unique-slug' });
    const page = await author.get('/staff/articles/new');
    const taken = await author.post('/staff/articles', { title: 'T', slug: 'unique-slug', summary: 'S', category, tags: '', body: 'B', csrf: csrfIn(page.body) });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /id="slug-error"[^>]*>.*Another article already uses this slug/s);
    assert.match(taken.body, /value="T"/, 'what was typed is kept');
  });

  it('the preview renders Markdown with the public renderer, raw HTML escaped; the no-JS button saves nothing', async () => {
    const page = await author.get('/staff/articles/new');
    assert.match(page.body, /data-preview-url="\/staff\/articles\/preview" data-preview-target="article-preview"/);
    assert.match(page.body, /id="article-preview"/);
    const csrf = csrfIn(page.body);
    const json = await author.post('/staff/articles/preview', { markdown: '<script>alert(1)</script>\n\n**bold** [x](javascript:alert(1))', csrf }, { accept: 'application/json' });
    assert.equal(json.statusCode, 200);
    const { html } = json.json() as { html: string };
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<strong>bold<\/strong>/);
    assert.doesNotMatch(html, /<script|href="javascript/i);
    assert.equal((await author.post('/staff/articles/preview', { markdown: 'x', csrf: 'wrong' }, { accept: 'application/json' })).statusCode, 403);

    const before = await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const preview = await author.post('/staff/articles', { title: 'P', slug: 'previewed', summary: 'S', category, tags: '', body: '## Heading\n\n<b>raw</b>', intent: 'preview', csrf });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<div id="article-preview"[^>]*>\s*<h2 id="heading">Heading<\/h2>/);
    assert.match(preview.body, /&lt;b&gt;raw&lt;\/b&gt;/);
    const afterCount = await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  it('experts may read the list and history but not write', async () => {
    assert.equal((await expert.get('/staff/articles')).statusCode, 200);
    assert.equal((await expert.get('/staff/articles/new')).statusCode, 403);
    assert.equal((await plainEditor.get('/staff/consultations')).statusCode, 403);
  });

  it('lists the reviews due: passed or within 30 days, overdue first, by the injected clock', async () => {
    const put = (slug: string, reviewedOn: string, nextReviewOn: string | null, status: 'published' | 'draft' = 'published') => upsertArticle(t.ctx, {
      slug, title: `Due ${slug}`, categoryPath: ['Living well'], tags: [], summary: 'S.', updatedOn: reviewedOn, reviewedOn, nextReviewOn,
      reviewedBy: 'Old Reviewer', status, sample: false, body: 'B.',
    });
    now = Date.parse('2026-11-22T09:00:00Z');
    await put('due-overdue', '2025-10-01', null);
    await put('due-soon', '2026-01-01', '2026-12-10');
    await put('due-later', '2026-06-01', null);
    await put('due-draft', '2024-01-01', null, 'draft');
    const titles = (body: string) => [...body.matchAll(/>Due (due-[a-z-]+)</g)].map((m) => m[1]);
    const due = await reviewer.get('/staff/articles?view=due');
    assert.equal(due.statusCode, 200);
    const listed = titles(due.body);
    assert.deepEqual(listed.filter((s) => s?.startsWith('due-')), ['due-overdue', 'due-soon']);
    assert.match(due.body, /Overdue since 1 Oct 2026/);
    // Half a year on (a new sign-in, which also ends the old sessions: so this test runs last), the later one is due too.
    now = Date.parse('2027-05-10T09:00:00Z');
    const [later] = await member('192.0.2.15', { role: 'expert' });
    assert.deepEqual(titles((await later.get('/staff/articles?view=due')).body), ['due-overdue', 'due-soon', 'due-later']);
  });
});
