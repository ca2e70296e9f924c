import { html, type SafeHtml } from '../web/html.ts';
import { clockState, describeClock, type ConsultationStatus, type TriageLevel } from '../consultations/index.ts';

// Words and badges the queue and the consultation view share. Urgency and lateness are always
// said in words (and marked with a class for the stylesheet), never by colour alone.

export const TRIAGE_LABELS: Record<TriageLevel, string> = { emergency: 'Emergency', 'same-day': 'Same day', routine: 'Routine' };

export const STATUS_LABELS: Record<ConsultationStatus, string> = {
  received: 'Received', in_progress: 'In progress', answered: 'Answered', closed: 'Closed',
};

/** The triage flag as a badge. */
export function triageBadge(level: TriageLevel): SafeHtml {
  return html`<span class="badge badge--${level}">${level === 'routine' ? '' : html`<span aria-hidden="true">⚑ </span>`}${TRIAGE_LABELS[level]}</span>`;
}

/** The status as people say it: a paused open consultation is "Waiting for patient". */
export function statusText(c: { status: ConsultationStatus; clock_paused_at: string | null }): string {
  const open = c.status === 'received' || c.status === 'in_progress';
  return open && c.clock_paused_at !== null ? 'Waiting for patient' : STATUS_LABELS[c.status];
}

/** Time left, overdue (highlighted) or paused, for an open consultation; a dash once answered or closed. */
export function clockCell(c: { status: ConsultationStatus; due_at: string; clock_paused_at: string | null }, now: Date): SafeHtml {
  if (c.status !== 'received' && c.status !== 'in_progress') return html`<span class="clock">—</span>`;
  const state = clockState({ dueAt: c.due_at, clockPausedAt: c.clock_paused_at }, now);
  const text = describeClock(state);
  if (state.kind === 'overdue') return html`<strong class="clock clock--overdue"><span aria-hidden="true">⚠ </span>${text}</strong>`;
  return html`<span class="clock clock--${state.kind}">${text}</span>`;
}
