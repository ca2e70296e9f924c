import { html, type SafeHtml } from '../web/html.ts';
import type { FieldProblem } from '../platform/errors.ts';
import type { EditorialState } from '../articles/index.ts';

// Pieces the editorial pages share: field wrappers with their errors, and the workflow words.

export const STATE_LABELS: Record<EditorialState, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
  unpublished: 'Unpublished',
  changes_draft: 'Published · changes in draft',
  changes_in_review: 'Published · changes in review',
};

/** A labelled control with its hint and error; `control` gets the attributes that wire them together. */
export function field(
  name: string, label: string, problems: readonly FieldProblem[], control: (attrs: SafeHtml) => SafeHtml, hint?: string,
): SafeHtml {
  const problem = problems.find((p) => p.field === name)?.message;
  const describedBy = [hint ? `${name}-hint` : '', problem ? `${name}-error` : ''].filter(Boolean).join(' ');
  const attrs = html`id="${name}" name="${name}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${problem ? html` aria-invalid="true"` : ''}`;
  return html`<div class="field${problem ? ' field--error' : ''}">
    <label for="${name}">${label}</label>
    ${hint ? html`<p id="${name}-hint" class="hint">${hint}</p>` : ''}
    ${problem ? html`<p id="${name}-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : ''}
    ${control(attrs)}
  </div>`;
}

/** Text for a textarea: NUL cannot be shown or stored, so it is replaced visibly. */
export function textareaText(value: string): string {
  return value.replace(/\u0000/g, '\uFFFD');
}

/** YYYY-MM-DD as "3 Mar 2026". */
export function formatDay(isoDate: string | null): string {
  if (!isoDate) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${isoDate}T00:00:00Z`));
}
