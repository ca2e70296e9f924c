import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { triageReasonLabel } from '../triage/index.ts';
import { REPLY_MAX, type ContactMessageRow, type ContactReplyRow, type InboxFilter } from '../contact/index.ts';
import type { StaffSession } from './staff-session.ts';
import { csrfField, errorSummary, formatTime, renderStaffPage } from './staff-layout.ts';
import { triageBadge } from './consultation-labels.ts';

// The contact inbox: messages left through /contact, and one message with its replies. Everything
// the sender typed is escaped by the html helper and isolated (<bdi>, dir="auto").

export interface InboxView {
  readonly filter: InboxFilter;
  readonly counts: { readonly unhandled: number; readonly handled: number };
  readonly rows: readonly ContactMessageRow[];
  readonly page: number;
  readonly hasMore: boolean;
}

const FILTERS: readonly { value: InboxFilter; label: string }[] = [
  { value: 'all', label: 'All' }, { value: 'unhandled', label: 'Unhandled' }, { value: 'handled', label: 'Handled' },
];

/** The query string of an inbox page (defaults left out). */
export function inboxQuery(filter: InboxFilter, page = 1): string {
  const params = new URLSearchParams();
  if (filter !== 'all') params.set('status', filter);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query === '' ? '/staff/messages' : `/staff/messages?${query}`;
}

/** The inbox: unhandled first, newest first; filters as links; urgency said in words. */
export function renderInboxPage(site: SiteInfo, session: StaffSession, view: InboxView): string {
  const count = (f: InboxFilter) => (f === 'all' ? view.counts.unhandled + view.counts.handled : view.counts[f]);
  const body = html`<h1>Contact messages</h1>
  <p>Messages left through the contact form. Unhandled messages come first, newest first. Times are UTC.</p>
  <nav class="queue-filters" aria-label="Filter by handling">
    <ul class="filter-links">${FILTERS.map((f) => html`<li><a href="${inboxQuery(f.value)}"${f.value === view.filter ? html` aria-current="true" class="filter--current"` : ''}>${f.label} <span class="count">(${count(f.value)})</span></a></li>`)}</ul>
  </nav>
  <table class="staff-table inbox-table">
    <caption>${FILTERS.find((f) => f.value === view.filter)!.label} messages${view.page > 1 ? `, page ${view.page}` : ''}</caption>
    <thead><tr><th scope="col">Subject</th><th scope="col">From</th><th scope="col">Urgency</th><th scope="col">Received</th><th scope="col">Status</th></tr></thead>
    <tbody>${view.rows.length === 0 ? html`<tr><td colspan="5">No messages here.</td></tr>` : view.rows.map((m) => html`<tr class="inbox-row${m.handled_at === null ? ' inbox-row--unhandled' : ''}">
      <th scope="row"><a href="/staff/messages/${m.id}"><bdi>${m.subject}</bdi></a> <span class="meta">${m.reference}</span></th>
      <td><bdi>${m.name}</bdi></td>
      <td>${triageBadge(m.triage_level)}</td>
      <td><time datetime="${m.received_at}">${formatTime(m.received_at)}</time></td>
      <td>${handledText(m)}</td>
    </tr>`)}</tbody>
  </table>
  ${view.page > 1 || view.hasMore ? html`<nav aria-label="Pages"><ul class="filter-links">
    ${view.page > 1 ? html`<li><a href="${inboxQuery(view.filter, view.page - 1)}">Newer messages</a></li>` : ''}
    ${view.hasMore ? html`<li><a href="${inboxQuery(view.filter, view.page + 1)}">Older messages</a></li>` : ''}
  </ul></nav>` : ''}`;
  return renderStaffPage(site, { title: 'Contact messages', path: '/staff/messages', body, session });
}

export interface MessagePageView {
  readonly message: ContactMessageRow;
  readonly replies: readonly ContactReplyRow[];
  /** Staff names by id, for who handled and who replied. */
  readonly names: ReadonlyMap<string, string>;
  readonly notice?: string | undefined;
  readonly problems?: readonly FieldProblem[];
  /** The reply as typed, when it was refused. */
  readonly draft?: string;
}

/** One message: who sent it, what they wrote, its replies, and the actions. */
export function renderMessagePage(site: SiteInfo, session: StaffSession, view: MessagePageView): string {
  const m = view.message;
  const problems = view.problems ?? [];
  const base = `/staff/messages/${m.id}`;
  const staffName = (id: string | null) => (id ? view.names.get(id) ?? 'A former staff member' : 'Someone');
  const reasons = parseReasons(m.triage_reasons);
  const problem = problems.find((p) => p.field === 'reply')?.message;
  const body = html`<p><a href="/staff/messages">← Contact messages</a></p>
  <h1>Message ${m.reference}</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  ${errorSummary(problems)}
  ${m.triage_level === 'emergency' ? html`<p class="notice"><strong>This message reads like an emergency.</strong> The sender was told to call ${site.emergencyNumber} now.</p>` : ''}
  <dl class="case-summary">
    <dt>From</dt><dd><bdi>${m.name}</bdi></dd>
    <dt>E-mail</dt><dd>${m.email}</dd>
    <dt>Subject</dt><dd><bdi>${m.subject}</bdi></dd>
    <dt>Urgency</dt><dd>${triageBadge(m.triage_level)}${reasons.length > 0 ? html`<ul class="triage-reasons">${reasons.map((r) => html`<li>${triageReasonLabel(r)}</li>`)}</ul>` : html` No red flags found.`}</dd>
    <dt>Received</dt><dd><time datetime="${m.received_at}">${formatTime(m.received_at)}</time></dd>
    <dt>Status</dt><dd>${m.handled_at ? html`Handled by ${staffName(m.handled_by)}, ${formatTime(m.handled_at)}` : html`<strong>Unhandled</strong>`}</dd>
  </dl>
  <h2>Message</h2>
  <div class="message-body" dir="auto">${paragraphs(m.message)}</div>
  <div class="case-actions">
    ${m.handled_at === null
      ? html`<form method="post" action="${base}/handled">${csrfField(session.csrf)}<button class="button" type="submit">Mark as handled</button></form>`
      : html`<form method="post" action="${base}/unhandled">${csrfField(session.csrf)}<button class="button button--secondary" type="submit">Mark as unhandled</button></form>`}
  </div>
  ${view.replies.length > 0 ? html`<h2>Replies</h2>
  <ol class="messages history">${view.replies.map((r) => html`<li class="message message--expert">
    <p class="meta"><strong>Reply</strong> from <bdi>${staffName(r.author_id)}</bdi> · <time datetime="${r.created_at}">${formatTime(r.created_at)}</time></p>
    <div class="message-body" dir="auto">${paragraphs(r.body)}</div>
  </li>`)}</ol>` : ''}
  <h2 id="reply-title">Reply by e-mail</h2>
  <form method="post" action="${base}/reply" aria-labelledby="reply-title">${csrfField(session.csrf)}
    <div class="field${problem ? ' field--error' : ''}">
      <label for="reply">Your reply</label>
      <p id="reply-hint" class="hint">Sent to <bdi>${m.email}</bdi> as written, plain text, up to ${REPLY_MAX.toLocaleString('en')} characters. E-mail is not private: no health details. Sending marks the message handled.</p>
      ${problem ? html`<p id="reply-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : ''}
      <textarea id="reply" name="reply" rows="8" maxlength="${REPLY_MAX}" required aria-describedby="reply-hint${problem ? ' reply-error' : ''}"${problem ? html` aria-invalid="true"` : ''}>${view.draft ?? ''}</textarea>
    </div>
    <button class="button" type="submit">Send reply</button>
  </form>`;
  return renderStaffPage(site, { title: `Message ${m.reference}`, path: base, body, session, hasErrors: problems.length > 0 });
}

function handledText(m: ContactMessageRow): SafeHtml {
  if (m.handled_at === null) return html`<strong>Unhandled</strong>`;
  return html`${m.replied_at ? 'Replied' : 'Handled'} <span class="meta">${formatTime(m.handled_at)}</span>`;
}

function paragraphs(text: string): SafeHtml {
  return html`${text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>`)}`;
}

function parseReasons(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
