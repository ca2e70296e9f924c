import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import {
  addDays, aYearAfter, createArticle, findRevision, listArticleImages, listArticlesForStaff, listCategoryOptions, listReviewsDue,
  listRevisions, loadEditorialArticle, MAX_ALT, renderArticleBody, saveArticle, saveArticleImage,
  sendBackToDraft, signOffArticle, submitForReview, unpublishArticle, validateArticleForm,
  type ArticleFormValues, type EditorialArticle,
} from '../articles/index.ts';
import { listStaff } from './staff.repository.ts';
import { currentStaff, requestMeta } from './staff-guard.ts';
import { assertCan, can } from './staff.policy.ts';
import type { StaffSession } from './staff-session.ts';
import { renderEditorPage, type EditorView } from './editorial-editor.views.ts';
import { renderArticleListPage, renderRevisionDiffPage, renderRevisionsPage, revisionText } from './editorial-list.views.ts';
import { diffLines } from './text-diff.ts';
import { IMAGE_FORM_LIMITS, ImageUploadQuery, readImageUpload } from './image-upload.ts';

// The editorial workflow in the console: the article list and "reviews due", the editor with its
// preview, the workflow actions, revision history and image uploads. The rules live in
// articles/editorial.service.ts; who may act is the staff policy's, checked here first.

const ID = '^[0-9a-z]{26}$';
const IdParams = Type.Object({ id: Type.String({ pattern: ID }) });
const RevisionParams = Type.Object({ id: Type.String({ pattern: ID }), n: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
const ListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('draft'), Type.Literal('in_review'), Type.Literal('published'), Type.Literal('unpublished')])),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  view: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('due')])),
});
const EditQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
// Generous limits: an over-long field is answered beside the field (422), not as a bad request.
const TEXT = { maxLength: 300_000 } as const;
const ArticleBody = Type.Object({
  title: Type.Optional(Type.String(TEXT)), slug: Type.Optional(Type.String(TEXT)), summary: Type.Optional(Type.String(TEXT)),
  category: Type.Optional(Type.String(TEXT)), tags: Type.Optional(Type.String(TEXT)), body: Type.Optional(Type.String(TEXT)),
  note: Type.Optional(Type.String(TEXT)), intent: Type.Optional(Type.String({ maxLength: 20 })), csrf: Type.Optional(Type.String({ maxLength: 100 })),
});
const PreviewBody = Type.Object({ markdown: Type.String(TEXT), csrf: Type.Optional(Type.String({ maxLength: 100 })) });
const SignOffBody = Type.Object({ next_review: Type.Optional(Type.String({ maxLength: 100 })), csrf: Type.Optional(Type.String({ maxLength: 100 })) });
const ReturnBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 100_000 })), csrf: Type.Optional(Type.String({ maxLength: 100 })) });
type IdParams = Static<typeof IdParams>;

/** Form bodies of up to 2 MB: an article of 100,000 characters, percent-encoded. */
const FORM_BODY_LIMIT = 2 * 1024 * 1024;
const MAX_COMMENT = 2000;

const NOTICES: Record<string, string> = {
  created: 'Draft created.',
  saved: 'Saved.',
  saved_draft: 'Saved. It was in review, so it is a draft again: submit it when it is ready.',
  saved_pending: 'Saved as changes to the published article. The public page does not change until a reviewer signs them off.',
  submitted: 'Submitted for review.',
  signed_off: 'Signed off and published.',
  returned: 'Sent back to draft with your comment.',
  unpublished: 'Unpublished. It is no longer on the site, in search, feeds or the sitemap.',
  image: 'Image uploaded. Copy its Markdown into the text where it should appear.',
};

/** Routes of the editorial workflow (registered in the staff scope). */
export const editorialRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(multipart, { limits: IMAGE_FORM_LIMITS });
  const read = { staffAccess: 'article.read' } as const;
  const write = { staffAccess: 'article.write' } as const;
  const today = () => ctx.now().toISOString().slice(0, 10);
  const meta = (request: FastifyRequest) => ({ ip: requestMeta(request).ip });
  const actor = (me: StaffSession) => ({ id: me.actor.id, name: me.name });
  const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').send(body);
  const load = async (id: string): Promise<EditorialArticle> => {
    const article = await loadEditorialArticle(ctx.db, id);
    if (!article) throw new AppError('NOT_FOUND');
    return article;
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>('/staff/articles', { config: read, schema: { querystring: ListQuery } }, async (request, reply) => {
    const me = currentStaff(request);
    const due = request.query.view === 'due';
    const status = request.query.status ?? '';
    const title = request.query.q ?? '';
    const items = due ? await listReviewsDue(ctx.db, today()) : await listArticlesForStaff(ctx.db, { status: status || undefined, title });
    return html(reply, 200, renderArticleListPage(ctx.site, me, { items, status, title, due, today: today() }));
  });

  app.get('/staff/articles/new', { config: write }, async (request, reply) =>
    editorPage(reply, 200, currentStaff(request), undefined, { values: emptyForm() }));

  app.post<{ Body: Static<typeof ArticleBody> }>('/staff/articles', { config: write, bodyLimit: FORM_BODY_LIMIT, schema: { body: ArticleBody } }, async (request, reply) => {
    const me = currentStaff(request);
    const values = formValues(request.body);
    if (request.body.intent === 'preview') return editorPage(reply, 200, me, undefined, { values, preview: true });
    const check = validateArticleForm(values, { categoryIds: await categoryIds() });
    if (!check.ok) return editorPage(reply, 422, me, undefined, { values, problems: check.problems });
    try {
      const id = await createArticle(ctx, actor(me), check.value, meta(request));
      return reply.redirect(`/staff/articles/${id}/edit?done=created`, 303);
    } catch (error) {
      if (error instanceof AppError && error.fields.length > 0) return editorPage(reply, error.status, me, undefined, { values, problems: error.fields });
      throw error;
    }
  });

  app.post<{ Body: Static<typeof PreviewBody> }>('/staff/articles/preview', { config: write, bodyLimit: FORM_BODY_LIMIT, schema: { body: PreviewBody } }, async (request, reply) => {
    // The same renderer as the public page, raw HTML off; `html` is safe to insert as is.
    return reply.header('cache-control', 'no-store').send({ html: renderArticleBody(request.body.markdown).html.value });
  });

  app.get<{ Params: IdParams; Querystring: Static<typeof EditQuery> }>('/staff/articles/:id/edit', { config: write, schema: { params: IdParams, querystring: EditQuery } }, async (request, reply) => {
    const article = await load(request.params.id);
    const done = request.query.done;
    const notice = done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    return editorPage(reply, 200, currentStaff(request), article, { values: workingValues(article), notice });
  });

  app.post<{ Params: IdParams; Body: Static<typeof ArticleBody> }>('/staff/articles/:id', {
    config: write, bodyLimit: FORM_BODY_LIMIT, schema: { params: IdParams, body: ArticleBody },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const article = await load(request.params.id);
    const values = formValues(request.body);
    if (request.body.intent === 'preview') return editorPage(reply, 200, me, article, { values, preview: true });
    const check = validateArticleForm(values, { categoryIds: await categoryIds() });
    if (!check.ok) return editorPage(reply, 422, me, article, { values, problems: check.problems });
    try {
      const state = await saveArticle(ctx, actor(me), article.id, check.value, meta(request));
      const done = state === 'changes_draft' ? 'saved_pending' : state === 'draft' && article.state === 'in_review' ? 'saved_draft' : 'saved';
      return reply.redirect(`/staff/articles/${article.id}/edit?done=${done}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.fields.length > 0) return editorPage(reply, error.status, me, article, { values, problems: error.fields });
      throw error;
    }
  });

  app.post<{ Params: IdParams }>('/staff/articles/:id/submit', { config: { staffAccess: 'article.submit' }, schema: { params: IdParams } }, async (request, reply) => {
    const article = await load(request.params.id);
    await submitForReview(ctx, actor(currentStaff(request)), article.id, meta(request));
    return reply.redirect(`/staff/articles/${article.id}/edit?done=submitted`, 303);
  });

  app.post<{ Params: IdParams; Body: Static<typeof SignOffBody> }>('/staff/articles/:id/signoff', {
    config: { staffAccess: 'article.signoff' }, schema: { params: IdParams, body: SignOffBody },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const article = await load(request.params.id);
    // Four eyes: neither the author nor whoever wrote the changes under review may sign them off.
    assertCan(me.actor, 'article.signoff', { type: 'article', authorId: article.authorId });
    assertCan(me.actor, 'article.signoff', { type: 'article', authorId: article.lastEditorId });
    const raw = (request.body.next_review ?? '').trim();
    const nextReviewOn = raw === '' ? null : raw;
    const problem = nextReviewOn === null ? undefined : nextReviewProblem(nextReviewOn, today());
    if (problem) return editorPage(reply, 422, me, article, { values: workingValues(article), problems: [problem], nextReview: raw });
    await signOffArticle(ctx, actor(me), article.id, { nextReviewOn }, meta(request));
    return reply.redirect(`/staff/articles/${article.id}/edit?done=signed_off`, 303);
  });

  app.post<{ Params: IdParams; Body: Static<typeof ReturnBody> }>('/staff/articles/:id/return', {
    config: { staffAccess: 'article.signoff' }, schema: { params: IdParams, body: ReturnBody },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const article = await load(request.params.id);
    const raw = (request.body.comment ?? '').replace(/\r\n?/g, '\n').normalize('NFC').trim();
    const problem = raw === '' ? 'Write a comment for the author: what needs to change?'
      : raw.length > MAX_COMMENT ? `The comment can be at most ${MAX_COMMENT} characters; it has ${raw.length}.`
      : /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(raw) ? 'The comment contains control or text-direction characters. Remove them and try again.'
      : undefined;
    if (problem) return editorPage(reply, 422, me, article, { values: workingValues(article), problems: [{ field: 'comment', message: problem }], comment: raw });
    await sendBackToDraft(ctx, actor(me), article.id, raw, meta(request));
    return reply.redirect(`/staff/articles/${article.id}/edit?done=returned`, 303);
  });

  app.post<{ Params: IdParams }>('/staff/articles/:id/unpublish', { config: { staffAccess: 'article.publish' }, schema: { params: IdParams } }, async (request, reply) => {
    const article = await load(request.params.id);
    await unpublishArticle(ctx, actor(currentStaff(request)), article.id, meta(request));
    return reply.redirect(`/staff/articles/${article.id}/edit?done=unpublished`, 303);
  });

  app.get<{ Params: IdParams }>('/staff/articles/:id/revisions', { config: read, schema: { params: IdParams } }, async (request, reply) => {
    const article = await load(request.params.id);
    const [revisions, names] = await Promise.all([listRevisions(ctx.db, article.id), staffNames()]);
    return html(reply, 200, renderRevisionsPage(ctx.site, currentStaff(request), article, revisions, names));
  });

  app.get<{ Params: Static<typeof RevisionParams> }>('/staff/articles/:id/revisions/:n', { config: read, schema: { params: RevisionParams } }, async (request, reply) => {
    const article = await load(request.params.id);
    const n = request.params.n;
    const [revision, previous, categories, names] = await Promise.all([
      findRevision(ctx.db, article.id, n), n > 1 ? findRevision(ctx.db, article.id, n - 1) : Promise.resolve(undefined),
      listCategoryOptions(ctx.db), staffNames(),
    ]);
    if (!revision) throw new AppError('NOT_FOUND');
    const byId = new Map(categories.map((c) => [c.id, c]));
    const lines = diffLines(previous ? revisionText(previous, byId) : '', revisionText(revision, byId));
    return html(reply, 200, renderRevisionDiffPage(ctx.site, currentStaff(request), article, revision, lines, names));
  });

  app.post<{ Params: IdParams; Querystring: Static<typeof ImageUploadQuery> }>('/staff/articles/:id/images', {
    config: write, schema: { params: IdParams, querystring: ImageUploadQuery },
  }, async (request, reply) => {
    const me = currentStaff(request);
    const article = await load(request.params.id);
    if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Upload images with the form on the article’s page.' });
    const upload = await readImageUpload(request, { altField: 'alt', altLabel: 'Description', altMax: MAX_ALT, noun: 'image' });
    if (!upload.ok) {
      if (upload.status === 413) reply.header('connection', 'close');
      return editorPage(reply, upload.status, me, article, { values: workingValues(article), problems: upload.problems, altValue: upload.altRaw });
    }
    await saveArticleImage(ctx, me.actor, article.id, { ...upload.image, alt: upload.alt }, meta(request));
    return reply.redirect(`/staff/articles/${article.id}/edit?done=image#images-heading`, 303);
  });

  async function categoryIds(): Promise<Set<string>> {
    return new Set((await listCategoryOptions(ctx.db)).map((c) => c.id));
  }

  async function staffNames(): Promise<Map<string, string>> {
    return new Map((await listStaff(ctx.db)).map((s) => [s.id, s.name] as const));
  }

  async function editorPage(
    reply: FastifyReply, status: number, me: StaffSession, article: EditorialArticle | undefined,
    extra: { values: ArticleFormValues; problems?: readonly FieldProblem[]; preview?: boolean; notice?: string | undefined; altValue?: string; comment?: string; nextReview?: string },
  ): Promise<FastifyReply> {
    const [categories, images, names] = await Promise.all([
      listCategoryOptions(ctx.db), article ? listArticleImages(ctx.db, article.id) : Promise.resolve([]), staffNames(),
    ]);
    const view: EditorView = {
      article, values: extra.values, problems: extra.problems ?? [], categories, images, notice: extra.notice,
      preview: extra.preview ? renderArticleBody(extra.values.body).html : undefined,
      authorName: article?.authorId ? names.get(article.authorId) ?? 'Former staff member' : undefined,
      actions: article ? workflowActions(me, article) : { submit: false, signOff: false, sendBack: false, unpublish: false },
      altValue: extra.altValue, comment: extra.comment, nextReview: extra.nextReview, defaultNextReview: aYearAfter(today()),
    };
    return html(reply, status, renderEditorPage(ctx.site, me, view));
  }
};

/** Which workflow buttons this member gets for the article as it is now. */
function workflowActions(me: StaffSession, a: EditorialArticle): EditorView['actions'] {
  const inReview = a.state === 'in_review' || a.state === 'changes_in_review';
  const reviewer = can(me.actor, 'article.signoff');
  const mayJudge = can(me.actor, 'article.signoff', { type: 'article', authorId: a.authorId })
    && can(me.actor, 'article.signoff', { type: 'article', authorId: a.lastEditorId });
  return {
    submit: can(me.actor, 'article.submit') && (a.state === 'draft' || a.state === 'unpublished' || a.state === 'changes_draft'),
    signOff: inReview && mayJudge,
    sendBack: inReview && reviewer,
    unpublish: can(me.actor, 'article.publish') && a.status === 'published',
    signOffRefusal: inReview && reviewer && !mayJudge ? 'You wrote this article or its changes, so another reviewer must sign it off.' : undefined,
  };
}

function emptyForm(): ArticleFormValues {
  return { title: '', slug: '', summary: '', categoryId: '', tags: '', body: '', note: '' };
}

function formValues(body: Static<typeof ArticleBody>): ArticleFormValues {
  return {
    title: body.title ?? '', slug: body.slug ?? '', summary: body.summary ?? '', categoryId: body.category ?? '',
    tags: body.tags ?? '', body: body.body ?? '', note: body.note ?? '',
  };
}

function workingValues(a: EditorialArticle): ArticleFormValues {
  const w = a.working;
  return { title: w.title, slug: a.slug, summary: w.summary, categoryId: w.categoryId, tags: w.tags.join(', '), body: w.body, note: '' };
}

/** A chosen next review date must be a real date after today and within three years. */
function nextReviewProblem(value: string, today: string): FieldProblem | undefined {
  const real = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
    && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  if (!real) return { field: 'next_review', message: 'Enter the date as YYYY-MM-DD, for example 2027-03-31.' };
  if (value <= today) return { field: 'next_review', message: 'The next review must be after today.' };
  if (value > addDays(today, 3 * 366)) return { field: 'next_review', message: 'The next review must be within three years.' };
  return undefined;
}
