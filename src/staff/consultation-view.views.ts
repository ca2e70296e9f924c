import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { conditionLabel, renderExpertAnswer } from '../consultations/index.ts';
import { triageReasonLabel } from '../triage/index.ts';
import { can } from './staff.policy.ts';
import type { StaffSession } from './staff-session.ts';
import { csrfField, errorSummary, formatTime, renderStaffPage } from './staff-layout.ts';
import type { StaffCaseView } from './consultation-console.service.ts';
import { allowedStatusChanges, NOTE_MAX } from './consultation-console.service.ts';
import { isAssignable } from './consultation-console.repository.ts';
import { buildHistory, type HistoryEntry } from './consultation-history.ts';
import { clockCell, STATUS_LABELS, statusText, triageBadge } from './consultation-labels.ts';
import { deletionRequestBox } from './erasure.views.ts';

export interface ConsultationPageView {
  readonly found: StaffCaseView;
  readonly now: Date;
  readonly notice?: string | undefined;
  /** A refusal that belongs to no field. */
  readonly error?: string | undefined;
  readonly problems?: readonly FieldProblem[];
  /** What was typed in the note field, kept when it is refused. */
  readonly noteDraft?: string;
}

/** The expert's view of one consultation: the patient's details, the clock, actions and full history. */
export function renderConsultationPage(site: SiteInfo, session: StaffSession, view: ConsultationPageView): string {
  // Heading ids in rendered answers stay unique on the page.
  const usedIds = new Set<string>();
  const c = view.found.consultation;
  const problems = view.problems ?? [];
  const names = new Map(view.found.staff.map((s) => [s.id, s.name] as const));
  const reasons = parseReasons(c.triage_reasons);
  const base = `/staff/consultations/${c.id}`;
  const open = c.status === 'received' || c.status === 'in_progress';
  const history = buildHistory({ ...view.found, names, patientName: c.patient_name });
  const body = html`<p><a href="/staff/consultations">← Consultation queue</a></p>
  <h1>Consultation ${c.reference}</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  ${view.error ? html`<div class="error-summary" role="alert"><p>${view.error}</p></div>` : ''}
  ${errorSummary(problems)}
  ${deletionRequestBox(session, c)}
  ${can(session.actor, 'consultation.answer') && c.status !== 'closed' ? html`<p><a class="button answer-link" href="${base}/answer">Write an answer</a></p>` : ''}
  <dl class="case-summary">
    <dt>Patient</dt><dd><bdi>${c.patient_name}</bdi></dd>
    <dt>E-mail</dt><dd>${c.patient_email}</dd>
    <dt>Phone</dt><dd>${c.patient_phone ?? '—'}</dd>
    <dt>Condition</dt><dd>${conditionLabel(c.condition)}</dd>
    <dt>Creatinine</dt><dd>${c.creatinine_value ? html`${c.creatinine_value} ${c.creatinine_unit === 'umol/L' ? 'µmol/L' : c.creatinine_unit}${c.creatinine_date ? html`, tested ${c.creatinine_date}` : ', test date not given'}` : 'Not given'}</dd>
    <dt>Consent</dt><dd>Agreed ${formatTime(c.consented_at)} (wording of ${c.consent_version})</dd>
    <dt>Triage</dt><dd>${triageBadge(c.triage_level)}${reasons.length > 0 ? html`<ul class="triage-reasons">${reasons.map((r) => html`<li>${triageReasonLabel(r)}</li>`)}</ul>` : html` No red flags found.`}</dd>
    <dt>Status</dt><dd><strong>${statusText(c)}</strong>${c.closed_at ? html` (closed ${formatTime(c.closed_at)})` : ''}</dd>
    <dt>Expert</dt><dd>${c.assigned_to ? html`${names.get(c.assigned_to) ?? 'A former staff member'}${c.assigned_at ? html` <span class="meta">since ${formatTime(c.assigned_at)}</span>` : ''}` : 'Unassigned'}</dd>
    <dt>Received</dt><dd><time datetime="${c.received_at}">${formatTime(c.received_at)}</time></dd>
    <dt>Due</dt><dd><time datetime="${c.due_at}">${formatTime(c.due_at)}</time>${c.clock_paused_at ? html` <span class="meta">(clock paused ${formatTime(c.clock_paused_at)})</span>` : ''}</dd>
    <dt>Time left</dt><dd>${clockCell(c, view.now)}</dd>
    ${c.first_answered_at ? html`<dt>First answered</dt><dd>${formatTime(c.first_answered_at)}</dd>` : ''}
    ${c.deletion_requested_at ? html`<dt>Deletion</dt><dd><strong>The patient asked for deletion</strong> ${formatTime(c.deletion_requested_at)}</dd>` : ''}
  </dl>

  <h2>Actions</h2>
  <div class="case-actions">
    ${can(session.actor, 'consultation.claim') && c.assigned_to === null ? html`<form method="post" action="${base}/claim">${csrfField(session.csrf)}<button class="button" type="submit">Claim: assign to me</button></form>` : ''}
    ${can(session.actor, 'consultation.assign') ? assignForm(session, view, base, problems) : ''}
    ${can(session.actor, 'consultation.assign') && c.assigned_to !== null ? html`<form method="post" action="${base}/unassign">${csrfField(session.csrf)}<button class="button button--secondary" type="submit">Unassign</button></form>` : ''}
    ${can(session.actor, 'consultation.status') ? statusForm(session, view, base, problems) : ''}
    ${can(session.actor, 'consultation.status') && open && c.clock_paused_at === null ? html`<form method="post" action="${base}/pause">${csrfField(session.csrf)}
      <p class="hint">Waiting for information from the patient? Pausing stops the answer clock until you restart it or the patient writes.</p>
      <button class="button button--secondary" type="submit">Pause the clock</button></form>` : ''}
    ${can(session.actor, 'consultation.status') && c.clock_paused_at !== null ? html`<form method="post" action="${base}/resume">${csrfField(session.csrf)}<button class="button" type="submit">Restart the clock</button></form>` : ''}
  </div>

  <h2>History</h2>
  <ol class="messages history">${history.map((e) => historyItem(e, base, site, usedIds))}</ol>

  ${can(session.actor, 'consultation.note') ? noteForm(session, view, base, problems) : ''}`;
  return renderStaffPage(site, { title: `Consultation ${c.reference}`, path: base, body, session, hasErrors: problems.length > 0 || view.error !== undefined });
}

function historyItem(e: HistoryEntry, base: string, site: SiteInfo, usedIds: Set<string>): SafeHtml {
  const time = html`<time datetime="${e.at}">${formatTime(e.at)}</time>`;
  switch (e.kind) {
    case 'message': {
      const label = e.message.kind === 'description' ? 'Question' : e.message.kind === 'answer' ? 'Answer' : 'Follow-up';
      return html`<li class="message message--${e.message.author}">
        <p class="meta"><strong>${label}</strong> from <bdi>${e.author}</bdi> · ${time}</p>
        ${e.message.kind === 'answer'
          // Exactly as the patient sees it: Markdown (raw HTML off) with the urgent-help footer.
          ? html`<div class="message-body">${renderExpertAnswer(e.message.body, site, usedIds)}</div>`
          : html`<div class="message-body" dir="auto">${paragraphs(e.message.body)}</div>`}
        ${e.files.length > 0 ? html`<ul class="attachments">${e.files.map((f) => html`<li><a href="${base}/files/${f.id}"><bdi>${f.display_name}</bdi></a> <span class="meta">(${f.media_type}, ${formatSize(f.size)})</span> · <a href="${base}/files/${f.id}?download=1">Download<span class="visually-hidden"> <bdi>${f.display_name}</bdi></span></a></li>`)}</ul>` : ''}
      </li>`;
    }
    case 'note':
      return html`<li class="message message--note">
        <p class="meta"><strong>Internal note</strong> by <bdi>${e.author}</bdi> · ${time} <span class="badge badge--internal">Not shown to the patient</span></p>
        <div class="message-body" dir="auto">${paragraphs(e.note.body)}</div>
      </li>`;
    case 'event':
      return html`<li class="history-event"><p class="meta">${time} · ${e.text}</p></li>`;
  }
}

function assignForm(session: StaffSession, view: ConsultationPageView, base: string, problems: readonly FieldProblem[]): SafeHtml {
  const problem = problems.find((p) => p.field === 'assignee')?.message;
  const people = view.found.staff.filter((s) => isAssignable(s));
  const current = view.found.consultation.assigned_to;
  return html`<form method="post" action="${base}/assign">${csrfField(session.csrf)}
    <div class="field${problem ? ' field--error' : ''}">
      <label for="assignee">Assign to</label>
      ${problem ? html`<p id="assignee-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : ''}
      <select id="assignee" name="assignee"${problem ? html` aria-invalid="true" aria-describedby="assignee-error"` : ''}>
        ${people.map((s) => html`<option value="${s.id}"${s.id === (current ?? session.actor.id) ? ' selected' : ''}>${s.name}${s.id === session.actor.id ? ' (me)' : ''}</option>`)}
      </select>
    </div>
    <button class="button button--secondary" type="submit">Assign</button>
  </form>`;
}

function statusForm(session: StaffSession, view: ConsultationPageView, base: string, problems: readonly FieldProblem[]): SafeHtml | '' {
  const choices = allowedStatusChanges(view.found.consultation.status);
  const problem = problems.find((p) => p.field === 'status')?.message;
  if (choices.length === 0) return '';
  return html`<form method="post" action="${base}/status">${csrfField(session.csrf)}
    <div class="field${problem ? ' field--error' : ''}">
      <label for="status">Change status</label>
      ${problem ? html`<p id="status-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : ''}
      <select id="status" name="status"${problem ? html` aria-invalid="true" aria-describedby="status-error"` : ''}>
        ${choices.map((s) => html`<option value="${s}">${view.found.consultation.status === 'closed' && s === 'in_progress' ? 'Reopen (in progress)' : STATUS_LABELS[s]}</option>`)}
      </select>
    </div>
    <button class="button button--secondary" type="submit">Change status</button>
  </form>`;
}

function noteForm(session: StaffSession, view: ConsultationPageView, base: string, problems: readonly FieldProblem[]): SafeHtml {
  const problem = problems.find((p) => p.field === 'note')?.message;
  return html`<h2 id="note-title">Add an internal note</h2>
  <form method="post" action="${base}/notes" aria-labelledby="note-title">${csrfField(session.csrf)}
    <div class="field${problem ? ' field--error' : ''}">
      <label for="note">Note for the team</label>
      <p id="note-hint" class="hint">Only staff see notes; the patient never does. Plain text, up to ${NOTE_MAX.toLocaleString('en')} characters.</p>
      ${problem ? html`<p id="note-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : ''}
      <textarea id="note" name="note" rows="5" maxlength="${NOTE_MAX}" aria-describedby="note-hint${problem ? ' note-error' : ''}"${problem ? html` aria-invalid="true"` : ''}>${view.noteDraft ?? ''}</textarea>
    </div>
    <button class="button" type="submit">Add note</button>
  </form>`;
}

function parseReasons(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function paragraphs(text: string): SafeHtml {
  return html`${text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>`)}`;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
