import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import {
  MAX_ALT, MAX_BODY, MAX_NOTE, type ArticleFormValues, type ArticleImage, type CategoryOption, type EditorialArticle,
} from '../articles/index.ts';
import { csrfField, errorSummary, renderStaffPage } from './staff-layout.ts';
import type { StaffSession } from './staff-session.ts';
import { field, formatDay, STATE_LABELS, textareaText } from './editorial-form.views.ts';

// The article editor: the form, its preview, the workflow actions the member may take now, and images.

export interface EditorView {
  /** Absent for a new article. */
  readonly article?: EditorialArticle | undefined;
  readonly values: ArticleFormValues;
  readonly problems: readonly FieldProblem[];
  readonly categories: readonly CategoryOption[];
  readonly images: readonly ArticleImage[];
  /** Rendered Markdown, when the editor pressed "Preview". */
  readonly preview?: SafeHtml | undefined;
  readonly notice?: string | undefined;
  readonly authorName?: string | undefined;
  /** What the member may do now (policy and state both allow it). */
  readonly actions: { submit: boolean; signOff: boolean; sendBack: boolean; unpublish: boolean; signOffRefusal?: string | undefined };
  /** Values of the action forms after a rejected action. */
  readonly altValue?: string | undefined;
  readonly comment?: string | undefined;
  readonly nextReview?: string | undefined;
  readonly defaultNextReview: string;
}

/** The editor page (new or existing article). */
export function renderEditorPage(site: SiteInfo, session: StaffSession, view: EditorView): string {
  const a = view.article;
  const title = a ? `Edit: ${a.working.title}` : 'New article';
  const path = a ? `/staff/articles/${a.id}/edit` : '/staff/articles/new';
  return renderStaffPage(site, {
    title, path, session, hasErrors: view.problems.length > 0, scripts: ['markdown-preview.js'],
    body: html`<p><a href="/staff/articles">All articles</a></p>
  <h1>${title}</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  ${errorSummary(view.problems)}
  ${a ? statusPanel(a, view) : ''}
  ${articleForm(session, view)}
  ${a ? workflowPanel(session, a, view) : ''}
  ${a ? imagesPanel(session, a, view) : ''}`,
  });
}

function statusPanel(a: EditorialArticle, view: EditorView): SafeHtml {
  return html`<dl class="case-summary">
    <dt>Status</dt><dd>${STATE_LABELS[a.state]}</dd>
    <dt>Written by</dt><dd>${view.authorName ?? 'Imported'}</dd>
    <dt>Last review</dt><dd>${a.reviewedOn ? html`${formatDay(a.reviewedOn)} by ${a.reviewedBy ?? '—'}` : 'Not reviewed yet'}</dd>
    <dt>Address</dt><dd>${a.status === 'published' ? html`<a href="/articles/${a.slug}">/articles/${a.slug}</a>` : html`/articles/${a.slug} (not public)`}</dd>
    <dt>History</dt><dd><a href="/staff/articles/${a.id}/revisions">Revision history</a></dd>
  </dl>
  ${a.state === 'changes_draft' || a.state === 'changes_in_review'
    ? html`<p class="notice">The public page shows the published version. These changes go live only when a reviewer signs them off.</p>` : ''}
  ${a.reviewComment ? html`<div class="notice"><h2>Reviewer’s comment</h2><p class="message-body">${a.reviewComment}</p></div>` : ''}`;
}

function articleForm(session: StaffSession, view: EditorView): SafeHtml {
  const a = view.article;
  const v = view.values;
  const p = view.problems;
  const slugLocked = a !== undefined && a.publishedAt !== null;
  return html`<form method="post" action="${a ? `/staff/articles/${a.id}` : '/staff/articles'}" novalidate>
    ${csrfField(session.csrf)}
    ${field('title', 'Title', p, (attrs) => html`<input ${attrs} type="text" value="${v.title}" maxlength="150" required dir="auto">`)}
    ${field('slug', 'Slug', p, (attrs) => html`<input ${attrs} type="text" value="${v.slug}" maxlength="100" required${slugLocked ? ' readonly' : ''} autocomplete="off">`,
      slugLocked ? 'The address of a published article cannot change.' : 'The article’s address, /articles/<slug>: lower-case letters, digits and hyphens.')}
    ${field('summary', 'Summary', p, (attrs) => html`<input ${attrs} type="text" value="${v.summary}" maxlength="200" required dir="auto">`, 'One sentence for lists and search results (at most 200 characters).')}
    ${field('category', 'Category', p, (attrs) => html`<select ${attrs} required>
      <option value="">Choose a category</option>
      ${view.categories.map((c) => html`<option value="${c.id}"${c.id === v.categoryId ? ' selected' : ''}>${'\u2014 '.repeat(c.depth)}${c.name}</option>`)}
    </select>`)}
    ${field('tags', 'Tags', p, (attrs) => html`<input ${attrs} type="text" value="${v.tags}" maxlength="600">`, 'Separated by commas, for example: dialysis, diet. Lower-case letters, digits and spaces.')}
    ${field('body', 'Text (Markdown)', p, (attrs) => html`<textarea ${attrs} rows="24" maxlength="${MAX_BODY}" required dir="auto" data-preview-url="/staff/articles/preview" data-preview-target="article-preview">${textareaText(v.body)}</textarea>`,
      'Markdown: ## for headings, - for lists, [text](address) for links, ![description](/media/…) for images. HTML is shown as text.')}
    ${field('note', 'What changed (optional)', p, (attrs) => html`<input ${attrs} type="text" value="${v.note}" maxlength="${MAX_NOTE}">`, 'Shown in the revision history.')}
    <div class="form-actions">
      <button class="button" type="submit" name="intent" value="save">${a ? 'Save' : 'Create draft'}</button>
      <button class="button button--secondary" type="submit" name="intent" value="preview">Preview</button>
    </div>
  </form>
  <section aria-labelledby="preview-heading">
    <h2 id="preview-heading">Preview</h2>
    <div id="article-preview" class="answer-body article-preview" aria-live="polite">${view.preview ?? html`<p class="hint">Press “Preview” to see the text as patients will.</p>`}</div>
  </section>`;
}

function workflowPanel(session: StaffSession, a: EditorialArticle, view: EditorView): SafeHtml {
  const act = view.actions;
  const p = view.problems;
  const forms: SafeHtml[] = [];
  if (act.submit) {
    forms.push(html`<form method="post" action="/staff/articles/${a.id}/submit">${csrfField(session.csrf)}
      <p>Save first: what is saved is what the reviewer sees.</p>
      <button class="button" type="submit">Submit for review</button></form>`);
  }
  if (act.signOff) {
    forms.push(html`<form method="post" action="/staff/articles/${a.id}/signoff">${csrfField(session.csrf)}
      ${field('next_review', 'Next review due', p, (attrs) => html`<input ${attrs} type="date" value="${view.nextReview ?? view.defaultNextReview}">`, 'A year from today unless you choose another date.')}
      <button class="button" type="submit">Sign off and publish</button></form>`);
  } else if (act.signOffRefusal) {
    forms.push(html`<p class="hint">${act.signOffRefusal}</p>`);
  }
  if (act.sendBack) {
    forms.push(html`<form method="post" action="/staff/articles/${a.id}/return">${csrfField(session.csrf)}
      ${field('comment', 'Comment for the author', p, (attrs) => html`<textarea ${attrs} rows="4" maxlength="2000" required dir="auto">${textareaText(view.comment ?? '')}</textarea>`)}
      <button class="button button--secondary" type="submit">Send back to draft</button></form>`);
  }
  if (act.unpublish) {
    forms.push(html`<form method="post" action="/staff/articles/${a.id}/unpublish">${csrfField(session.csrf)}
      <p>Takes the article off the site, search, feeds and sitemap at once. It returns only through review.</p>
      <button class="button button--danger" type="submit">Unpublish</button></form>`);
  }
  if (forms.length === 0) return html``;
  return html`<section aria-labelledby="workflow-heading" class="answer-tools">
    <h2 id="workflow-heading">Review and publishing</h2>
    <div class="case-actions">${forms}</div>
  </section>`;
}

function imagesPanel(session: StaffSession, a: EditorialArticle, view: EditorView): SafeHtml {
  const p = view.problems;
  // The multipart body is read after the console's gate, so the token travels in the address.
  const action = `/staff/articles/${a.id}/images?csrf=${encodeURIComponent(session.csrf)}`;
  return html`<section aria-labelledby="images-heading" class="answer-tools">
    <h2 id="images-heading">Images</h2>
    <form method="post" action="${action}" enctype="multipart/form-data" novalidate>
      ${field('alt', 'Description (alt text)', p, (attrs) => html`<input ${attrs} type="text" value="${view.altValue ?? ''}" maxlength="${MAX_ALT}" required dir="auto">`,
        'What the image shows, for people who cannot see it (required, at most 250 characters).')}
      ${field('image', 'Image file', p, (attrs) => html`<input ${attrs} type="file" accept="image/jpeg,image/png,image/webp" required>`,
        'JPEG, PNG or WebP, at most 5 MB. It is re-encoded, resized to at most 1600 pixels wide and stripped of metadata.')}
      <button class="button button--secondary" type="submit">Upload image</button>
    </form>
    ${view.images.length === 0 ? html`<p class="hint">No images yet.</p>` : html`<ul class="template-list">
      ${view.images.map((img) => html`<li>
        <img src="${img.url}" alt="${img.alt}" width="${Math.min(img.width, 240)}" height="${Math.round(img.height * Math.min(1, 240 / img.width))}">
        <p>To insert it, copy: <code class="link-markdown">${imageMarkdown(img)}</code></p>
        <p class="hint">${img.width} × ${img.height} pixels</p>
      </li>`)}
    </ul>`}
  </section>`;
}

/** The Markdown that shows an image; brackets and backslashes in the description are escaped. */
export function imageMarkdown(img: Pick<ArticleImage, 'alt' | 'url'>): string {
  return `![${img.alt.replace(/[\\[\]]/g, '\\$&')}](${img.url})`;
}
