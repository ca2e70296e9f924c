import type { Db } from '../database.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { listMailAlerts, type MailAlert } from '../notifications/index.ts';
import { can } from './staff.policy.ts';
import type { StaffSession } from './staff-session.ts';
import { formatTime } from './staff-layout.ts';

// Mail problems on the console home, for admins: messages the sender gave up on (undeliverable
// for MAIL_RETRY_MAX_HOURS, or refused outright). They show who was affected only as far as
// needed to act (a masked address), never a subject or body, and the error's code, not its text.

const SHOWN = 20;

/** `ann.patient@example.org` → `a…@example.org`: enough to recognise, not to harvest. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '…';
  return `${address.slice(0, 1)}…${address.slice(at)}`;
}

/** The stable part of a stored send error (`EENVELOPE 451: …` → `EENVELOPE 451`). */
export function mailErrorCode(lastError: string | null): string {
  if (!lastError) return '—';
  return /^[A-Z0-9_]{1,32}(?: \d{3})?/.exec(lastError)?.[0] ?? 'ERROR';
}

/** The console home's "Mail problems" panel for admins; '' for everyone else. */
export async function mailAlertsPanel(db: Db, session: StaffSession): Promise<SafeHtml | ''> {
  if (!can(session.actor, 'staff.manage')) return '';
  const alerts = await listMailAlerts(db);
  return html`<section class="mail-alerts" aria-labelledby="mail-alerts-title">
    <h2 id="mail-alerts-title">Mail problems</h2>
    ${alerts.length === 0
      ? html`<p>No undelivered mail.</p>`
      : html`<p role="status"><strong>${alerts.length === 1 ? '1 message' : `${alerts.length} messages`}</strong> could not be delivered and will not be retried. Contact the people affected another way, or check the mail server.</p>
    <table class="staff-table">
      <caption class="visually-hidden">Undelivered mail</caption>
      <thead><tr><th scope="col">Recipient</th><th scope="col">Kind</th><th scope="col">First failure</th><th scope="col">Attempts</th><th scope="col">Last error</th></tr></thead>
      <tbody>${alerts.slice(0, SHOWN).map(alertRow)}</tbody>
    </table>
    ${alerts.length > SHOWN ? html`<p class="meta">And ${alerts.length - SHOWN} more.</p>` : ''}`}
  </section>`;
}

function alertRow(alert: MailAlert): SafeHtml {
  return html`<tr>
    <th scope="row">${maskAddress(alert.recipient)}</th>
    <td>${alert.kind}</td>
    <td>${formatTime(alert.firstFailedAt ?? alert.createdAt)}</td>
    <td>${alert.attempts}</td>
    <td><code>${mailErrorCode(alert.lastError)}</code></td>
  </tr>`;
}
