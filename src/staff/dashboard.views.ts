import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import type { StaffSession } from './staff-session.ts';
import { errorSummary, formatTime, renderStaffPage } from './staff-layout.ts';
import type { ExpertSummary, PromiseCase, PromiseSummary, WeekSummary } from './promise-stats.ts';

// The promise dashboard: the filter, the figures overall, a chart of the weekly share answered
// within the target (with the same numbers in a table), the breaches and the experts' first answers.

export interface DashboardFilterValues {
  readonly from: string;
  readonly to: string;
}

export interface DashboardView {
  readonly filters: DashboardFilterValues;
  readonly problems: readonly FieldProblem[];
  readonly targetHours: number;
  /** Absent when the filters are not valid. */
  readonly result?: {
    readonly overall: PromiseSummary;
    readonly weeks: readonly WeekSummary[];
    readonly breaches: readonly PromiseCase[];
    readonly experts: readonly ExpertSummary[];
    readonly staffNames: ReadonlyMap<string, string>;
  } | undefined;
}

/** "66.7 %" (one decimal, none when whole); "—" when there is nothing to divide. */
export function formatShare(share: number | undefined): string {
  if (share === undefined) return '—';
  const percent = Math.round(share * 1000) / 10;
  return `${Number.isInteger(percent) ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/** Working time in hours with one decimal, "12.5 h"; "—" when there is none. */
export function formatHours(seconds: number | undefined): string {
  return seconds === undefined ? '—' : `${(Math.round(seconds / 360) / 10).toFixed(1)} h`;
}

/** The dashboard page (status 422 with the problems beside the fields when the filters are wrong). */
export function renderDashboardPage(site: SiteInfo, session: StaffSession, view: DashboardView): string {
  const r = view.result;
  const query = new URLSearchParams({ from: view.filters.from, to: view.filters.to }).toString();
  const body = html`<h1>Answer promise</h1>
  <p class="lead">How often patients got their first expert answer within ${view.targetHours} hours of asking, week by week (ISO weeks, Monday to Sunday, UTC).</p>
  ${errorSummary(view.problems)}
  ${filterForm(view)}
  ${r ? html`<p><a href="/staff/dashboard.csv?${query}" download>Download these consultations as CSV</a> (one row per consultation; references, times, experts and conditions, no patient names or words).</p>
  <h2>Overall</h2>
  ${overallList(r.overall)}
  <h2>Week by week</h2>
  ${weeklyChart(r.weeks, view.targetHours)}
  ${weeklyTable(r.weeks)}
  <h2 id="breaches">Breaches (${r.overall.breaches})</h2>
  ${r.breaches.length === 0 ? html`<p>No deadline was missed by consultations received in this period.</p>` : html`<ul class="breach-list">
    ${r.breaches.map((c) => html`<li><a href="/staff/consultations/${c.id}">${c.reference}</a>, received ${formatTime(c.receivedAt)}${c.firstAnsweredAt ? html`, first answered ${formatTime(c.firstAnsweredAt)}` : ', not answered yet'}</li>`)}
  </ul>`}
  <h2>First answers by expert</h2>
  ${expertTable(r.experts, r.staffNames)}
  <h2>How these figures are worked out</h2>
  <ul>
    <li>A consultation counts in the week it was received.</li>
    <li>Time to first answer is working time: from receipt to the first expert answer, less the time the clock was paused while waiting for the patient.</li>
    <li>Within target: first answered within ${view.targetHours} hours of working time. The percentage is of consultations that are decided: answered, or still unanswered past their deadline (those count as not within target). Consultations not yet due, and those closed before their deadline without an answer, are left out of it.</li>
    <li>Median and 90th percentile cover answered consultations only: still-unanswered ones are left out. They use the nearest-rank method (the value at rank ⌈p × n⌉ of the sorted times), so the median of an even number of times is the lower middle one.</li>
    <li>Breaches: consultations for which the deadline check recorded a missed deadline (the first answer or, after a follow-up, a later one).</li>
  </ul>` : ''}`;
  return renderStaffPage(site, { title: 'Answer promise', path: '/staff/dashboard', body, session, hasErrors: view.problems.length > 0 });
}

function filterForm(view: DashboardView): SafeHtml {
  const field = (name: 'from' | 'to', label: string, hint: string) => {
    const problem = view.problems.find((p) => p.field === name)?.message;
    const describedBy = `${name}-hint${problem ? ` ${name}-error` : ''}`;
    return html`<div class="field${problem ? ' field--error' : ''}">
      <label for="${name}">${label}</label>
      <p id="${name}-hint" class="hint">${hint}</p>
      ${problem ? html`<p id="${name}-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : ''}
      <input id="${name}" name="${name}" type="date" value="${view.filters[name]}" maxlength="10" aria-describedby="${describedBy}"${problem ? html` aria-invalid="true"` : ''}>
    </div>`;
  };
  return html`<form class="dashboard-filters" method="get" action="/staff/dashboard">
    <fieldset class="field-group">
      <legend>Consultations received</legend>
      ${field('from', 'From (date, UTC)', 'For example 2026-09-01. Leave empty for the last 12 weeks.')}
      ${field('to', 'Until (date, UTC, inclusive)', 'For example 2026-11-30. Leave empty for today.')}
      <button class="button" type="submit">Show</button>
      <a href="/staff/dashboard">Last 12 weeks</a>
    </fieldset>
  </form>`;
}

function overallList(s: PromiseSummary): SafeHtml {
  return html`<dl class="case-summary promise-overall">
    <dt>Received</dt><dd>${s.received}</dd>
    <dt>First answered within target</dt><dd>${s.within} of ${s.decided} decided (${formatShare(s.withinShare)})</dd>
    <dt>Median time to first answer</dt><dd>${formatHours(s.medianSeconds)}</dd>
    <dt>90th percentile</dt><dd>${formatHours(s.p90Seconds)}</dd>
    <dt>Breaches</dt><dd>${s.breaches}</dd>
    <dt>Awaiting a first answer</dt><dd>${s.awaiting}</dd>
  </dl>`;
}

function weeklyTable(weeks: readonly WeekSummary[]): SafeHtml {
  return html`<table class="staff-table promise-weeks">
    <caption>Week by week</caption>
    <thead><tr><th scope="col">Week</th><th scope="col">Received</th><th scope="col">Within target</th><th scope="col">% within target</th><th scope="col">Median</th><th scope="col">90th percentile</th><th scope="col">Breaches</th><th scope="col">Awaiting first answer</th></tr></thead>
    <tbody>
      ${weeks.map(({ week, summary: s }) => html`<tr>
        <th scope="row">${week.key} <span class="meta">(from ${week.monday.toISOString().slice(0, 10)})</span></th>
        <td>${s.received}</td><td>${s.within} of ${s.decided}</td><td>${formatShare(s.withinShare)}</td>
        <td>${formatHours(s.medianSeconds)}</td><td>${formatHours(s.p90Seconds)}</td><td>${s.breaches}</td><td>${s.awaiting}</td>
      </tr>`)}
    </tbody>
  </table>`;
}

function expertTable(experts: readonly ExpertSummary[], names: ReadonlyMap<string, string>): SafeHtml {
  if (experts.length === 0) return html`<p>No first answers yet for consultations received in this period.</p>`;
  return html`<table class="staff-table promise-experts">
    <caption class="visually-hidden">First answers by expert</caption>
    <thead><tr><th scope="col">Expert</th><th scope="col">First answers</th><th scope="col">% within target</th><th scope="col">Median time to first answer</th></tr></thead>
    <tbody>
      ${experts.map((e) => html`<tr>
        <th scope="row">${names.get(e.staffId) ?? 'Former staff member'}</th>
        <td>${e.firstAnswers}</td><td>${formatShare(e.withinShare)}</td><td>${formatHours(e.medianSeconds)}</td>
      </tr>`)}
    </tbody>
  </table>`;
}

const CHART = { width: 720, height: 240, left: 48, right: 8, top: 16, bottom: 36 } as const;

/** A bar per week of the share within target; server-drawn SVG, described for screen readers. */
function weeklyChart(weeks: readonly WeekSummary[], targetHours: number): SafeHtml {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = plotWidth / Math.max(weeks.length, 1);
  const barWidth = Math.max(2, slot * 0.7);
  const labelEvery = Math.ceil(weeks.length / 12);
  const y = (share: number) => CHART.top + plotHeight * (1 - share);
  const description = weeks.map(({ week, summary }) => `${week.key}: ${summary.withinShare === undefined ? 'nothing decided' : formatShare(summary.withinShare)}`).join('; ');
  return html`<figure class="promise-chart">
    <svg role="img" aria-labelledby="promise-chart-title promise-chart-desc" viewBox="0 0 ${CHART.width} ${CHART.height}" width="100%" preserveAspectRatio="xMinYMin meet" font-size="12" fill="#1b2a30">
      <title id="promise-chart-title">Share of consultations first answered within ${targetHours} hours, by week received</title>
      <desc id="promise-chart-desc">${description || 'No weeks in this period.'}</desc>
      ${[0, 0.25, 0.5, 0.75, 1].map((g) => html`<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${y(g)}" y2="${y(g)}" stroke="#c9d4d8" stroke-width="1"></line>
      <text x="${CHART.left - 6}" y="${y(g) + 4}" text-anchor="end">${g * 100} %</text>`)}
      ${weeks.map(({ week, summary }, i) => {
        const x = CHART.left + i * slot + (slot - barWidth) / 2;
        const share = summary.withinShare;
        return html`<g class="promise-chart-week">
          ${share === undefined ? '' : html`<rect x="${x.toFixed(1)}" y="${y(share).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(plotHeight * share).toFixed(1)}" fill="#0b5c6b"></rect>`}
          ${i % labelEvery === 0 ? html`<text x="${(x + barWidth / 2).toFixed(1)}" y="${CHART.height - CHART.bottom + 16}" text-anchor="middle">${week.key.slice(5)}</text>` : ''}
        </g>`;
      })}
    </svg>
    <figcaption>Bars show the share within target for each week; a week without a bar had nothing decided yet. The table below has the same numbers.</figcaption>
  </figure>`;
}
