import { html, type SafeHtml } from './html.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { HONEYPOT_FIELD, STAMP_FIELD } from '../platform/form-guard.ts';

// Pieces every server-rendered form shares: the error summary at the top and, on the public
// forms, the anti-spam fields (the signed fill-time stamp and the honeypot).

/**
 * The error summary at the top of a form: each problem links to its field. `anchorOf` names the
 * element to jump to when it is not the field's own id (a radio group's first input, say).
 */
export function errorSummary(problems: readonly FieldProblem[], anchorOf: (field: string) => string = (field) => field): SafeHtml | '' {
  if (problems.length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">Please check ${problems.length === 1 ? 'one thing' : `${problems.length} things`}</h2>
    <ul>${problems.map((p) => html`<li><a href="#${anchorOf(p.field)}">${p.message}</a></li>`)}</ul>
  </div>`;
}

/** The fill-time stamp and the honeypot field a public form carries (platform/form-guard.ts checks them). */
export function antiSpamFields(stamp: string): SafeHtml {
  return html`<input type="hidden" name="${STAMP_FIELD}" value="${stamp}">
      <div class="honeypot" aria-hidden="true">
        <label for="${HONEYPOT_FIELD}">Leave this empty</label>
        <input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off">
      </div>`;
}
