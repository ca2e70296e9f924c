import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { Browser, createMember, csrfIn, signIn, type TestMember } from './staff.fixtures.ts';
import { createReplyTemplate } from '../consultations/index.ts';
import { upsertArticle } from '../articles/index.ts';
import { askFields, askStamp, postAsk } from '../../test/ask-fixtures.ts';
import { filePart } from '../../test/multipart.ts';
import { buildPdf } from '../../test/fixtures/upload-fixtures.ts';

// Every /staff route × every role × nobody → the status a browser gets. Requests carry what a
// browser would: the session's CSRF token for console forms, the pre-session token for the
// public forms. Anonymous: 303 to the sign-in page (401 for JSON); a role without the right: 403.

type Who = 'anonymous' | 'editor' | 'expert' | 'admin';
const WHO: readonly Who[] = ['anonymous', 'editor', 'expert', 'admin'];
const DEAD = 'A'.repeat(43);

interface Row {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The registered route, when the path holds ids other than the target's (e.g. `/staff/articles/:id`). */
  readonly route?: string;
  /** Which token the form carries: the session's or the pre-session one. */
  readonly form?: 'session' | 'public';
  readonly body?: () => Record<string, string>;
  /** anonymous, editor, expert, admin */
  readonly expect: readonly [number, number, number, number];
}

describeEachDatabase('staff console: the authorization matrix', (kind) => {
  let t: TestApp;
  let now = Date.parse('2026-11-22T09:00:00Z');
  const browsers = new Map<Who, Browser>();
  const members = new Map<Who, TestMember>();
  let target: TestMember;
  let n = 0;

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(now) });
    target = await createMember(t.ctx, { role: 'editor', email: 'target@clinic.example' });
    for (const who of WHO) {
      const browser = new Browser(t.app, `192.0.2.${WHO.indexOf(who) + 100}`);
      browsers.set(who, browser);
      if (who === 'anonymous') continue;
      const member = await createMember(t.ctx, { role: who });
      members.set(who, member);
      now += 30_000;
      await signIn(browser, member, new Date(now));
    }
  });
  // An article in draft for the editorial rows (imported, so it has no author in the console).
  let article = '';
  let category = '';
  before(async () => {
    await upsertArticle(t.ctx, {
      slug: 'matrix-article', title: 'Matrix article', categoryPath: ['Matrix'], tags: [], summary: 'For the matrix.', updatedOn: '2026-01-01',
      reviewedOn: '2026-01-01', nextReviewOn: null, reviewedBy: null, status: 'draft', sample: false, body: 'Text.',
    });
    const row = await t.ctx.db.selectFrom('articles').select(['id', 'category_id']).where('slug', '=', 'matrix-article').executeTakeFirstOrThrow();
    article = row.id;
    category = row.category_id;
  });
  // A consultation with a report for the consultation rows, sent through the ask form.
  let consultation = '';
  let consultationFile = '';
  before(async () => {
    const stamp = await askStamp(t.app);
    now += 60_000;
    const sent = await postAsk(t.app, askFields({ email: 'matrix-patient@example.com' }), [filePart('report.pdf', buildPdf())], { stamp, remoteAddress: '198.51.100.7' });
    assert.equal(sent.statusCode, 303, sent.body);
    consultation = (await t.ctx.db.selectFrom('consultations').select('id').where('patient_email', '=', 'matrix-patient@example.com').executeTakeFirstOrThrow()).id;
    consultationFile = (await t.ctx.db.selectFrom('consultation_files').select('id').where('consultation_id', '=', consultation).executeTakeFirstOrThrow()).id;
  });
  // A reply template for the template rows.
  let replyTemplate = '';
  before(async () => {
    replyTemplate = await createReplyTemplate(t.ctx, target.id, { title: 'Matrix template', body: 'Text.' }, '127.0.0.1');
  });
  // A message left through the contact form for the contact inbox rows.
  let contactMessage = '';
  before(async () => {
    const form = await t.app.inject({ method: 'GET', url: '/contact' });
    const started = /name="started" value="([^"]+)"/.exec(form.body)![1]!;
    now += 60_000;
    const fields = { started, name: 'Matrix Sender', email: 'matrix-contact@example.com', subject: 'Matrix subject', message: 'A message for the authorization matrix.' };
    const sent = await t.app.inject({ method: 'POST', url: '/contact', payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: '198.51.100.8' });
    assert.equal(sent.statusCode, 303, sent.body);
    contactMessage = (await t.ctx.db.selectFrom('contact_messages').select('id').where('email', '=', 'matrix-contact@example.com').executeTakeFirstOrThrow()).id;
  });
  // An unpublished expert profile and a submitted story (with consent) for their rows.
  let profile = '';
  let story = '';
  before(async () => {
    const at = new Date(now).toISOString();
    profile = 'matrixprofile0000000000000';
    await t.ctx.db.insertInto('expert_profiles').values({
      id: profile, staff_id: null, slug: 'matrix-expert', name: 'Matrix Expert', role_title: 'Nurse', credentials: 'RN', specialties: '[]', biography: '',
      photo_id: null, photo: null, photo_width: null, photo_height: null, photo_alt: '', published: 0, position: 0, created_at: at, updated_at: at,
    }).execute();
    story = 'matrixstory000000000000000';
    await t.ctx.db.insertInto('stories').values({
      id: story, display_name: 'Ann', condition: 'transplant', title: 'Matrix story', body: 'A story long enough for the matrix of staff routes and roles.',
      contact_email: 'matrix-story@example.com', consent_version: '2026-11-23', consented_at: at, status: 'submitted', submitted_at: at, published_at: null,
      moderated_by: null, moderated_at: null, withdrawn_at: null, withdrawal_token_hash: 'f'.repeat(64), updated_at: at,
    }).execute();
  });
  after(async () => {
    await t?.close();
  });

  const ROWS = (): Row[] => [
    { method: 'GET', path: '/staff', expect: [303, 200, 200, 200] },
    { method: 'GET', path: '/staff/team', expect: [303, 403, 403, 200] },
    { method: 'POST', path: '/staff/team', form: 'session', body: () => ({ name: 'New Person', email: `new${n++}@clinic.example`, role: 'editor' }), expect: [303, 403, 403, 303] },
    { method: 'POST', path: `/staff/team/${target.id}/disable`, form: 'session', expect: [303, 403, 403, 303] },
    { method: 'POST', path: `/staff/team/${target.id}/enable`, form: 'session', expect: [303, 403, 403, 303] },
    { method: 'POST', path: `/staff/team/${target.id}/setup-link`, form: 'session', expect: [303, 403, 403, 303] },
    // ── consultations: queue, consultation view, answering ──
    // Answering: here the expert and admin only preview, so the consultation is unchanged for the rows below.
    { method: 'GET', path: `/staff/consultations/${consultation}/answer`, route: '/staff/consultations/:id/answer', expect: [303, 403, 200, 200] },
    { method: 'POST', path: `/staff/consultations/${consultation}/answer`, route: '/staff/consultations/:id/answer', form: 'session', body: () => ({ markdown: 'Matrix *answer*.', action: 'preview' }), expect: [303, 403, 200, 200] },
    { method: 'POST', path: `/staff/consultations/${consultation}/answer/preview`, route: '/staff/consultations/:id/answer/preview', form: 'session', body: () => ({ markdown: 'Matrix *answer*.' }), expect: [303, 403, 200, 200] },
    { method: 'GET', path: '/staff/articles/lookup?q=kidney', expect: [303, 403, 200, 200] },
    { method: 'GET', path: '/staff/templates', expect: [303, 403, 200, 200] },
    { method: 'POST', path: '/staff/templates', form: 'session', body: () => ({ title: `Matrix template ${n++}`, body: 'Text.' }), expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/templates/${replyTemplate}`, route: '/staff/templates/:id', form: 'session', body: () => ({ title: 'Matrix template', body: `Text ${n++}.` }), expect: [303, 403, 303, 303] },
    // The expert deletes the template, so the admin finds it gone.
    { method: 'POST', path: `/staff/templates/${replyTemplate}/delete`, route: '/staff/templates/:id/delete', form: 'session', expect: [303, 403, 303, 404] },
    // In order on one consultation: the expert claims it (so the admin's claim is a 409), pauses and
    // restarts its clock, and closes it (so the admin's close is a 422: it is closed already).
    { method: 'GET', path: '/staff/consultations', expect: [303, 403, 200, 200] },
    { method: 'GET', path: '/staff/consultations?status=all&assignee=mine&format=fragment', expect: [303, 403, 200, 200] },
    { method: 'GET', path: `/staff/consultations/${consultation}`, route: '/staff/consultations/:id', expect: [303, 403, 200, 200] },
    { method: 'GET', path: `/staff/consultations/${consultation}/files/${consultationFile}?download=1`, route: '/staff/consultations/:id/files/:fileId', expect: [303, 403, 200, 200] },
    { method: 'POST', path: `/staff/consultations/${consultation}/claim`, route: '/staff/consultations/:id/claim', form: 'session', expect: [303, 403, 303, 409] },
    { method: 'POST', path: `/staff/consultations/${consultation}/assign`, route: '/staff/consultations/:id/assign', form: 'session', body: () => ({ assignee: members.get('admin')!.id }), expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/consultations/${consultation}/unassign`, route: '/staff/consultations/:id/unassign', form: 'session', expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/consultations/${consultation}/notes`, route: '/staff/consultations/:id/notes', form: 'session', body: () => ({ note: 'Matrix note.' }), expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/consultations/${consultation}/pause`, route: '/staff/consultations/:id/pause', form: 'session', expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/consultations/${consultation}/resume`, route: '/staff/consultations/:id/resume', form: 'session', expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/consultations/${consultation}/status`, route: '/staff/consultations/:id/status', form: 'session', body: () => ({ status: 'closed' }), expect: [303, 403, 303, 422] },
    // ── reminders and the promise dashboard ──
    { method: 'GET', path: '/staff/dashboard', expect: [303, 403, 200, 200] },
    { method: 'GET', path: '/staff/dashboard?from=2026-10-01&to=2026-11-22', expect: [303, 403, 200, 200] },
    { method: 'GET', path: '/staff/dashboard.csv', expect: [303, 403, 200, 200] },
    { method: 'POST', path: '/staff/duty', form: 'session', body: () => ({ duty: 'off' }), expect: [303, 403, 303, 303] },
    // ── contact messages (staff inbox) ──
    // Marking handled twice is "unchanged" (still a 303); a reply marks the message handled again.
    { method: 'GET', path: '/staff/messages', expect: [303, 403, 200, 200] },
    { method: 'GET', path: '/staff/messages?status=unhandled', expect: [303, 403, 200, 200] },
    { method: 'GET', path: `/staff/messages/${contactMessage}`, route: '/staff/messages/:id', expect: [303, 403, 200, 200] },
    { method: 'POST', path: `/staff/messages/${contactMessage}/handled`, route: '/staff/messages/:id/handled', form: 'session', expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/messages/${contactMessage}/unhandled`, route: '/staff/messages/:id/unhandled', form: 'session', expect: [303, 403, 303, 303] },
    { method: 'POST', path: `/staff/messages/${contactMessage}/reply`, route: '/staff/messages/:id/reply', form: 'session', body: () => ({ reply: 'Matrix reply.' }), expect: [303, 403, 303, 303] },
    // ── expert profiles and patient stories ──
    // Profiles are the admins'; stories the editors' and admins'. In order: the profile is saved,
    // published and unpublished; the editor publishes the story (the admin's publish is a 409),
    // unpublishes it and rejects it (the admin's second try finds it so: 409).
    { method: 'GET', path: '/staff/experts', expect: [303, 403, 403, 200] },
    { method: 'GET', path: '/staff/experts/new', expect: [303, 403, 403, 200] },
    { method: 'POST', path: '/staff/experts', form: 'session', body: () => ({ name: 'New Expert', slug: `matrix-new-expert-${n++}`, roleTitle: 'Dietitian' }), expect: [303, 403, 403, 303] },
    { method: 'GET', path: `/staff/experts/${profile}`, route: '/staff/experts/:id', expect: [303, 403, 403, 200] },
    { method: 'POST', path: `/staff/experts/${profile}`, route: '/staff/experts/:id', form: 'session', body: () => ({ name: 'Matrix Expert', slug: 'matrix-expert', roleTitle: 'Nurse' }), expect: [303, 403, 403, 303] },
    { method: 'GET', path: `/staff/experts/${profile}/photo`, route: '/staff/experts/:id/photo', expect: [303, 403, 403, 404] },
    // A URL-encoded post is not an upload (415); the multipart path is in experts/experts.test.ts.
    { method: 'POST', path: `/staff/experts/${profile}/photo`, route: '/staff/experts/:id/photo', form: 'session', body: () => ({ photoAlt: 'x' }), expect: [303, 403, 403, 415] },
    { method: 'POST', path: `/staff/experts/${profile}/publish`, route: '/staff/experts/:id/publish', form: 'session', expect: [303, 403, 403, 303] },
    { method: 'POST', path: `/staff/experts/${profile}/unpublish`, route: '/staff/experts/:id/unpublish', form: 'session', expect: [303, 403, 403, 303] },
    { method: 'GET', path: '/staff/stories', expect: [303, 200, 403, 200] },
    { method: 'GET', path: `/staff/stories/${story}`, route: '/staff/stories/:id', expect: [303, 200, 403, 200] },
    { method: 'POST', path: `/staff/stories/${story}`, route: '/staff/stories/:id', form: 'session', body: () => ({ displayName: 'Ann', title: 'Matrix story', body: `A story long enough for the matrix of staff routes, edit ${n++}.` }), expect: [303, 303, 403, 303] },
    { method: 'POST', path: `/staff/stories/${story}/publish`, route: '/staff/stories/:id/publish', form: 'session', expect: [303, 303, 403, 409] },
    { method: 'POST', path: `/staff/stories/${story}/unpublish`, route: '/staff/stories/:id/unpublish', form: 'session', expect: [303, 303, 403, 409] },
    { method: 'POST', path: `/staff/stories/${story}/reject`, route: '/staff/stories/:id/reject', form: 'session', expect: [303, 303, 403, 409] },
    // ── retention and erasure ──
    // The matrix consultation has no deletion request, so even the admin's confirmation is refused (409).
    { method: 'GET', path: '/staff/deletions', expect: [303, 403, 403, 200] },
    { method: 'POST', path: `/staff/consultations/${consultation}/erase`, route: '/staff/consultations/:id/erase', form: 'session', expect: [303, 403, 403, 409] },
    // ── editorial workflow ──
    // The rows run in order on one draft: editors and admins save it, the editor submits it (the
    // admin's second submit finds it in review: 409), nobody here has the reviewer flag, and it
    // is never published, so unpublishing is a 409.
    { method: 'GET', path: '/staff/articles', expect: [303, 200, 200, 200] },
    { method: 'GET', path: '/staff/articles?view=due', expect: [303, 200, 200, 200] },
    { method: 'GET', path: '/staff/articles/new', expect: [303, 200, 403, 200] },
    { method: 'POST', path: '/staff/articles', form: 'session', body: () => ({ title: 'New', slug: `matrix-new-${n++}`, summary: 'S.', category, tags: '', body: 'B.' }), expect: [303, 303, 403, 303] },
    { method: 'POST', path: '/staff/articles/preview', form: 'session', body: () => ({ markdown: '# Hello' }), expect: [303, 200, 403, 200] },
    { method: 'GET', path: `/staff/articles/${article}/edit`, route: '/staff/articles/:id/edit', expect: [303, 200, 403, 200] },
    { method: 'POST', path: `/staff/articles/${article}`, route: '/staff/articles/:id', form: 'session', body: () => ({ title: 'Matrix article', slug: 'matrix-article', summary: 'For the matrix.', category, tags: 'matrix', body: `Text ${n++}.` }), expect: [303, 303, 403, 303] },
    { method: 'POST', path: `/staff/articles/${article}/submit`, route: '/staff/articles/:id/submit', form: 'session', expect: [303, 303, 403, 409] },
    { method: 'POST', path: `/staff/articles/${article}/signoff`, route: '/staff/articles/:id/signoff', form: 'session', expect: [303, 403, 403, 403] },
    { method: 'POST', path: `/staff/articles/${article}/return`, route: '/staff/articles/:id/return', form: 'session', body: () => ({ comment: 'No.' }), expect: [303, 403, 403, 403] },
    { method: 'POST', path: `/staff/articles/${article}/unpublish`, route: '/staff/articles/:id/unpublish', form: 'session', expect: [303, 409, 403, 409] },
    { method: 'GET', path: `/staff/articles/${article}/revisions`, route: '/staff/articles/:id/revisions', expect: [303, 200, 200, 200] },
    { method: 'GET', path: `/staff/articles/${article}/revisions/1`, route: '/staff/articles/:id/revisions/:n', expect: [303, 200, 200, 200] },
    // A URL-encoded post is not an upload (415); the multipart path is in editorial-images.test.ts.
    { method: 'POST', path: `/staff/articles/${article}/images`, route: '/staff/articles/:id/images', form: 'session', body: () => ({ alt: 'x' }), expect: [303, 415, 403, 415] },
    { method: 'GET', path: '/staff/audit', expect: [303, 403, 403, 200] },
    { method: 'GET', path: '/staff/audit?action=staff.login', expect: [303, 403, 403, 200] },
    // A full session is not a code-step session: back to the sign-in page, which sends it on to the console.
    { method: 'POST', path: '/staff/login/code', form: 'session', body: () => ({ code: '123456' }), expect: [303, 303, 303, 303] },
    { method: 'GET', path: '/staff/login', expect: [200, 303, 303, 303] },
    { method: 'POST', path: '/staff/login', form: 'public', body: () => ({ email: 'nobody@clinic.example', password: 'wrong password here' }), expect: [401, 401, 401, 401] },
    { method: 'GET', path: '/staff/password-reset', expect: [200, 200, 200, 200] },
    { method: 'POST', path: '/staff/password-reset', form: 'public', body: () => ({ email: 'nobody@clinic.example' }), expect: [200, 200, 200, 200] },
    { method: 'GET', path: `/staff/password-reset/${DEAD}`, expect: [404, 404, 404, 404] },
    { method: 'POST', path: `/staff/password-reset/${DEAD}`, form: 'public', body: () => ({ password: 'a long new password', confirm: 'a long new password' }), expect: [404, 404, 404, 404] },
    { method: 'GET', path: `/staff/setup/${DEAD}`, expect: [404, 404, 404, 404] },
    { method: 'POST', path: `/staff/setup/${DEAD}`, form: 'public', body: () => ({ password: 'a long new password', confirm: 'a long new password' }), expect: [404, 404, 404, 404] },
    { method: 'GET', path: `/staff/setup/${DEAD}/code`, expect: [404, 404, 404, 404] },
    { method: 'POST', path: `/staff/setup/${DEAD}/code`, form: 'public', body: () => ({ code: '123456' }), expect: [404, 404, 404, 404] },
    // Last: it ends the sessions.
    { method: 'POST', path: '/staff/logout', form: 'session', expect: [303, 303, 303, 303] },
  ];

  it('every route, every role, and nobody', async () => {
    const failures: string[] = [];
    const rows = ROWS();
    const tested = new Set(rows.map((r) => `${r.method} ${r.route ?? r.path.split('?')[0]!.replace(target.id, ':id').replace(DEAD, ':token')}`));
    const registered = routesIn(t.app.printRoutes({ commonPrefix: false })).filter((r) => / \/staff(\/|$)/.test(r));
    assert.deepEqual([...tested].sort(), registered.sort(), 'the table has every staff route, and only those');
    for (const row of rows) {
      for (const [i, who] of WHO.entries()) {
        const browser = browsers.get(who)!;
        let form: Record<string, string> = row.body?.() ?? {};
        if (row.form === 'session' && who !== 'anonymous') form = { ...form, csrf: csrfIn((await browser.get('/staff')).body) };
        if (row.form === 'public') form = { ...form, csrf: csrfIn((await browser.get('/staff/password-reset')).body) };
        const response = row.method === 'GET' ? await browser.get(row.path) : await browser.post(row.path, form);
        const expected = row.expect[i]!;
        if (response.statusCode !== expected) failures.push(`${row.method} ${row.path} as ${who}: ${response.statusCode}, expected ${expected}`);
        if (who === 'anonymous' && expected === 303 && response.headers.location !== undefined && !String(response.headers.location).startsWith('/staff/login')) {
          failures.push(`${row.method} ${row.path} as anonymous: redirected to ${String(response.headers.location)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('JSON clients get 401 rather than a redirect', async () => {
    for (const [method, url] of [['GET', '/staff'], ['GET', '/staff/audit'], ['POST', '/staff/team'], ['POST', '/staff/logout']] as const) {
      const response = await t.app.inject({ method, url, headers: { accept: 'application/json' } });
      assert.equal(response.statusCode, 401, `${method} ${url}`);
      assert.equal(JSON.parse(response.body).error.code, 'UNAUTHENTICATED');
    }
  });

  it('a session waiting for its code reaches nothing but the code step and sign-out', async () => {
    const expert = await createMember(t.ctx, { role: 'expert' });
    const browser = new Browser(t.app, '192.0.2.200');
    const login = await browser.get('/staff/login');
    assert.equal((await browser.post('/staff/login', { email: expert.email, password: expert.password, csrf: csrfIn(login.body) })).statusCode, 303);
    for (const path of ['/staff', '/staff/team', '/staff/audit']) {
      const response = await browser.get(path);
      assert.equal(response.statusCode, 303, path);
      assert.match(String(response.headers.location), /^\/staff\/login/);
    }
    const step = await browser.get('/staff/login');
    assert.equal((await browser.post('/staff/team', { name: 'X', email: 'x@clinic.example', role: 'admin', csrf: csrfIn(step.body) })).statusCode, 303);
    assert.equal((await t.ctx.db.selectFrom('staff').select('id').where('email', '=', 'x@clinic.example').execute()).length, 0);
    assert.equal((await browser.post('/staff/login/code', { code: '000000', csrf: csrfIn(step.body) })).statusCode, 401);
    assert.equal((await browser.post('/staff/logout', { csrf: csrfIn(step.body) })).statusCode, 303);
  });
});

/** "METHOD /path" for every route in Fastify's printed route tree (HEAD left out). */
function routesIn(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    stack.length = match[1]!.length / 4;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') out.push(`${method} ${stack.join('')}`);
  }
  return out;
}
