import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { can, ROLE_LABELS } from './staff.policy.ts';
import type { StaffSession } from './staff-session.ts';

// The frame of every staff page (the site layout, never indexed, with the console's own
// navigation) and the form pieces the staff forms share.

export interface StaffPageOptions {
  readonly title: string;
  readonly path: string;
  readonly body: SafeHtml;
  /** The signed-in member, for the console navigation; absent on sign-in pages. */
  readonly session?: StaffSession | undefined;
  /** Prefixes the title with "Error:" so screen-reader users hear it first. */
  readonly hasErrors?: boolean;
  /** Scripts from web/static to load (deferred). */
  readonly scripts?: readonly string[];
}

/** A complete staff page. */
export function renderStaffPage(site: SiteInfo, options: StaffPageOptions): string {
  const session = options.session?.stage === 'active' ? options.session : undefined;
  const nav = session ? html`<nav class="staff-nav" aria-label="Staff console">
    <ul>
      ${consoleLinks(session).map((l) => html`<li><a href="${l.href}"${options.path === l.href ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}
    </ul>
    <p class="meta">Signed in as ${session.name} (${ROLE_LABELS[session.actor.role]}${session.actor.isReviewer ? ', reviewer' : ''})</p>
    <form class="sign-out" method="post" action="/staff/logout"><input type="hidden" name="csrf" value="${session.csrf}"><button class="link-button" type="submit">Sign out</button></form>
  </nav>` : '';
  return renderPage({
    site, title: options.hasErrors ? `Error: ${options.title}` : options.title, path: options.path, noindex: true, hideHeaderSearch: true,
    body: html`${nav}${options.body}`,
    ...(options.scripts ? { scripts: options.scripts } : {}),
  });
}

/** The console pages this member may open (only pages that exist). */
export function consoleLinks(session: StaffSession): { label: string; href: string }[] {
  const links = [{ label: 'Console home', href: '/staff' }];
  if (can(session.actor, 'consultation.view')) links.push({ label: 'Consultations', href: '/staff/consultations' });
  if (can(session.actor, 'dashboard.read')) links.push({ label: 'Answer promise', href: '/staff/dashboard' });
  if (can(session.actor, 'template.manage')) links.push({ label: 'Reply templates', href: '/staff/templates' });
  if (can(session.actor, 'contact.handle')) links.push({ label: 'Contact messages', href: '/staff/messages' });
  if (can(session.actor, 'article.read')) links.push({ label: 'Articles', href: '/staff/articles' });
  if (can(session.actor, 'profile.manage')) links.push({ label: 'Expert profiles', href: '/staff/experts' });
  if (can(session.actor, 'story.moderate')) links.push({ label: 'Stories', href: '/staff/stories' });
  if (can(session.actor, 'staff.manage')) links.push({ label: 'Team', href: '/staff/team' });
  if (can(session.actor, 'patient.erase')) links.push({ label: 'Deletion requests', href: '/staff/deletions' });
  if (can(session.actor, 'audit.read')) links.push({ label: 'Audit log', href: '/staff/audit' });
  return links;
}

/** A labelled input with its hint and its error, wired together for screen readers. */
export function textField(options: {
  name: string; label: string; type?: string; value?: string; hint?: string; autocomplete?: string;
  problems: readonly FieldProblem[]; maxlength?: number; inputmode?: string; required?: boolean;
}): SafeHtml {
  const problem = options.problems.find((p) => p.field === options.name)?.message;
  const describedBy = [options.hint ? `${options.name}-hint` : '', problem ? `${options.name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${problem ? ' field--error' : ''}">
    <label for="${options.name}">${options.label}</label>
    ${options.hint ? html`<p id="${options.name}-hint" class="hint">${options.hint}</p>` : ''}
    ${problem ? html`<p id="${options.name}-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : ''}
    <input id="${options.name}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.required === false ? '' : html` required`}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${problem ? html` aria-invalid="true"` : ''}>
  </div>`;
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}

const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An ISO time for people (UTC, said so). */
export function formatTime(iso: string | null): string {
  return iso ? `${TIME_FORMAT.format(new Date(iso))} UTC` : '—';
}

export { errorSummary } from '../web/form-parts.ts';
