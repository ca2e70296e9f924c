import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { can, ROLE_LABELS, type StaffAction } from './staff.policy.ts';
import type { StaffSession } from './staff-session.ts';
import type { StaffRole } from './staff.table.ts';
import { csrfField, errorSummary, formatTime, renderStaffPage, textField } from './staff-layout.ts';

/** What the console offers, by the action that opens it; sections without a page yet are listed without a link. */
const SECTIONS: readonly { action: StaffAction; title: string; href?: string; text: string }[] = [
  { action: 'consultation.view', title: 'Consultation queue', href: '/staff/consultations', text: 'Patients\' questions waiting for an answer: emergencies and same-day first, then the nearest deadline.' },
  { action: 'dashboard.read', title: 'Answer promise', href: '/staff/dashboard', text: 'How often patients got a first answer within the target, week by week; breaches; CSV export.' },
  { action: 'contact.handle', title: 'Contact messages', href: '/staff/messages', text: 'Messages left through the contact form: unhandled first, emergencies flagged; reply by e-mail.' },
  { action: 'article.read', title: 'Articles', href: '/staff/articles', text: 'Knowledge-base articles in every state: write and update them, send them for review, see their history.' },
  { action: 'article.signoff', title: 'Reviews', href: '/staff/articles?status=in_review', text: 'Sign off articles written by others, and see which published articles are due for review.' },
  { action: 'staff.manage', title: 'Team', href: '/staff/team', text: 'Invite staff, disable and re-enable accounts.' },
  { action: 'audit.read', title: 'Audit log', href: '/staff/audit', text: 'Who did what, and when. Tamper-evident.' },
];

/** The console home: the sections this member's role may use. */
export function renderConsoleHome(site: SiteInfo, session: StaffSession, duty: SafeHtml | '' = ''): string {
  const sections = SECTIONS.filter((s) => can(session.actor, s.action));
  const body = html`<h1>Staff console</h1>
  <p class="lead">Hello ${session.name}. These are the parts of the console your role (${ROLE_LABELS[session.actor.role]}) can use.</p>
  <ul class="topic-cards">
    ${sections.map((s) => html`<li class="card">
      <h2>${s.href ? html`<a href="${s.href}">${s.title}</a>` : s.title}</h2>
      <p>${s.text}</p>
    </li>`)}
  </ul>
  ${duty}
  ${session.totpEnabled ? '' : html`<p class="notice">Your account signs in with a password only. Ask an admin for a new set-up link to add sign-in codes.</p>`}`;
  return renderStaffPage(site, { title: 'Staff console', path: '/staff', body, session });
}

export interface TeamMemberView {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: StaffRole;
  readonly isReviewer: boolean;
  readonly setUp: boolean;
  readonly totpEnabled: boolean;
  readonly disabledAt: string | null;
  readonly lastLoginAt: string | null;
}

export interface InviteValues {
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly reviewer: boolean;
}

export interface TeamView {
  readonly members: readonly TeamMemberView[];
  readonly invite: InviteValues;
  readonly problems: readonly FieldProblem[];
  readonly notice?: string | undefined;
}

/** The team: everyone with an account, what they are, and the admin's actions; the invitation form. */
export function renderTeamPage(site: SiteInfo, session: StaffSession, view: TeamView): string {
  const roleProblem = view.problems.find((p) => p.field === 'role')?.message;
  const body = html`<h1>Team</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  <table class="staff-table">
    <caption class="visually-hidden">Staff accounts</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Sign-in</th><th scope="col">Last sign-in</th><th scope="col">Actions</th></tr></thead>
    <tbody>
      ${view.members.map((m) => html`<tr>
        <th scope="row">${m.name}</th>
        <td>${m.email}</td>
        <td>${ROLE_LABELS[m.role]}${m.isReviewer ? ', reviewer' : ''}</td>
        <td>${m.disabledAt ? html`<strong>Disabled</strong> ${formatTime(m.disabledAt)}` : !m.setUp ? 'Not set up yet' : m.totpEnabled ? 'Password and code' : 'Password only'}</td>
        <td>${formatTime(m.lastLoginAt)}</td>
        <td>${memberActions(session, m)}</td>
      </tr>`)}
    </tbody>
  </table>

  <h2 id="invite">Invite someone</h2>
  <p>They get an e-mail with a set-up link that works once, for 72 hours.</p>
  ${errorSummary(view.problems)}
  <form method="post" action="/staff/team" novalidate>
    ${csrfField(session.csrf)}
    ${textField({ name: 'name', label: 'Name', value: view.invite.name, autocomplete: 'off', maxlength: 100, problems: view.problems })}
    ${textField({ name: 'email', label: 'E-mail address', type: 'email', value: view.invite.email, autocomplete: 'off', maxlength: 254, problems: view.problems })}
    <div class="field${roleProblem ? ' field--error' : ''}">
      <label for="role">Role</label>
      ${roleProblem ? html`<p id="role-error" class="field-error"><span class="visually-hidden">Error:</span> ${roleProblem}</p>` : ''}
      <select id="role" name="role"${roleProblem ? html` aria-describedby="role-error" aria-invalid="true"` : ''}>
        <option value="">Choose one</option>
        ${(['expert', 'editor', 'admin'] as const).map((r) => html`<option value="${r}"${view.invite.role === r ? ' selected' : ''}>${ROLE_LABELS[r]}</option>`)}
      </select>
    </div>
    <div class="checkbox"><input id="reviewer" name="reviewer" type="checkbox" value="yes"${view.invite.reviewer ? ' checked' : ''}><label for="reviewer">Reviewer: may sign off articles written by others</label></div>
    <button class="button" type="submit">Send invitation</button>
  </form>`;
  return renderStaffPage(site, { title: 'Team', path: '/staff/team', body, session, hasErrors: view.problems.length > 0 });
}

function memberActions(session: StaffSession, m: TeamMemberView) {
  if (m.disabledAt) {
    return html`<form method="post" action="/staff/team/${m.id}/enable">${csrfField(session.csrf)}<button class="button button--secondary" type="submit">Re-enable<span class="visually-hidden"> ${m.name}</span></button></form>`;
  }
  return html`${can(session.actor, 'staff.disable', { type: 'staff', id: m.id })
    ? html`<form method="post" action="/staff/team/${m.id}/disable">${csrfField(session.csrf)}<button class="button button--danger" type="submit">Disable<span class="visually-hidden"> ${m.name}</span></button></form>`
    : html`<span class="meta">(you)</span>`}
  <form method="post" action="/staff/team/${m.id}/setup-link">${csrfField(session.csrf)}<button class="link-button" type="submit">Send a new set-up link<span class="visually-hidden"> to ${m.name}</span></button></form>`;
}
