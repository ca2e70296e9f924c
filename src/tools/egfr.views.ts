import { errorSummary } from '../web/form-parts.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { CREATININE_UNITS, MAX_AGE, MIN_AGE, unitLabel, type CreatinineUnit, type CreatinineInBothUnits, type EgfrResult } from './egfr.ts';
import type { ConvertFormValues, EgfrFormValues, ValidConvertInput, ValidEgfrInput } from './egfr-input.ts';
import { ONE_RESULT_NOTE, STAGES } from './egfr-stages.ts';

export const EGFR_PATH = '/tools/egfr';

/** An article to suggest with a result. */
export interface ArticleLinkView {
  readonly slug: string;
  readonly title: string;
}

/** A calculated result with what the page says around it. */
export interface EgfrResultView {
  readonly input: ValidEgfrInput;
  readonly result: EgfrResult;
  readonly articles: readonly ArticleLinkView[];
}

export interface EgfrPageModel {
  readonly values: EgfrFormValues;
  readonly convertValues: ConvertFormValues;
  /** Problems in either form, by field name (creatinine, unit, age, sex, convert, from). */
  readonly problems: readonly FieldProblem[];
  readonly result?: EgfrResultView | undefined;
  readonly conversion?: { readonly input: ValidConvertInput; readonly both: CreatinineInBothUnits } | undefined;
}

const UNITS_TEXT = 'mL/min/1.73 m²';

/** "1.00 mg/dL (88 µmol/L)": a creatinine in both units. */
export function bothUnitsText(both: CreatinineInBothUnits): string {
  return `${both.mgPerDl.toFixed(2)} mg/dL = ${both.umolPerL} µmol/L`;
}

/** One sentence for screen readers when the result changes. */
export function resultSummary(view: EgfrResultView): string {
  const info = STAGES[view.result.stage];
  return `Your estimated GFR is ${view.result.egfr} ${UNITS_TEXT}: stage ${info.stage}, ${info.label}.`;
}

/** The result panel: eGFR, stage, what it means and what to read next. Also sent by /api/egfr. */
export function renderEgfrResult(view: EgfrResultView): SafeHtml {
  const { result, input } = view;
  const info = STAGES[result.stage];
  return html`<section class="egfr-result-card" aria-labelledby="egfr-result-title">
    <h2 id="egfr-result-title">Your result</h2>
    <p class="egfr-value"><span class="egfr-number">eGFR ${result.egfr}</span> ${UNITS_TEXT}</p>
    <p class="egfr-stage">Stage <strong>${info.stage}</strong>: ${info.label} (eGFR ${info.range}).</p>
    <p class="egfr-inputs">Worked out from creatinine ${bothUnitsText(result.creatinine)}, age ${input.age}, ${input.sex}.</p>
    ${info.explanation.map((p) => html`<p>${p}</p>`)}
    <p><strong>${ONE_RESULT_NOTE}</strong></p>
    ${view.articles.length > 0 ? html`<h3>Read more</h3>
    <ul class="egfr-articles">${view.articles.map((a) => html`<li><a href="/articles/${a.slug}">${a.title}</a></li>`)}</ul>` : ''}
  </section>`;
}

/** The calculator page: the form (with any problems beside the fields), the result, the unit converter. */
export function renderEgfrPage(site: SiteInfo, model: EgfrPageModel): string {
  const { values, convertValues, problems } = model;
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const error = (field: string) => html`<p id="${field}-error" class="field-error"${problem(field) ? '' : html` hidden`}><span class="visually-hidden">Error:</span> <span data-message>${problem(field) ?? ''}</span></p>`;
  const described = (field: string, hint: boolean) => {
    // The error's id is added only while there is one: a described-by target is read even when hidden.
    const ids = [hint ? `${field}-hint` : '', problem(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${problem(field) ? html` aria-invalid="true"` : ''}`;
  };
  const fieldClass = (field: string) => `field${problem(field) ? ' field--error' : ''}`;
  const unitOptions = (selected: string | undefined) => html`<option value="">Choose a unit</option>
    ${CREATININE_UNITS.map((u) => html`<option value="${u.value}"${u.value === selected ? ' selected' : ''}>${u.label}</option>`)}`;

  const body = html`<h1>Understand your creatinine: eGFR calculator</h1>
    <p class="lead">Turn a creatinine blood test result into an estimate of how well your kidneys filter (eGFR), and see what the number usually means.</p>
    <p class="sample-notice"><strong>Sample content — not medical advice.</strong>
      This calculator is example content that shows how the site works. It gives an estimate, not a diagnosis. Always follow the advice of your own kidney team.</p>
    <aside class="urgent urgent--compact" aria-labelledby="egfr-urgent-title">
      <h2 id="egfr-urgent-title">When to get urgent help</h2>
      <p>Call <strong>${site.emergencyNumber}</strong> now if you have chest pain, severe breathlessness or you collapse.
        Contact your doctor or kidney team the same day if you are passing much less urine than usual or none, your legs or face are swelling quickly,
        you feel very drowsy or confused, or a new result is much worse than your last one. Do not wait for a calculator.</p>
    </aside>
    ${errorSummary(problems, (field) => field === 'sex' ? 'sex-female' : field)}
    <div class="egfr-layout">
    <form class="egfr-form" action="${EGFR_PATH}" method="get" novalidate aria-labelledby="egfr-form-title" data-egfr-form>
      <h2 id="egfr-form-title">Work out your eGFR</h2>
      <div class="${fieldClass('creatinine')}">
        <label for="creatinine">Creatinine result</label>
        <p id="creatinine-hint" class="hint">The number on your blood test report, for example 1.2 (mg/dL) or 106 (µmol/L).</p>
        ${error('creatinine')}
        <input id="creatinine" name="creatinine" type="text" inputmode="decimal" autocomplete="off" maxlength="12" value="${values.creatinine ?? ''}"${described('creatinine', true)}>
      </div>
      <div class="${fieldClass('unit')}">
        <label for="unit">Unit of your result</label>
        ${error('unit')}
        <select id="unit" name="unit"${described('unit', false)}>${unitOptions(values.unit)}</select>
      </div>
      <div class="${fieldClass('age')}">
        <label for="age">Age in years</label>
        <p id="age-hint" class="hint">For adults aged ${MIN_AGE} to ${MAX_AGE}.</p>
        ${error('age')}
        <input id="age" name="age" type="text" inputmode="numeric" autocomplete="off" maxlength="12" value="${values.age ?? ''}"${described('age', true)}>
      </div>
      <fieldset class="field-group ${fieldClass('sex')}" aria-describedby="sex-hint${problem('sex') ? ' sex-error' : ''}">
        <legend>Sex</legend>
        <p id="sex-hint" class="hint">The equation uses sex recorded at birth, because on average it changes how much creatinine the body makes. If you are not sure which to choose, ask your kidney team.</p>
        ${error('sex')}
        ${(['female', 'male'] as const).map((s) => html`<div class="radio">
          <input id="sex-${s}" name="sex" type="radio" value="${s}"${values.sex === s ? ' checked' : ''}${problem('sex') ? html` aria-invalid="true"` : ''}>
          <label for="sex-${s}">${s === 'female' ? 'Female' : 'Male'}</label>
        </div>`)}
      </fieldset>
      <button class="button" type="submit">Work out my eGFR</button>
    </form>
    <div id="egfr-result" class="egfr-result" data-egfr-result>${model.result ? renderEgfrResult(model.result) : ''}</div>
    </div>
    <p id="egfr-status" class="visually-hidden" role="status" aria-live="polite">${model.result ? resultSummary(model.result) : ''}</p>

    <section class="egfr-convert" aria-labelledby="convert-title">
      <h2 id="convert-title">Convert a creatinine result between units</h2>
      <p>Laboratories report creatinine in mg/dL (for example in the United States) or in µmol/L (for example in the UK and Europe). 1 mg/dL is 88.4 µmol/L.</p>
      <form class="convert-form" action="${EGFR_PATH}" method="get" novalidate data-convert-form>
        ${model.result ? (['creatinine', 'unit', 'age', 'sex'] as const).map((name) => html`<input type="hidden" name="${name}" value="${values[name] ?? ''}" data-carry="${name}">`) : ''}
        <div class="convert-row">
          <div class="${fieldClass('convert')}">
            <label for="convert">Creatinine to convert</label>
            ${error('convert')}
            <input id="convert" name="convert" type="text" inputmode="decimal" autocomplete="off" maxlength="12" value="${convertValues.convert ?? ''}"${described('convert', false)}>
          </div>
          <div class="${fieldClass('from')}">
            <label for="from">From</label>
            ${error('from')}
            <select id="from" name="from"${described('from', false)}>${unitOptions(convertValues.from)}</select>
          </div>
          <button class="button button--secondary" type="submit">Convert</button>
        </div>
      </form>
      ${model.conversion ? html`<p class="convert-result" id="convert-result"><strong>${conversionText(model.conversion.input.value, model.conversion.input.from, model.conversion.both)}</strong></p>` : ''}
    </section>

    <section aria-labelledby="about-title">
      <h2 id="about-title">About this calculator</h2>
      <ul>
        <li>It uses the CKD-EPI 2021 creatinine equation, which does not use race. It is meant for adults aged ${MIN_AGE} or over.</li>
        <li>eGFR is an estimate, and this page is not a diagnosis. Your kidney team looks at your results over time, a urine test and your health as a whole.</li>
        <li>It is less reliable if your creatinine is changing quickly (for example during an illness or acute kidney injury), if you are pregnant, have very high or very low muscle mass, an amputation, eat a vegetarian diet or take creatine supplements.</li>
        <li>The result is rounded to a whole number, as laboratories report it, and the stage is read from the rounded number.</li>
      </ul>
      <p>Read more about <a href="/resources/creatinine">creatinine and kidney function tests</a>, or <a href="/ask">ask one of our kidney experts</a> about your results.</p>
    </section>`;

  return renderPage({
    site,
    path: EGFR_PATH,
    title: problems.length > 0 ? 'Error: eGFR calculator' : 'eGFR calculator: understand your creatinine',
    description: 'Work out your eGFR from a creatinine result with the CKD-EPI 2021 equation, see your CKD stage in plain language, and convert creatinine between mg/dL and µmol/L.',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Creatinine', href: '/resources/creatinine' }, { label: 'eGFR calculator' }],
    // A result page is one person's numbers: useful to share, not to index.
    noindex: model.result !== undefined || model.conversion !== undefined || problems.length > 0,
    scripts: ['egfr.js'],
    body,
  });
}

/** "106 µmol/L is 1.20 mg/dL." */
export function conversionText(value: number, from: CreatinineUnit, both: CreatinineInBothUnits): string {
  return from === 'mg/dL'
    ? `${value} mg/dL is ${both.umolPerL} µmol/L.`
    : `${value} ${unitLabel(from)} is ${both.mgPerDl.toFixed(2)} mg/dL.`;
}
