import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { PASSWORD_MIN_LENGTH } from './password.ts';
import { csrfField, errorSummary, renderStaffPage, textField } from './staff-layout.ts';

// Sign-in, set-up and password-reset pages. The sign-in pages say the same thing for every
// kind of failure: "E-mail, password or code not recognised".

export const SIGN_IN_REFUSED = 'E-mail, password or code not recognised.';

export interface LoginView {
  readonly csrf: string;
  readonly email?: string;
  readonly next?: string;
  /** A failure, shown as the form's one problem. */
  readonly problem?: string | undefined;
  /** A success notice (e.g. after set-up or reset). */
  readonly notice?: string | undefined;
}

/** E-mail and password. */
export function renderLoginPage(site: SiteInfo, view: LoginView): string {
  const problems: FieldProblem[] = view.problem ? [{ field: 'email', message: view.problem }] : [];
  const body = html`<h1>Staff sign-in</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  ${errorSummary(problems)}
  <form method="post" action="/staff/login" novalidate>
    ${csrfField(view.csrf)}
    ${view.next && view.next !== '/staff' ? html`<input type="hidden" name="next" value="${view.next}">` : ''}
    ${textField({ name: 'email', label: 'E-mail address', type: 'email', value: view.email ?? '', autocomplete: 'username', maxlength: 254, problems: [] })}
    ${textField({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', maxlength: 200, problems: [] })}
    <button class="button" type="submit">Continue</button>
  </form>
  <p><a href="/staff/password-reset">Forgotten your password?</a></p>`;
  return renderStaffPage(site, { title: 'Staff sign-in', path: '/staff/login', body, hasErrors: problems.length > 0 });
}

/** The second step: the six-digit code from the authenticator app. */
export function renderCodePage(site: SiteInfo, view: { csrf: string; problem?: string | undefined; next?: string }): string {
  const problems: FieldProblem[] = view.problem ? [{ field: 'code', message: view.problem }] : [];
  const body = html`<h1>Enter your sign-in code</h1>
  ${errorSummary(problems)}
  <form method="post" action="/staff/login/code" novalidate>
    ${csrfField(view.csrf)}
    ${view.next && view.next !== '/staff' ? html`<input type="hidden" name="next" value="${view.next}">` : ''}
    ${textField({ name: 'code', label: 'Six-digit code', hint: 'Open your authenticator app and type the code it shows for this site.', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 7, problems: [] })}
    <button class="button" type="submit">Sign in</button>
  </form>
  <form method="post" action="/staff/logout">${csrfField(view.csrf)}<button class="link-button" type="submit">Start again</button></form>`;
  return renderStaffPage(site, { title: 'Enter your sign-in code', path: '/staff/login', body, hasErrors: problems.length > 0 });
}

/** Too many failures: the same words as any failure, and when to try again. */
export function renderThrottledPage(site: SiteInfo, view: { csrf: string; retryAfterSeconds: number; email?: string }): string {
  const minutes = Math.max(1, Math.ceil(view.retryAfterSeconds / 60));
  return renderLoginPage(site, { csrf: view.csrf, email: view.email, problem: `${SIGN_IN_REFUSED} Too many attempts: please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.` });
}

export interface SetupPasswordView {
  readonly token: string;
  readonly csrf: string;
  readonly name: string;
  readonly email: string;
  /** True when the role needs TOTP (the code step follows); false offers it as a choice. */
  readonly totpRequired: boolean;
  readonly problems: readonly FieldProblem[];
}

/** Set-up, first step: choose a password. */
export function renderSetupPasswordPage(site: SiteInfo, view: SetupPasswordView): string {
  const body = html`<h1>Set up your staff account</h1>
  <p>Welcome, ${view.name}. Your sign-in name is <strong>${view.email}</strong>.</p>
  ${errorSummary(view.problems)}
  <form method="post" action="/staff/setup/${view.token}" novalidate>
    ${csrfField(view.csrf)}
    <input type="text" name="username" value="${view.email}" autocomplete="username" hidden>
    ${passwordFields(view.problems)}
    ${view.totpRequired
      ? html`<p>Next you will set up sign-in codes on your phone: your role needs them.</p>`
      : html`<div class="checkbox"><input id="totp" name="totp" type="checkbox" value="yes"><label for="totp">Also set up sign-in codes on my phone (recommended)</label></div>`}
    <button class="button" type="submit">Continue</button>
  </form>`;
  return renderStaffPage(site, { title: 'Set up your staff account', path: '/staff/setup', body, hasErrors: view.problems.length > 0 });
}

export interface SetupCodeView {
  readonly token: string;
  readonly csrf: string;
  readonly qr: SafeHtml;
  /** The secret in groups of four, for typing in by hand. */
  readonly secretText: string;
  readonly problem?: string | undefined;
}

/** Set-up, second step: scan the QR code and confirm with a code. */
export function renderSetupCodePage(site: SiteInfo, view: SetupCodeView): string {
  const problems: FieldProblem[] = view.problem ? [{ field: 'code', message: view.problem }] : [];
  const body = html`<h1>Set up sign-in codes</h1>
  ${errorSummary(problems)}
  <ol class="steps">
    <li>Open an authenticator app on your phone (for example one from your phone's maker, or any app for "TOTP" codes).</li>
    <li>Scan this code with it:
      <figure class="qr">${view.qr}</figure>
      <p>Or type this key into the app: <code class="totp-secret">${view.secretText}</code> (time-based, 6 digits).</p>
    </li>
    <li>Type the six-digit code the app now shows.</li>
  </ol>
  <form method="post" action="/staff/setup/${view.token}/code" novalidate>
    ${csrfField(view.csrf)}
    ${textField({ name: 'code', label: 'Six-digit code', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 7, problems })}
    <button class="button" type="submit">Finish set-up</button>
  </form>`;
  return renderStaffPage(site, { title: 'Set up sign-in codes', path: '/staff/setup', body, hasErrors: problems.length > 0 });
}

/** A set-up or reset link that is unknown, used or expired. */
export function renderDeadLinkPage(site: SiteInfo, purpose: 'setup' | 'reset'): string {
  const body = html`<h1>This link no longer works</h1>
  <p>${purpose === 'setup'
    ? 'Set-up links work once, for a limited time. Ask an admin to send you a new one.'
    : 'Reset links work once, for one hour.'}</p>
  ${purpose === 'reset' ? html`<p><a class="button" href="/staff/password-reset">Ask for a new link</a></p>` : ''}
  <p><a href="/staff/login">Go to staff sign-in</a></p>`;
  return renderStaffPage(site, { title: 'This link no longer works', path: '/staff/login', body });
}

/** Ask for a password-reset link; after sending, the same words whether or not the address is known. */
export function renderResetRequestPage(site: SiteInfo, view: { csrf: string; sent: boolean; email?: string; problem?: string | undefined }): string {
  const problems: FieldProblem[] = view.problem ? [{ field: 'email', message: view.problem }] : [];
  const body = view.sent
    ? html`<h1>Check your e-mail</h1>
      <p role="status">If that address belongs to a staff account, we have sent it a link to choose a new password. The link works for one hour.</p>
      <p><a href="/staff/login">Back to staff sign-in</a></p>`
    : html`<h1>Reset your password</h1>
      ${errorSummary(problems)}
      <form method="post" action="/staff/password-reset" novalidate>
        ${csrfField(view.csrf)}
        ${textField({ name: 'email', label: 'E-mail address of your staff account', type: 'email', value: view.email ?? '', autocomplete: 'username', maxlength: 254, problems })}
        <button class="button" type="submit">Send me a link</button>
      </form>`;
  return renderStaffPage(site, { title: view.sent ? 'Check your e-mail' : 'Reset your password', path: '/staff/password-reset', body, hasErrors: problems.length > 0 });
}

/** Choose a new password from a reset link. */
export function renderResetPage(site: SiteInfo, view: { token: string; csrf: string; email: string; problems: readonly FieldProblem[] }): string {
  const body = html`<h1>Choose a new password</h1>
  ${errorSummary(view.problems)}
  <form method="post" action="/staff/password-reset/${view.token}" novalidate>
    ${csrfField(view.csrf)}
    <input type="text" name="username" value="${view.email}" autocomplete="username" hidden>
    ${passwordFields(view.problems)}
    <button class="button" type="submit">Save the new password</button>
  </form>`;
  return renderStaffPage(site, { title: 'Choose a new password', path: '/staff/password-reset', body, hasErrors: view.problems.length > 0 });
}

function passwordFields(problems: readonly FieldProblem[]): SafeHtml {
  return html`${textField({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', maxlength: 200, problems,
    hint: `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a good password. Do not use your e-mail address.` })}
  ${textField({ name: 'confirm', label: 'The same password again', type: 'password', autocomplete: 'new-password', maxlength: 200, problems })}`;
}
