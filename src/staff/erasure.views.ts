import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { DeletionRequest } from '../consultations/index.ts';
import { can } from './staff.policy.ts';
import type { StaffSession } from './staff-session.ts';
import { csrfField, formatTime, renderStaffPage } from './staff-layout.ts';
import { STATUS_LABELS } from './consultation-labels.ts';

// Patients' deletion requests: the admins' list, and the box on the consultation view that
// carries the request out. Only references and times are shown in the list, no patient details.

/** What the confirmation deletes, said where the button is. */
const WHAT_GOES = 'This deletes the question, every message and answer, internal notes, the history, the report files, the e-mails still held for it and the patient\'s private link, at once. It cannot be undone. The audit log keeps only the consultation\'s id.';

/** /staff/deletions: every consultation whose patient asked for deletion, oldest request first. */
export function renderDeletionRequestsPage(site: SiteInfo, session: StaffSession, view: { requests: readonly DeletionRequest[]; notice?: string | undefined }): string {
  const body = html`<h1>Deletion requests</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  <p>Patients ask for deletion from their case page. Open the consultation, check it, and confirm the deletion there.
    Closed consultations are also deleted automatically some time after they close.</p>
  ${view.requests.length === 0 ? html`<p>No deletion requests are waiting.</p>` : html`<table class="staff-table">
    <caption class="visually-hidden">Consultations whose patient asked for deletion</caption>
    <thead><tr><th scope="col">Consultation</th><th scope="col">Status</th><th scope="col">Received</th><th scope="col">Deletion asked</th></tr></thead>
    <tbody>
      ${view.requests.map((r) => html`<tr>
        <th scope="row"><a href="/staff/consultations/${r.id}">${r.reference}</a></th>
        <td>${STATUS_LABELS[r.status]}</td>
        <td><time datetime="${r.receivedAt}">${formatTime(r.receivedAt)}</time></td>
        <td><time datetime="${r.deletionRequestedAt}">${formatTime(r.deletionRequestedAt)}</time></td>
      </tr>`)}
    </tbody>
  </table>`}`;
  return renderStaffPage(site, { title: 'Deletion requests', path: '/staff/deletions', body, session });
}

/** The box at the top of a consultation whose patient asked for deletion: the confirmation for admins. */
export function deletionRequestBox(session: StaffSession, c: { id: string; deletion_requested_at: string | null }): SafeHtml | '' {
  if (c.deletion_requested_at === null) return '';
  return html`<section class="notice deletion-request" aria-labelledby="deletion-title">
    <h2 id="deletion-title">The patient asked for this consultation to be deleted</h2>
    <p>Asked <time datetime="${c.deletion_requested_at}">${formatTime(c.deletion_requested_at)}</time>. It cannot be answered any more.</p>
    ${can(session.actor, 'patient.erase')
      ? html`<form method="post" action="/staff/consultations/${c.id}/erase">${csrfField(session.csrf)}
        <p class="hint">${WHAT_GOES}</p>
        <button class="button button--danger" type="submit">Confirm deletion</button>
      </form>`
      : html`<p class="hint">An admin confirms deletions.</p>`}
  </section>`;
}
