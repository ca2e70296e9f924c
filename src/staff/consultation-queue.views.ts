import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import { CONDITIONS, conditionLabel } from '../consultations/index.ts';
import type { StaffSession } from './staff-session.ts';
import { formatTime, renderStaffPage } from './staff-layout.ts';
import type { QueueAssignee, QueueCounts, QueueRow, QueueStatus } from './consultation-console.repository.ts';
import { clockCell, statusText, triageBadge } from './consultation-labels.ts';

export interface QueueFilterValues {
  readonly status: QueueStatus;
  readonly assignee: QueueAssignee;
  readonly condition: string;
}

export interface QueueView {
  readonly filters: QueueFilterValues;
  readonly rows: readonly QueueRow[];
  readonly counts: QueueCounts;
  /** True when there were more rows than shown. */
  readonly truncated: boolean;
  readonly now: Date;
}

const STATUS_FILTERS: readonly { value: QueueStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'received', label: 'Received' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'waiting', label: 'Waiting for patient' },
  { value: 'answered', label: 'Answered' },
  { value: 'closed', label: 'Closed' },
  { value: 'all', label: 'All' },
];
const ASSIGNEE_FILTERS: readonly { value: QueueAssignee; label: string }[] = [
  { value: 'any', label: 'Everyone\'s' },
  { value: 'mine', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
];

/** Seconds between refreshes of the table by queue-refresh.js. */
export const QUEUE_REFRESH_SECONDS = 45;

/** The query string for a set of filters (defaults left out), so every filter is a plain link. */
export function queueQuery(filters: QueueFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.status !== 'open') params.set('status', filters.status);
  if (filters.assignee !== 'any') params.set('assignee', filters.assignee);
  if (filters.condition !== '') params.set('condition', filters.condition);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const query = params.toString();
  return query === '' ? '/staff/consultations' : `/staff/consultations?${query}`;
}

/** The consultation queue: filters as links and a GET form (no JavaScript needed), then the table. */
export function renderQueuePage(site: SiteInfo, session: StaffSession, view: QueueView): string {
  const f = view.filters;
  const link = (label: string, next: QueueFilterValues, current: boolean, count: number) =>
    html`<li><a href="${queueQuery(next)}"${current ? html` aria-current="true" class="filter--current"` : ''}>${label} <span class="count">(${count})</span></a></li>`;
  const body = html`<h1>Consultation queue</h1>
  <p>Emergency and same-day consultations come first, then the nearest deadline. Times are UTC.</p>
  <nav class="queue-filters" aria-label="Filter by status">
    <ul class="filter-links">${STATUS_FILTERS.map((s) => link(s.label, { ...f, status: s.value }, f.status === s.value, view.counts.status[s.value]))}</ul>
  </nav>
  <nav class="queue-filters" aria-label="Filter by expert">
    <ul class="filter-links">${ASSIGNEE_FILTERS.map((a) => link(a.label, { ...f, assignee: a.value }, f.assignee === a.value, view.counts.assignee[a.value]))}</ul>
  </nav>
  <form class="queue-condition" method="get" action="/staff/consultations">
    ${f.status !== 'open' ? html`<input type="hidden" name="status" value="${f.status}">` : ''}
    ${f.assignee !== 'any' ? html`<input type="hidden" name="assignee" value="${f.assignee}">` : ''}
    <div class="field">
      <label for="condition">Condition</label>
      <select id="condition" name="condition">
        <option value="">Every condition</option>
        ${CONDITIONS.map((c) => html`<option value="${c.value}"${f.condition === c.value ? ' selected' : ''}>${c.label}</option>`)}
      </select>
    </div>
    <button class="button button--secondary" type="submit">Show</button>
  </form>
  <table class="staff-table queue-table" data-queue-refresh="${QUEUE_REFRESH_SECONDS}">
    <caption>${STATUS_FILTERS.find((s) => s.value === f.status)!.label} consultations${f.assignee === 'mine' ? ', assigned to me' : f.assignee === 'unassigned' ? ', unassigned' : ''}${f.condition ? html`, ${conditionLabel(f.condition)}` : ''}</caption>
    <thead><tr>
      <th scope="col">Reference</th><th scope="col">Condition</th><th scope="col">Triage</th><th scope="col">Received</th>
      <th scope="col">Expert</th><th scope="col">Status</th><th scope="col">Time left</th>
    </tr></thead>
    <tbody id="queue-body">${renderQueueRows(view)}</tbody>
  </table>
  ${view.truncated ? html`<p class="meta">Showing the first ${view.rows.length}. Use the filters to narrow the list.</p>` : ''}
  <p class="meta" id="queue-updated">Shown at ${formatTime(view.now.toISOString())}.</p>`;
  return renderStaffPage(site, { title: 'Consultation queue', path: '/staff/consultations', body, session, scripts: ['queue-refresh.js'] });
}

/** The table rows alone: the page's tbody, and what queue-refresh.js fetches (format=fragment). */
export function renderQueueRows(view: Pick<QueueView, 'rows' | 'now'>): SafeHtml {
  if (view.rows.length === 0) return html`<tr><td colspan="7">No consultations match these filters.</td></tr>`;
  return html`${view.rows.map((r) => html`<tr class="queue-row queue-row--${r.triage_level}">
    <th scope="row"><a href="/staff/consultations/${r.id}">${r.reference}</a></th>
    <td>${conditionLabel(r.condition)}</td>
    <td>${triageBadge(r.triage_level)}</td>
    <td><time datetime="${r.received_at}">${formatTime(r.received_at)}</time></td>
    <td>${r.assignee_name ?? html`<span class="meta">Unassigned</span>`}</td>
    <td>${statusText(r)}</td>
    <td>${clockCell(r, view.now)}</td>
  </tr>`)}`;
}
