import { html } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { AuditRow } from '../platform/audit.ts';
import type { StaffSession } from './staff-session.ts';
import { formatTime, renderStaffPage } from './staff-layout.ts';

export interface AuditFilterValues {
  readonly action: string;
  readonly actor: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly outcome: string;
  readonly from: string;
  readonly to: string;
}

export interface AuditPageView {
  readonly filters: AuditFilterValues;
  readonly rows: readonly AuditRow[];
  /** Staff names by id, so admins see people rather than ids. */
  readonly staffNames: ReadonlyMap<string, string>;
  /** Query string of the next (older) page, or undefined on the last page. */
  readonly olderHref: string | undefined;
  /** True when this is not the newest page. */
  readonly paged: boolean;
}

/** The audit log for admins: a GET filter form, newest rows first, and a link to older rows. */
export function renderAuditPage(site: SiteInfo, session: StaffSession, view: AuditPageView): string {
  const f = view.filters;
  const input = (name: keyof AuditFilterValues, label: string, type = 'text', hint?: string) => html`<div class="field">
    <label for="f-${name}">${label}</label>
    ${hint ? html`<p id="f-${name}-hint" class="hint">${hint}</p>` : ''}
    <input id="f-${name}" name="${name}" type="${type}" value="${f[name]}" maxlength="100"${hint ? html` aria-describedby="f-${name}-hint"` : ''}>
  </div>`;
  const actor = (r: AuditRow) => (r.actor_id
    ? html`${r.actor_type === 'staff' ? view.staffNames.get(r.actor_id) ?? '' : ''} <code>${r.actor_id}</code>`
    : html`${r.actor_type}${r.actor_type === 'staff' ? ' (unknown)' : ''}`);
  const body = html`<h1>Audit log</h1>
  <p>Every sign-in, every look at a patient's case and every change, newest first. Rows cannot be changed; <code>kidneydesk audit verify</code> checks that none has been.</p>
  <form class="audit-filters" method="get" action="/staff/audit">
    <fieldset class="field-group">
      <legend>Filter</legend>
      ${input('action', 'Action', 'text', 'For example staff.login, or staff. for every staff action.')}
      ${input('actor', 'Actor id')}
      ${input('subjectType', 'Subject type', 'text', 'For example staff or consultation.')}
      ${input('subjectId', 'Subject id')}
      <div class="field">
        <label for="f-outcome">Outcome</label>
        <select id="f-outcome" name="outcome">
          ${['', 'ok', 'denied', 'failed'].map((o) => html`<option value="${o}"${f.outcome === o ? ' selected' : ''}>${o === '' ? 'Any' : o}</option>`)}
        </select>
      </div>
      ${input('from', 'From (date, UTC)', 'date')}
      ${input('to', 'Until (date, UTC, inclusive)', 'date')}
      <button class="button" type="submit">Show</button>
      <a href="/staff/audit">Clear filters</a>
    </fieldset>
  </form>
  ${view.rows.length === 0 ? html`<p>No audit rows match.</p>` : html`<table class="staff-table">
    <caption class="visually-hidden">Audit rows, newest first</caption>
    <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Outcome</th><th scope="col">Address</th></tr></thead>
    <tbody>
      ${view.rows.map((r) => html`<tr>
        <td>${r.seq}</td>
        <td>${formatTime(r.at)}</td>
        <td>${actor(r)}</td>
        <td><code>${r.action}</code></td>
        <td>${r.subject_type ? html`${r.subject_type} <code>${r.subject_id ?? ''}</code>` : '—'}</td>
        <td>${r.outcome}</td>
        <td>${r.ip ?? '—'}</td>
      </tr>`)}
    </tbody>
  </table>`}
  <nav class="pagination" aria-label="Audit pages">
    ${view.paged ? html`<a href="/staff/audit?${filterQuery(f)}">Newest</a>` : ''}
    ${view.olderHref ? html`<a href="${view.olderHref}" rel="next">Older rows</a>` : ''}
  </nav>`;
  return renderStaffPage(site, { title: 'Audit log', path: '/staff/audit', body, session });
}

/** The filters as a query string (empty ones left out). */
export function filterQuery(f: AuditFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...f, ...extra })) if (value) params.set(key, value);
  return params.toString();
}
