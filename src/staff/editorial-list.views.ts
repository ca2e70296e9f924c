import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { ArticleRevision, CategoryOption, EditorialArticle, EditorialListItem, StatusFilter } from '../articles/index.ts';
import { formatTime, renderStaffPage } from './staff-layout.ts';
import type { StaffSession } from './staff-session.ts';
import { can } from './staff.policy.ts';
import { formatDay, STATE_LABELS } from './editorial-form.views.ts';
import { diffStats, type DiffLine } from './text-diff.ts';

// The console's article list (with "reviews due"), the revision history and one revision's diff.

export interface ArticleListView {
  readonly items: readonly EditorialListItem[];
  readonly status: StatusFilter | '';
  readonly title: string;
  readonly due: boolean;
  readonly today: string;
}

const FILTERS: readonly { value: StatusFilter | ''; label: string }[] = [
  { value: '', label: 'All' }, { value: 'draft', label: 'Draft' }, { value: 'in_review', label: 'In review' },
  { value: 'published', label: 'Published' }, { value: 'unpublished', label: 'Unpublished' },
];

/** The list of articles, or the reviews that are due. */
export function renderArticleListPage(site: SiteInfo, session: StaffSession, view: ArticleListView): string {
  const writer = can(session.actor, 'article.write');
  const heading = view.due ? 'Reviews due' : 'Articles';
  return renderStaffPage(site, {
    title: heading, path: '/staff/articles', session,
    body: html`<h1>${heading}</h1>
  ${writer ? html`<p><a class="button" href="/staff/articles/new">New article</a></p>` : ''}
  <ul class="filter-links">
    ${FILTERS.map((f) => {
      const current = !view.due && f.value === view.status;
      return html`<li><a href="/staff/articles${f.value ? `?status=${f.value}` : ''}"${current ? html` class="filter--current" aria-current="page"` : ''}>${f.label}</a></li>`;
    })}
    <li><a href="/staff/articles?view=due"${view.due ? html` class="filter--current" aria-current="page"` : ''}>Reviews due</a></li>
  </ul>
  ${view.due
    ? html`<p>Published articles whose next review has passed or falls within 30 days, overdue first.</p>`
    : html`<form class="inline-form" method="get" action="/staff/articles" role="search">
      ${view.status ? html`<input type="hidden" name="status" value="${view.status}">` : ''}
      <div class="field"><label for="q">Title contains</label><input id="q" name="q" type="search" value="${view.title}" maxlength="200"></div>
      <button class="button button--secondary" type="submit">Search</button>
    </form>`}
  ${view.items.length === 0 ? html`<p>No articles here.</p>` : html`<table class="queue-table">
    <caption class="visually-hidden">${heading}</caption>
    <thead><tr><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Last change</th><th scope="col">Last review</th><th scope="col">Next review due</th></tr></thead>
    <tbody>${view.items.map((item) => row(item, view.today, writer))}</tbody>
  </table>`}`,
  });
}

function row(item: EditorialListItem, today: string, writer: boolean): SafeHtml {
  const overdue = item.reviewDue === null || item.reviewDue < today;
  const href = writer ? `/staff/articles/${item.id}/edit` : `/staff/articles/${item.id}/revisions`;
  return html`<tr>
    <th scope="row"><a href="${href}">${item.title}</a></th>
    <td>${STATE_LABELS[item.state]}</td>
    <td>${formatTime(item.modifiedAt)}</td>
    <td>${item.reviewedOn ? html`${formatDay(item.reviewedOn)}${item.reviewedBy ? html` by ${item.reviewedBy}` : ''}` : 'Never'}</td>
    <td>${item.state === 'draft' || item.state === 'in_review' || item.state === 'unpublished' ? '—'
      : overdue ? html`<span class="clock--overdue">${item.reviewDue ? `Overdue since ${formatDay(item.reviewDue)}` : 'Never reviewed'}</span>` : formatDay(item.reviewDue)}</td>
  </tr>`;
}

/** The revision history of an article. */
export function renderRevisionsPage(site: SiteInfo, session: StaffSession, article: EditorialArticle, revisions: readonly ArticleRevision[], names: ReadonlyMap<string, string>): string {
  return renderStaffPage(site, {
    title: `Revisions: ${article.working.title}`, path: `/staff/articles/${article.id}/revisions`, session,
    body: html`<p><a href="/staff/articles">All articles</a>${can(session.actor, 'article.write') ? html` · <a href="/staff/articles/${article.id}/edit">Edit</a>` : ''}</p>
  <h1>Revisions of “${article.working.title}”</h1>
  ${revisions.length === 0 ? html`<p>This article has no revisions yet: it has not been edited in the console.</p>` : html`<table class="queue-table">
    <caption class="visually-hidden">Revisions, newest first</caption>
    <thead><tr><th scope="col">Revision</th><th scope="col">By</th><th scope="col">Saved</th><th scope="col">Note</th></tr></thead>
    <tbody>${revisions.map((r) => html`<tr>
      <th scope="row"><a href="/staff/articles/${article.id}/revisions/${r.number}">Revision ${r.number}</a>${r.number === article.pendingRevision ? ' (pending review)' : ''}</th>
      <td>${authorName(r.authorId, names)}</td>
      <td>${formatTime(r.createdAt)}</td>
      <td>${r.note || '—'}</td>
    </tr>`)}</tbody>
  </table>`}`,
  });
}

/** One revision compared line by line with the one before it. */
export function renderRevisionDiffPage(
  site: SiteInfo, session: StaffSession, article: EditorialArticle, revision: ArticleRevision, lines: readonly DiffLine[], names: ReadonlyMap<string, string>,
): string {
  const stats = diffStats(lines);
  return renderStaffPage(site, {
    title: `Revision ${revision.number}: ${article.working.title}`, path: `/staff/articles/${article.id}/revisions/${revision.number}`, session,
    body: html`<p><a href="/staff/articles/${article.id}/revisions">All revisions</a></p>
  <h1>Revision ${revision.number} of “${article.working.title}”</h1>
  <p>Saved ${formatTime(revision.createdAt)} by ${authorName(revision.authorId, names)}.${revision.note ? html` Note: ${revision.note}` : ''}</p>
  <p>${revision.number === 1 ? 'The first revision, compared with nothing.' : `Compared with revision ${revision.number - 1}:`} ${stats.added} ${stats.added === 1 ? 'line' : 'lines'} added, ${stats.removed} removed.</p>
  <p class="hint">Added lines start with “+” and are underlined; removed lines start with “−” and are struck through.</p>
  <pre class="diff">${lines.map((l) => l.op === 'add'
    ? html`<ins class="diff-line diff-line--add"><span class="visually-hidden">Added: </span>+ ${l.text}\n</ins>`
    : l.op === 'del'
      ? html`<del class="diff-line diff-line--del"><span class="visually-hidden">Removed: </span>− ${l.text}\n</del>`
      : html`<span class="diff-line">  ${l.text}\n</span>`)}</pre>`,
  });
}

/** The text a revision is compared as: the fields first, then the body. */
export function revisionText(r: Pick<ArticleRevision, 'title' | 'summary' | 'categoryId' | 'tags' | 'body'>, categories: ReadonlyMap<string, CategoryOption>): string {
  const category = categories.get(r.categoryId);
  return [`Title: ${r.title}`, `Summary: ${r.summary}`, `Category: ${category ? category.path : r.categoryId}`, `Tags: ${r.tags.join(', ')}`, '', r.body].join('\n');
}

function authorName(id: string | null, names: ReadonlyMap<string, string>): string {
  if (id === null) return 'Import';
  return names.get(id) ?? 'Former staff member';
}
