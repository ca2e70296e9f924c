import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { conditionLabel, LIMITS } from './consultation-form.ts';
import { MAX_FILES } from './upload-intake.ts';
import { renderUrgentNotice } from './ask.views.ts';
import { renderExpertAnswer } from './expert-answer.views.ts';
import type { ConsultationFileRow, ConsultationMessageRow, ConsultationRow, ConsultationStatus } from './consultation.table.ts';

const STATUS_TEXT: Record<ConsultationStatus, { label: string; explain: string }> = {
  received: { label: 'Received', explain: 'Your question is waiting for one of our experts.' },
  in_progress: { label: 'Being answered', explain: 'An expert is working on your question.' },
  answered: { label: 'Answered', explain: 'An expert has answered. You can reply below if you need to.' },
  closed: { label: 'Closed', explain: 'This question is closed. Sending a new message reopens it.' },
};

/** The page a private link opens: one button, so a mail scanner following the link changes nothing. */
export function renderAccessPage(site: SiteInfo, token: string, valid: boolean): string {
  const body = valid
    ? html`<h1>Your private case page</h1>
      <p>For your privacy, please confirm that you want to open your case page on this device.</p>
      <form method="post" action="/case/access/${token}"><button class="button" type="submit">View my case</button></form>
      <p class="meta">Using a shared computer? Sign out when you have finished.</p>`
    : html`<h1>This link does not work any more</h1>
      <p>The link may be too old or incomplete. We can send you a new one.</p>
      <p><a class="button" href="/case/resend">Send me a new link</a></p>`;
  return renderPage({ site, path: '/case/access', title: 'Your case', body, noindex: true });
}

/** How an answer names the expert who wrote it: only from their published profile. */
export interface AnswererCredit {
  readonly name: string;
  readonly credentials: string;
  /** Site-relative address of the profile, `/experts/<slug>`. */
  readonly href: string;
}

export interface CasePageView {
  /** Experts with a published profile, by staff id; others are "Kidney expert". */
  readonly answerers?: ReadonlyMap<string, AnswererCredit>;
  readonly consultation: ConsultationRow;
  readonly messages: readonly ConsultationMessageRow[];
  readonly files: readonly ConsultationFileRow[];
  readonly csrf: string;
  readonly problems?: readonly FieldProblem[];
  readonly followUp?: string;
  readonly notice?: string | undefined;
}

function answererName(answerers: ReadonlyMap<string, AnswererCredit> | undefined, staffId: string | null): SafeHtml | string {
  const credit = staffId ? answerers?.get(staffId) : undefined;
  return credit ? html`<a href="${credit.href}">${credit.name}</a>${credit.credentials ? html`, ${credit.credentials}` : ''}` : 'Kidney expert';
}

/** The patient's own case: status, their question, answers, files, follow-up, close and delete. */
export function renderCasePage(site: SiteInfo, view: CasePageView): string {
  const c = view.consultation;
  const status = STATUS_TEXT[c.status];
  const problem = (field: string) => view.problems?.find((p) => p.field === field)?.message;
  const filesOf = (messageId: string) => view.files.filter((f) => f.message_id === messageId);
  // Heading ids used by the answers so far: two answers on one page never share one.
  const answerIds = new Set<string>(['urgent-now-title', 'urgent-today-title', 'follow-up-title', 'body', 'files', 'body-error', 'files-error', 'files-hint']);
  const body = html`${c.status !== 'closed' ? renderUrgentNotice(site, c.triage_level) : ''}
  <h1>Your question ${c.reference}</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  <dl class="case-summary">
    <dt>Status</dt><dd><strong>${status.label}</strong>. ${status.explain}</dd>
    <dt>Condition</dt><dd>${conditionLabel(c.condition)}</dd>
    ${c.creatinine_value ? html`<dt>Creatinine</dt><dd>${c.creatinine_value} ${c.creatinine_unit === 'umol/L' ? 'µmol/L' : c.creatinine_unit}${c.creatinine_date ? html` (${c.creatinine_date})` : ''}</dd>` : ''}
    <dt>Sent</dt><dd><time datetime="${c.received_at}">${formatDate(c.received_at)}</time></dd>
  </dl>
  <h2>Messages</h2>
  <ol class="messages">
    ${view.messages.map((m) => html`<li class="message message--${m.author}">
      <p class="meta"><strong>${m.author === 'patient' ? 'You' : m.author === 'expert' ? answererName(view.answerers, m.author_id) : 'KidneyDesk'}</strong> · <time datetime="${m.created_at}">${formatDate(m.created_at)}</time></p>
      ${m.author === 'expert' && m.kind === 'answer' ? renderExpertAnswer(m.body, site, answerIds) : html`<div class="message-body" dir="auto">${paragraphs(m.body)}</div>`}
      ${filesOf(m.id).length > 0 ? html`<ul class="attachments">${filesOf(m.id).map((f) => html`<li><a href="/case/files/${f.id}" download><bdi>${f.display_name}</bdi></a> <span class="meta">(${formatSize(f.size)})</span></li>`)}</ul>` : ''}
    </li>`)}
  </ol>
  ${c.deletion_requested_at ? html`<p class="notice">You asked us to delete this question on ${formatDate(c.deletion_requested_at)}. Our team will confirm and delete it.</p>` : html`
  <h2 id="follow-up-title">Add a message</h2>
  <form class="ask-form" method="post" action="/case/messages" enctype="multipart/form-data" aria-labelledby="follow-up-title" data-ask-form>
    <input type="hidden" name="csrf" value="${view.csrf}">
    <div class="field${problem('body') ? ' field--error' : ''}">
      <label for="body">Your message</label>
      ${problem('body') ? html`<p id="body-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem('body')}</p>` : ''}
      <textarea id="body" name="body" rows="6" maxlength="${LIMITS.descriptionMax}"${problem('body') ? html` aria-invalid="true" aria-describedby="body-error"` : ''}>${view.followUp ?? ''}</textarea>
    </div>
    <div class="field${problem('files') ? ' field--error' : ''}">
      <label for="files">Add reports <span class="optional">(optional)</span></label>
      <p id="files-hint" class="hint">Up to ${MAX_FILES} files: PDF, JPEG or PNG, each up to 10 MB.</p>
      ${problem('files') ? html`<p id="files-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem('files')}</p>` : ''}
      <input id="files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png" aria-describedby="files-hint${problem('files') ? ' files-error' : ''}">
      <div class="upload-progress" hidden><progress max="100" value="0" aria-label="Upload progress"></progress> <span class="upload-progress-text"></span></div>
    </div>
    <button class="button" type="submit">Send message</button>
  </form>
  <h2>Finished, or changed your mind?</h2>
  <div class="case-actions">
    ${c.status !== 'closed' ? html`<form method="post" action="/case/close"><input type="hidden" name="csrf" value="${view.csrf}"><button class="button button--secondary" type="submit">Close my question</button></form>` : ''}
    <form method="post" action="/case/delete-request"><input type="hidden" name="csrf" value="${view.csrf}">
      <p class="hint">We will delete your question, messages and reports after a member of staff confirms it.</p>
      <button class="button button--danger" type="submit">Ask us to delete my question</button>
    </form>
  </div>`}
  <form class="sign-out" method="post" action="/case/sign-out"><input type="hidden" name="csrf" value="${view.csrf}"><button class="link-button" type="submit">Sign out of this case page</button></form>`;
  return renderPage({ site, path: '/case', title: `Your question ${c.reference}`, body, noindex: true, scripts: ['ask.js'] });
}

/** "Resend my link": asks for the address; the answer never says whether it is known. */
export function renderResendPage(site: SiteInfo, options: { sent: boolean; problem?: string; email?: string; stamp: string }): string {
  const body = options.sent
    ? html`<h1>Check your e-mail</h1>
      <p>If we have a question from that address, we have sent a new private link to it. It can take a few minutes to arrive.</p>`
    : html`<h1>Get a new link to your question</h1>
      <p>Enter the e-mail address you used when you asked your question.</p>
      <form method="post" action="/case/resend" novalidate>
        <input type="hidden" name="started" value="${options.stamp}">
        <div class="field${options.problem ? ' field--error' : ''}">
          <label for="email">E-mail address</label>
          ${options.problem ? html`<p id="email-error" class="field-error"><span class="visually-hidden">Error:</span> ${options.problem}</p>` : ''}
          <input id="email" name="email" type="email" autocomplete="email" value="${options.email ?? ''}"${options.problem ? html` aria-invalid="true" aria-describedby="email-error"` : ''}>
        </div>
        <button class="button" type="submit">Send me a new link</button>
      </form>`;
  return renderPage({ site, path: '/case/resend', title: 'Get a new link', body, noindex: true });
}

/** Shown when someone opens /case without a live case session. */
export function renderNoCasePage(site: SiteInfo): string {
  const body = html`<h1>Open your case page from your e-mail</h1>
    <p>For your privacy, your case page opens only through the private link we e-mailed you.</p>
    <p><a class="button" href="/case/resend">Send me a new link</a></p>`;
  return renderPage({ site, path: '/case', title: 'Your case', body, noindex: true });
}

function paragraphs(text: string): SafeHtml {
  return html`${text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>`)}`;
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
