import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { ANSWER_MAX_CHARS, TEMPLATE_TITLE_MAX, type ReplyTemplateRow, type TemplateInput } from '../consultations/index.ts';
import type { StaffSession } from './staff-session.ts';
import { csrfField, errorSummary, formatTime, renderStaffPage } from './staff-layout.ts';

// Reply templates: the list, each with its own edit and delete forms, and a form for a new one.

export interface TemplatesPageView {
  readonly templates: readonly ReplyTemplateRow[];
  /** The new-template form's values. */
  readonly draft: TemplateInput;
  /** Which form the problems belong to: 'new' or a template id. */
  readonly problemsFor?: string | undefined;
  readonly problems: readonly FieldProblem[];
  /** The values typed into an edit form that was refused (shown instead of the stored ones). */
  readonly editValues?: TemplateInput | undefined;
  readonly notice?: string | undefined;
}

/** The reply templates page. */
export function renderTemplatesPage(site: SiteInfo, session: StaffSession, view: TemplatesPageView): string {
  const problemsOf = (form: string) => (view.problemsFor === form ? view.problems : []);
  const body = html`<h1>Reply templates</h1>
  <p>Starting points for answers, shared by every expert. Write them in Markdown; the urgent-help footer is added to every answer automatically, so templates need not repeat it.</p>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  ${errorSummary(view.problems.map((p) => ({ field: view.problemsFor === 'new' ? p.field : `${p.field}-${view.problemsFor}`, message: p.message })))}
  <h2>Templates</h2>
  ${view.templates.length === 0 ? html`<p>There are no templates yet.</p>` : html`<ul class="template-list">
    ${view.templates.map((tpl) => {
      const refused = view.problemsFor === tpl.id;
      const values = refused && view.editValues ? view.editValues : { title: tpl.title, body: tpl.body };
      return html`<li>
        <details${refused ? html` open` : ''}>
          <summary><bdi>${tpl.title}</bdi> <span class="meta">(updated ${formatTime(tpl.updated_at)})</span></summary>
          <form method="post" action="/staff/templates/${tpl.id}" novalidate>
            ${csrfField(session.csrf)}
            ${templateFields(`-${tpl.id}`, values, problemsOf(tpl.id))}
            <button class="button" type="submit">Save changes</button>
          </form>
          <form method="post" action="/staff/templates/${tpl.id}/delete">
            ${csrfField(session.csrf)}
            <button class="button button--danger" type="submit">Delete this template</button>
          </form>
        </details>
      </li>`;
    })}
  </ul>`}
  <h2 id="new-template">New template</h2>
  <form method="post" action="/staff/templates" novalidate aria-labelledby="new-template">
    ${csrfField(session.csrf)}
    ${templateFields('', view.draft, problemsOf('new'))}
    <button class="button" type="submit">Add template</button>
  </form>`;
  return renderStaffPage(site, { title: 'Reply templates', path: '/staff/templates', body, session, hasErrors: view.problems.length > 0 });
}

/** The title and body fields; `suffix` keeps ids unique when several forms are on the page. */
function templateFields(suffix: string, values: TemplateInput, problems: readonly FieldProblem[]): SafeHtml {
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const field = (name: 'title' | 'body', label: string, control: (attrs: SafeHtml) => SafeHtml) => {
    const id = `${name}${suffix}`;
    const message = problem(name);
    const attrs = html`id="${id}" name="${name}" required${message ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}`;
    return html`<div class="field${message ? ' field--error' : ''}">
      <label for="${id}">${label}</label>
      ${message ? html`<p id="${id}-error" class="field-error"><span class="visually-hidden">Error:</span> ${message}</p>` : ''}
      ${control(attrs)}
    </div>`;
  };
  return html`${field('title', 'Title', (attrs) => html`<input ${attrs} type="text" maxlength="${TEMPLATE_TITLE_MAX}" value="${values.title}">`)}
    ${field('body', 'Text (Markdown)', (attrs) => html`<textarea ${attrs} rows="10" maxlength="${ANSWER_MAX_CHARS}" dir="auto">${values.body.replace(/\u0000/g, '\uFFFD')}</textarea>`)}`;
}
