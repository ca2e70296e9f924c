import { errorSummary, antiSpamFields } from '../web/form-parts.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { CONDITIONS, CREATININE_UNITS, LIMITS, type AskFormInput } from './consultation-form.ts';
import { MAX_FILES } from './upload-intake.ts';
import type { TriageLevel } from './consultation.table.ts';

export interface AskFormView {
  readonly values: AskFormInput;
  readonly problems: readonly FieldProblem[];
  readonly stamp: string;
  readonly targetHours: number;
}

/** The ask-an-expert form, with each problem beside its field and an error summary at the top. */
export function renderAskPage(site: SiteInfo, view: AskFormView): string {
  const { values, problems } = view;
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const described = (field: string, hint?: string) => {
    const ids = [hint ? `${field}-hint` : '', problem(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${problem(field) ? html` aria-invalid="true"` : ''}`;
  };
  const error = (field: string) => (problem(field) ? html`<p id="${field}-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem(field)}</p>` : '');
  const field = (name: string, extra: SafeHtml | string = '') => html`class="field${problem(name) ? ' field--error' : ''}"${extra}`;

  const body = html`<div class="layout-2col">
  <div>
    <h1>Ask an expert</h1>
    <p class="lead">Describe your question and one of our kidney experts will answer you privately, usually within ${view.targetHours} hours.</p>
    <aside class="urgent urgent--compact" aria-labelledby="ask-urgent-title">
      <h2 id="ask-urgent-title">Not for emergencies</h2>
      <p>If you have chest pain, severe breathlessness, bleeding from your fistula or line that will not stop, or someone has collapsed, call <strong>${site.emergencyNumber}</strong> now.</p>
    </aside>
    ${errorSummary(problems, fieldId)}
    <form class="ask-form" action="/ask" method="post" enctype="multipart/form-data" novalidate data-ask-form>
      ${antiSpamFields(view.stamp)}

      <div ${field('name')}>
        <label for="name">Your name</label>
        ${error('name')}
        <input id="name" name="name" type="text" autocomplete="name" maxlength="${LIMITS.name}" required value="${values.name}"${described('name')}>
      </div>
      <div ${field('email')}>
        <label for="email">E-mail address</label>
        <p id="email-hint" class="hint">We send the private link to your answer here. We never put health details in e-mails.</p>
        ${error('email')}
        <input id="email" name="email" type="email" autocomplete="email" maxlength="${LIMITS.email}" required value="${values.email}"${described('email', 'hint')}>
      </div>
      <div ${field('phone')}>
        <label for="phone">Phone number <span class="optional">(optional)</span></label>
        <p id="phone-hint" class="hint">Only used if an expert needs to reach you quickly.</p>
        ${error('phone')}
        <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="${LIMITS.phone}" value="${values.phone}"${described('phone', 'hint')}>
      </div>
      <div ${field('condition')}>
        <label for="condition">Your kidney condition</label>
        ${error('condition')}
        <select id="condition" name="condition" required${described('condition')}>
          <option value="">Choose one</option>
          ${CONDITIONS.map((c) => html`<option value="${c.value}"${c.value === values.condition ? ' selected' : ''}>${c.label}</option>`)}
        </select>
      </div>
      <fieldset class="field-group">
        <legend>Your latest creatinine result <span class="optional">(optional)</span></legend>
        <p id="creatinine-hint" class="hint">From your most recent blood test, if you have it.</p>
        <div ${field('creatinine')}>
          <label for="creatinine">Creatinine</label>
          ${error('creatinine')}
          <input id="creatinine" name="creatinine" type="text" inputmode="decimal" maxlength="10" value="${values.creatinine}"${described('creatinine', 'hint')}>
        </div>
        <div ${field('creatinineUnit')}>
          <label for="creatinineUnit">Unit</label>
          ${error('creatinineUnit')}
          <select id="creatinineUnit" name="creatinineUnit"${described('creatinineUnit')}>
            ${CREATININE_UNITS.map((u) => html`<option value="${u.value}"${u.value === values.creatinineUnit ? ' selected' : ''}>${u.label}</option>`)}
          </select>
        </div>
        <div ${field('creatinineDate')}>
          <label for="creatinineDate">Date of the test</label>
          ${error('creatinineDate')}
          <input id="creatinineDate" name="creatinineDate" type="date" value="${values.creatinineDate}"${described('creatinineDate')}>
        </div>
      </fieldset>
      <div ${field('description')}>
        <label for="description">Your question</label>
        <p id="description-hint" class="hint">What is happening, since when, and what you would like to know (${LIMITS.descriptionMin} to ${LIMITS.descriptionMax.toLocaleString('en')} characters).</p>
        ${error('description')}
        <textarea id="description" name="description" rows="10" maxlength="${LIMITS.descriptionMax}" required${described('description', 'hint')}>${values.description}</textarea>
        <div id="triage-live" class="triage-live" role="status" aria-live="polite"></div>
        <div id="ask-suggestions" class="ask-suggestions" aria-live="polite"></div>
      </div>
      <div ${field('files')}>
        <label for="files">Medical reports <span class="optional">(optional)</span></label>
        <p id="files-hint" class="hint">Up to ${MAX_FILES} files: PDF, JPEG or PNG, each up to 10 MB. If the form shows a problem, please choose your files again.</p>
        ${error('files')}
        <input id="files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"${described('files', 'hint')}>
        <div class="upload-progress" hidden><progress max="100" value="0" aria-label="Upload progress"></progress> <span class="upload-progress-text"></span></div>
      </div>
      <div ${field('consent')}>
        ${error('consent')}
        <div class="checkbox">
          <input id="consent" name="consent" type="checkbox" value="yes"${values.consent === 'yes' ? ' checked' : ''}${described('consent')}>
          <label for="consent">I agree that the clinic's kidney experts may read and store what I send here, including my medical reports, to answer my question, as described in the privacy notice.</label>
        </div>
      </div>
      <button class="button" type="submit">Send my question</button>
    </form>
  </div>
  <aside class="privacy-notice" aria-labelledby="privacy-title">
    <h2 id="privacy-title">Your privacy</h2>
    <ul>
      <li>Only the clinic's kidney experts can read your question and reports. Reports are stored encrypted.</li>
      <li>We use what you send only to answer you. We do not share it, sell it or use it for marketing.</li>
      <li>You get a private link by e-mail. Our e-mails never contain health details.</li>
      <li>You can close your question or ask us to delete it at any time from your case page.</li>
      <li>Closed questions are deleted automatically after a set period.</li>
      <li>This service gives general advice. It does not replace your own kidney team.</li>
    </ul>
  </aside>
</div>`;
  return renderPage({ site, path: '/ask', title: problems.length > 0 ? 'Error: Ask an expert' : 'Ask an expert', body, noindex: false, scripts: ['ask.js'], description: 'Ask the clinic\'s kidney experts a private question and get an answer, usually within a day.' });
}

function fieldId(field: string): string {
  return field === 'files' ? 'files' : field;
}

/** The urgent-help notice that leads the confirmation page (and the case page) for flagged cases. */
export function renderUrgentNotice(site: SiteInfo, level: TriageLevel): SafeHtml | '' {
  if (level === 'emergency') {
    return html`<section class="urgent urgent--now" role="alert" aria-labelledby="urgent-now-title">
      <h2 id="urgent-now-title">Get urgent help now</h2>
      <p><strong>What you describe may be an emergency. Call ${site.emergencyNumber} now</strong>, or go to the nearest emergency department. Do not wait for our answer.</p>
      <p>If you are on dialysis or have a transplant, tell them about your kidney condition and bring your medicines.</p>
    </section>`;
  }
  if (level === 'same-day') {
    return html`<section class="urgent urgent--today" role="alert" aria-labelledby="urgent-today-title">
      <h2 id="urgent-today-title">Get urgent help today</h2>
      <p><strong>What you describe needs a kidney team to look at it today.</strong> Contact your dialysis unit, PD unit, transplant team or kidney clinic today. If they are closed, call the out-of-hours renal on-call service or your local urgent care line.</p>
      <p>If you get worse, for example chest pain, trouble breathing or bleeding that will not stop, call ${site.emergencyNumber}.</p>
    </section>`;
  }
  return '';
}

/** After a successful submission: the reference, what happens next, and the urgent notice first if flagged. */
export function renderReceivedPage(site: SiteInfo, reference: string, level: TriageLevel, targetHours: number): string {
  const body = html`${renderUrgentNotice(site, level)}
    <h1>We have received your question</h1>
    <p class="reference">Your case reference: <strong>${reference}</strong></p>
    <ul>
      <li>We have sent you an e-mail with a private link to your case page. Check your spam folder if it does not arrive.</li>
      <li>One of our kidney experts will answer, usually within ${targetHours} hours. We will e-mail you when they do.</li>
      <li>You can add information or reports to your question on your case page.</li>
    </ul>
    <p><a class="button" href="/case">Go to my case page</a></p>`;
  return renderPage({ site, path: '/ask/received', title: 'Question received', body, noindex: true });
}

/** When too many questions came from one place: plain words and when to try again. */
export function renderTooManyPage(site: SiteInfo, retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = minutes < 90 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.ceil(minutes / 60)} hours`;
  const body = html`<h1>Please wait before sending another question</h1>
    <p>We have received several questions from your connection recently. To keep the service fair and safe, please try again in about ${wait}.</p>
    <p>If you already sent a question, your answer will come by e-mail. If you need to add something, use the link in that e-mail.</p>
    <p class="urgent urgent--compact">If this is urgent, contact your kidney unit. In an emergency call ${site.emergencyNumber}.</p>`;
  return renderPage({ site, path: '/ask', title: 'Please wait', body, noindex: true });
}
