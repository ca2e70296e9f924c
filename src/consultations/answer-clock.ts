// The answer clock as pure arithmetic (no I/O, no clock of its own), shared by the patient's
// follow-up and the staff console. See the migration 20261123T090000_expert_console.ts:
// pausing sets clock_paused_at; resuming moves due_at on by the paused time and, until the first
// answer, adds it to paused_seconds; reminder_sent_at belongs to the current due_at.

/** The clock columns of a consultation, as stored. */
export interface AnswerClock {
  readonly dueAt: string;
  readonly clockPausedAt: string | null;
  readonly pausedSeconds: number;
  readonly firstAnsweredAt: string | null;
  readonly reminderSentAt: string | null;
}

/** The columns a resume writes. */
export interface ResumedClock {
  readonly dueAt: string;
  readonly clockPausedAt: null;
  readonly pausedSeconds: number;
  readonly reminderSentAt: string | null;
  /** How long the clock stood still, in whole seconds. */
  readonly pausedFor: number;
}

/** A reminder already sent stays sent unless the moved deadline is further away than this (24 h target − 20 h reminder). */
export const REMINDER_RESET_MS = 4 * 3_600_000;

/** How long before the deadline the reminder goes out, for the configured target and reminder point. */
export function reminderLeadMs(config: { readonly answerTargetHours: number; readonly reminderAfterHours: number }): number {
  return (config.answerTargetHours - config.reminderAfterHours) * 3_600_000;
}

/**
 * Restarts a paused clock at `now`: due_at moves on by the pause, paused_seconds grows by it only
 * before the first answer, and the reminder is due again when the new deadline is further away than
 * the reminder lead (4 h by default). A clock that is not paused comes back unchanged (pausedFor 0).
 */
export function resumeClock(clock: AnswerClock, now: Date, leadMs: number = REMINDER_RESET_MS): ResumedClock {
  if (clock.clockPausedAt === null) {
    return { dueAt: clock.dueAt, clockPausedAt: null, pausedSeconds: clock.pausedSeconds, reminderSentAt: clock.reminderSentAt, pausedFor: 0 };
  }
  const pausedFor = Math.max(0, Math.floor((now.getTime() - Date.parse(clock.clockPausedAt)) / 1000));
  const due = Date.parse(clock.dueAt) + pausedFor * 1000;
  return {
    dueAt: new Date(due).toISOString(),
    clockPausedAt: null,
    pausedSeconds: clock.pausedSeconds + (clock.firstAnsweredAt === null ? pausedFor : 0),
    reminderSentAt: due - now.getTime() > leadMs ? null : clock.reminderSentAt,
    pausedFor,
  };
}

/** The deadline of a consultation (re)opened at `now`. */
export function freshDueAt(now: Date, answerTargetHours: number): string {
  return new Date(now.getTime() + answerTargetHours * 3_600_000).toISOString();
}

/** Where a clock stands: time left, overdue, or paused (with the time that was left when it stopped). */
export type ClockState =
  | { readonly kind: 'left'; readonly ms: number }
  | { readonly kind: 'overdue'; readonly ms: number }
  | { readonly kind: 'paused'; readonly ms: number };

/** The state of an open consultation's clock at `now`; `ms` is never negative for 'left' and 'paused' left time. */
export function clockState(clock: Pick<AnswerClock, 'dueAt' | 'clockPausedAt'>, now: Date): ClockState {
  const due = Date.parse(clock.dueAt);
  if (clock.clockPausedAt !== null) return { kind: 'paused', ms: due - Date.parse(clock.clockPausedAt) };
  const ms = due - now.getTime();
  return ms >= 0 ? { kind: 'left', ms } : { kind: 'overdue', ms: -ms };
}

/** "5 h 12 min", "45 min", "3 h", "less than 1 min" (whole minutes, rounded down). */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes === 0) return 'less than 1 min';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The words for a clock state: "5 h 12 min left", "Overdue by 1 h 3 min", "Paused (5 h left)". */
export function describeClock(state: ClockState): string {
  switch (state.kind) {
    case 'left': return `${formatDuration(state.ms)} left`;
    case 'overdue': return `Overdue by ${formatDuration(state.ms)}`;
    case 'paused': return state.ms >= 0 ? `Paused (${formatDuration(state.ms)} left)` : `Paused (overdue by ${formatDuration(state.ms)})`;
  }
}
