import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { ArticleLinkCandidate } from '../articles/index.ts';
import { ANSWER_MAX_CHARS, renderExpertAnswer, type AnswerThread, type ReplyTemplateRow } from '../consultations/index.ts';
import type { StaffSession } from './staff-session.ts';
import { csrfField, formatTime, renderStaffPage } from './staff-layout.ts';
import { STATUS_LABELS, triageBadge } from './consultation-labels.ts';

// The answer page: the patient's messages so far, the reply tools (templates, article links) and
// the answer form with its preview. Everything works without JavaScript (GET forms for the
// tools, a Preview button that re-renders the page); answer-tools.js and markdown-preview.js
// insert at the cursor and preview as the expert types.

export interface AnswerPageView {
  readonly thread: AnswerThread;
  readonly templates: readonly ReplyTemplateRow[];
  /** The template chosen with ?template= (its body pre-fills the answer). */
  readonly templateId: string;
  /** The answer as typed. */
  readonly markdown: string;
  readonly problem?: string | undefined;
  readonly notice?: string | undefined;
  /** The rendered preview, when the Preview button was used. */
  readonly preview?: SafeHtml | undefined;
  readonly articleQuery: string;
  /** Results of the article search; undefined when none was asked for. */
  readonly articles?: readonly ArticleLinkCandidate[] | undefined;
}

/** The Markdown for a link to an article, with the characters that would end the link text escaped. */
export function articleLinkMarkdown(article: ArticleLinkCandidate): string {
  return `[${article.title.replace(/[\\[\]]/g, (c) => `\\${c}`)}](${article.url})`;
}

/** The answer page for one consultation. */
export function renderAnswerPage(site: SiteInfo, session: StaffSession, view: AnswerPageView): string {
  const t = view.thread;
  const base = `/staff/consultations/${t.id}`;
  const action = `${base}/answer`;
  const answerIds = new Set<string>(['markdown', 'markdown-error', 'markdown-hint', 'answer-preview', 'q', 'template', 'messages-title', 'tools-title', 'answer-title', 'preview-title']);
  const hidden = (name: string, value: string) => value !== '' ? html`<input type="hidden" name="${name}" value="${value}">` : '';
  const body = html`<p><a href="${base}">← Back to the consultation</a></p>
  <h1>Answer ${t.reference}</h1>
  <p>${triageBadge(t.triageLevel)} Status: <strong>${STATUS_LABELS[t.status]}</strong>${t.status === 'closed' ? '. Sending an answer reopens it as answered.' : ''}</p>
  ${t.deletionRequested ? html`<p class="notice" role="alert">The patient has asked for this consultation to be deleted. It cannot be answered.</p>` : ''}
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}

  <h2 id="messages-title">Messages so far</h2>
  <ol class="messages" aria-labelledby="messages-title">
    ${t.messages.map((m) => html`<li class="message message--${m.author}">
      <p class="meta"><strong>${m.author === 'patient' ? (m.kind === 'description' ? 'Patient: question' : 'Patient: follow-up') : m.author === 'expert' ? 'Expert answer' : 'KidneyDesk'}</strong> · <time datetime="${m.created_at}">${formatTime(m.created_at)}</time></p>
      ${m.author === 'expert' && m.kind === 'answer' ? renderExpertAnswer(m.body, site, answerIds) : html`<div class="message-body" dir="auto">${paragraphs(m.body)}</div>`}
    </li>`)}
  </ol>

  <section class="answer-tools" aria-labelledby="tools-title">
    <h2 id="tools-title">Start from a template or link an article</h2>
    <p class="hint">Without JavaScript these reload the page: choose a template or search for articles before you start writing.</p>
    ${view.templates.length > 0 ? html`<form method="get" action="${action}" class="inline-form" data-template-picker data-insert-target="markdown">
      ${hidden('q', view.articleQuery)}
      <div class="field">
        <label for="template">Reply template</label>
        <select id="template" name="template">
          <option value="">Choose a template</option>
          ${view.templates.map((tpl) => html`<option value="${tpl.id}" data-body="${tpl.body}"${tpl.id === view.templateId ? html` selected` : ''}>${tpl.title}</option>`)}
        </select>
      </div>
      <button class="button button--secondary" type="submit">Use template</button>
    </form>` : html`<p>There are no reply templates yet. <a href="/staff/templates">Add one</a>.</p>`}
    <form method="get" action="${action}" role="search" class="inline-form" data-article-search data-lookup-url="/staff/articles/lookup" data-results="article-results">
      ${hidden('template', view.templateId)}
      <div class="field">
        <label for="q">Find an article to link</label>
        <input id="q" name="q" type="search" value="${view.articleQuery}" maxlength="200">
      </div>
      <button class="button button--secondary" type="submit">Find articles</button>
    </form>
    <div id="article-results" class="article-results" aria-live="polite" data-insert-target="markdown">
      ${view.articles ? renderArticleResults(view.articles, view.articleQuery) : ''}
    </div>
  </section>

  <h2 id="answer-title">Your answer</h2>
  <form method="post" action="${action}" class="answer-form" novalidate>
    ${csrfField(session.csrf)}
    <div class="field${view.problem ? ' field--error' : ''}">
      <label for="markdown">Answer (Markdown)</label>
      <p id="markdown-hint" class="hint">**bold**, *italic*, lists with "- ", links as [text](/articles/…). Raw HTML is shown as text. The "When to get urgent help" footer is added under every answer for you. At most ${ANSWER_MAX_CHARS.toLocaleString('en-GB')} characters.</p>
      ${view.problem ? html`<p id="markdown-error" class="field-error"><span class="visually-hidden">Error:</span> ${view.problem}</p>` : ''}
      <textarea id="markdown" name="markdown" rows="16" maxlength="${ANSWER_MAX_CHARS}" required dir="auto" data-preview-url="${action}/preview" data-preview-target="answer-preview" aria-describedby="markdown-hint${view.problem ? ' markdown-error' : ''}"${view.problem ? html` aria-invalid="true"` : ''}>${view.markdown.replace(/\u0000/g, '\uFFFD')}</textarea>
    </div>
    <div class="form-actions">
      <button class="button button--secondary" type="submit" name="action" value="preview">Preview</button>
      <button class="button" type="submit" name="action" value="send">Send answer to the patient</button>
    </div>
  </form>
  <section class="answer-preview" aria-labelledby="preview-title">
    <h2 id="preview-title">Preview: what the patient will see</h2>
    <div id="answer-preview" class="message message--expert" aria-live="polite">${view.preview ?? html`<p class="hint">Use Preview to see the answer as the patient will.</p>`}</div>
  </section>`;
  return renderStaffPage(site, {
    title: `Answer ${t.reference}`, path: action, body, session, hasErrors: view.problem !== undefined,
    scripts: ['markdown-preview.js', 'answer-tools.js'],
  });
}

function renderArticleResults(articles: readonly ArticleLinkCandidate[], query: string): SafeHtml {
  if (articles.length === 0) return html`<p>No published article matches “${query}”.</p>`;
  return html`<p>Copy the Markdown of a link into your answer.</p>
  <ul class="article-links">
    ${articles.map((a) => html`<li>
      <a href="${a.url}">${a.title}</a>
      <p class="hint">${a.summary}</p>
      <code class="link-markdown">${articleLinkMarkdown(a)}</code>
      <button class="link-button" type="button" data-insert="${articleLinkMarkdown(a)}" hidden>Insert link</button>
    </li>`)}
  </ul>`;
}

function paragraphs(text: string): SafeHtml {
  return html`${text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>`)}`;
}
