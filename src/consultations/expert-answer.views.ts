import { renderArticleBody } from '../articles/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';

// How an expert's answer looks wherever it is shown (the patient's case page, the console, the
// preview): the expert's Markdown, rendered with raw HTML off and unsafe links left as text, and
// then the clinic's footer. The footer is added when the answer is shown, never stored with it,
// so every answer carries the current wording and the stored body is the expert's words only.

/** The clinic's footer under every answer. Plain English; the emergency number comes from config. */
export const ANSWER_FOOTER = {
  title: 'When to get urgent help',
  emergencyLead: (numbers: string) => `Call ${numbers}, or go to the nearest A&E (emergency department), straight away if you have:`,
  emergency: [
    'chest pain or tightness',
    'severe breathlessness, or breathlessness that is quickly getting worse',
    'collapse, fainting, a fit, or new confusion or drowsiness',
    'a bleeding fistula or graft that does not stop after 10 minutes of firm pressure',
    'signs of a stroke: a drooping face, a weak arm or slurred speech',
  ],
  sameDayLead: 'Contact your dialysis unit, PD unit, transplant team or kidney clinic the same day (out of hours, the renal on-call service or your local urgent care line) if you have:',
  sameDay: [
    'a fever, shivers or feel very unwell, especially if you have a dialysis line, a fistula or a transplant',
    'cloudy PD fluid or tummy pain while on peritoneal dialysis',
    'a fistula that has stopped buzzing, or is red, hot, swollen or painful',
    'much less urine than usual, or none, after a kidney transplant',
    'sudden swelling, or a weight gain of more than 2 kg in 2 days',
    'vomiting or diarrhoea that stops you keeping your medicines down',
  ],
  disclaimer: 'This answer does not replace care from your own kidney team. It is general advice based on what you told us. Please check any change to your treatment or medicines with them first.',
} as const;

/** "999 (or 112, or your local emergency number)", without saying one number twice. */
export function emergencyNumbers(configured: string): string {
  return configured === '112' ? '112 (or your local emergency number)' : `${configured} (or 112, or your local emergency number)`;
}

/** The footer under every answer: when to get urgent help, and that this does not replace the patient's own team. */
export function renderAnswerFooter(site: SiteInfo): SafeHtml {
  const f = ANSWER_FOOTER;
  return html`<aside class="answer-footer" aria-label="${f.title}">
    <h3>${f.title}</h3>
    <p><strong>${f.emergencyLead(emergencyNumbers(site.emergencyNumber))}</strong></p>
    <ul>${f.emergency.map((item) => html`<li>${item}</li>`)}</ul>
    <p>${f.sameDayLead}</p>
    <ul>${f.sameDay.map((item) => html`<li>${item}</li>`)}</ul>
    <p class="answer-disclaimer">${f.disclaimer}</p>
  </aside>`;
}

/**
 * An expert's answer as the patient sees it: the Markdown body (raw HTML off, dangerous links
 * neutralised) in a bidi-isolated block, then the footer. `usedIds` collects heading ids across
 * the answers on one page so two answers never share an id.
 */
export function renderExpertAnswer(markdown: string, site: SiteInfo, usedIds: Set<string> = new Set()): SafeHtml {
  const rendered = renderArticleBody(markdown, { reservedIds: usedIds });
  for (const heading of rendered.headings) usedIds.add(heading.id);
  return html`<div class="answer-body" dir="auto">${rendered.html}</div>${renderAnswerFooter(site)}`;
}
