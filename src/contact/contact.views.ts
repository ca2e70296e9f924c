import { errorSummary, antiSpamFields } from '../web/form-parts.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { renderUrgentNotice } from '../consultations/index.ts';
import { CONTACT_LIMITS, type ContactFormInput } from './contact-form.ts';
import type { ContactTriageLevel } from './contact.table.ts';

export interface ContactFormView {
  readonly values: ContactFormInput;
  readonly problems: readonly FieldProblem[];
  readonly stamp: string;
}

/** The contact form, each problem beside its field and a summary at the top linking to them. */
export function renderContactPage(site: SiteInfo, view: ContactFormView): string {
  const { values, problems } = view;
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const described = (field: string, hint: boolean) => {
    const ids = [hint ? `${field}-hint` : '', problem(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${problem(field) ? html` aria-invalid="true"` : ''}`;
  };
  const error = (field: string) => (problem(field) ? html`<p id="${field}-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem(field)}</p>` : '');
  const block = (field: string) => html`class="field${problem(field) ? ' field--error' : ''}"`;

  const body = html`<div class="layout-2col">
  <div>
    <h1>Contact us</h1>
    <p class="lead">Leave us a message about the clinic or this website and we will reply by e-mail.</p>
    <aside class="urgent urgent--compact" aria-labelledby="contact-urgent-title">
      <h2 id="contact-urgent-title">Not for emergencies</h2>
      <p>If you have chest pain, severe breathlessness, bleeding from your fistula or line that will not stop, or someone has collapsed, call <strong>${site.emergencyNumber}</strong> now.</p>
    </aside>
    <p>For a question about your own kidney health, <a href="/ask">ask an expert</a> instead: your answer stays private on your own case page.</p>
    ${errorSummary(problems)}
    <form class="contact-form" action="/contact" method="post" novalidate>
      ${antiSpamFields(view.stamp)}
      <div ${block('name')}>
        <label for="name">Your name</label>
        ${error('name')}
        <input id="name" name="name" type="text" autocomplete="name" maxlength="${CONTACT_LIMITS.name}" required value="${values.name}"${described('name', false)}>
      </div>
      <div ${block('email')}>
        <label for="email">E-mail address</label>
        <p id="email-hint" class="hint">We reply to you here.</p>
        ${error('email')}
        <input id="email" name="email" type="email" autocomplete="email" maxlength="${CONTACT_LIMITS.email}" required value="${values.email}"${described('email', true)}>
      </div>
      <div ${block('subject')}>
        <label for="subject">Subject</label>
        ${error('subject')}
        <input id="subject" name="subject" type="text" maxlength="${CONTACT_LIMITS.subject}" required value="${values.subject}"${described('subject', false)}>
      </div>
      <div ${block('message')}>
        <label for="message">Your message</label>
        <p id="message-hint" class="hint">${CONTACT_LIMITS.messageMin} to ${CONTACT_LIMITS.messageMax.toLocaleString('en')} characters. Please do not include medical details: e-mail is not private.</p>
        ${error('message')}
        <textarea id="message" name="message" rows="8" maxlength="${CONTACT_LIMITS.messageMax}" required${described('message', true)}>${values.message}</textarea>
      </div>
      <button class="button" type="submit">Send my message</button>
    </form>
  </div>
  <aside class="privacy-notice" aria-labelledby="contact-privacy-title">
    <h2 id="contact-privacy-title">Your privacy</h2>
    <ul>
      <li>Only the clinic's staff read your message. We use your e-mail address only to reply.</li>
      <li>We send you an e-mail to say we have your message. It does not repeat what you wrote.</li>
      <li>The <a href="/privacy">privacy notice</a> explains how we handle your information.</li>
    </ul>
  </aside>
</div>`;
  return renderPage({
    site, path: '/contact', title: problems.length > 0 ? 'Error: Contact us' : 'Contact us', body, noindex: false,
    description: 'Leave the clinic a message and get a reply by e-mail.',
  });
}

/** The thank-you page; the urgent-help notice leads when the message read like an emergency. */
export function renderContactSentPage(site: SiteInfo, sent: { level: ContactTriageLevel; reference: string } | undefined): string {
  const body = html`${sent ? renderUrgentNotice(site, sent.level) : ''}
    <h1>Thank you for your message</h1>
    ${sent ? html`<p class="reference">Your reference: <strong>${sent.reference}</strong></p>` : ''}
    <ul>
      <li>We have sent you an e-mail to confirm we have your message. Check your spam folder if it does not arrive.</li>
      <li>We will reply by e-mail as soon as we can.</li>
    </ul>
    <p>For a question about your own kidney health, <a href="/ask">ask an expert</a>.</p>
    <p><a href="/">Back to the home page</a></p>`;
  return renderPage({ site, path: '/contact/sent', title: 'Message sent', body, noindex: true });
}

/** When too many messages came from one connection: plain words and when to try again. */
export function renderContactTooManyPage(site: SiteInfo, retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = minutes < 90 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.ceil(minutes / 60)} hours`;
  const body: SafeHtml = html`<h1>Please wait before sending another message</h1>
    <p>We have received several messages from your connection recently. To keep the service fair and safe, please try again in about ${wait}.</p>
    <p>If you already sent a message, we will reply by e-mail.</p>
    <p class="urgent urgent--compact">If this is urgent, contact your kidney unit. In an emergency call ${site.emergencyNumber}.</p>`;
  return renderPage({ site, path: '/contact', title: 'Please wait', body, noindex: true });
}
