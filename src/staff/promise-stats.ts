// The answer promise in numbers, as pure functions of consultation rows and a clock (no I/O), so
// both databases agree and every figure is tested without one. Weeks are ISO 8601 weeks (Monday
// to Sunday, UTC). Percentiles use the nearest-rank method: the p-th percentile of n sorted values
// is the value at rank ⌈p/100 × n⌉, so it is always one of the observed values (the median of an
// even count is the lower of the two middle values).

/** What the dashboard needs to know about one consultation. */
export interface PromiseCase {
  readonly id: string;
  readonly reference: string;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly firstAnsweredAt: string | null;
  readonly firstAnsweredBy: string | null;
  /** Seconds the clock stood still before the first answer. */
  readonly pausedSeconds: number;
  readonly clockPausedAt: string | null;
  readonly closed: boolean;
  readonly closedAt: string | null;
  /** A breach was recorded for it (the breach check's event or column). */
  readonly breached: boolean;
}

/**
 * Where a consultation stands against the promise:
 * - within: first answered within the target (pauses excluded);
 * - late: first answered after it;
 * - overdue: not answered and past its deadline (counts as not within the target);
 * - pending: not answered and not yet due;
 * - withdrawn: closed without an answer before it was due (left out of the percentage).
 */
export type PromiseOutcome = 'within' | 'late' | 'overdue' | 'pending' | 'withdrawn';

/** Working seconds from receipt to the first answer (pauses excluded, never negative); null when unanswered. */
export function secondsToFirstAnswer(c: PromiseCase): number | null {
  if (c.firstAnsweredAt === null) return null;
  const elapsed = (Date.parse(c.firstAnsweredAt) - Date.parse(c.receivedAt)) / 1000;
  return Math.max(0, Math.round(elapsed - c.pausedSeconds));
}

/** The outcome of one consultation at `now`, for a target of `targetSeconds`. */
export function outcomeOf(c: PromiseCase, targetSeconds: number, now: Date): PromiseOutcome {
  const seconds = secondsToFirstAnswer(c);
  if (seconds !== null) return seconds <= targetSeconds ? 'within' : 'late';
  const due = Date.parse(c.dueAt);
  if (c.closed) return c.closedAt !== null && Date.parse(c.closedAt) >= due ? 'overdue' : 'withdrawn';
  // A paused clock stopped at clock_paused_at: it is overdue only if it was already when it stopped.
  const clockAt = c.clockPausedAt !== null ? Date.parse(c.clockPausedAt) : now.getTime();
  return clockAt >= due ? 'overdue' : 'pending';
}

/** The nearest-rank p-th percentile (0 < p ≤ 100) of values sorted ascending; undefined for none. */
export function nearestRank(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface PromiseSummary {
  readonly received: number;
  /** Answered, plus unanswered ones past their deadline: the base of the percentage. */
  readonly decided: number;
  readonly within: number;
  /** within / decided, from 0 to 1; undefined when nothing is decided yet. */
  readonly withinShare: number | undefined;
  readonly answered: number;
  /** Median and 90th percentile of the working seconds to the first answer (answered ones only). */
  readonly medianSeconds: number | undefined;
  readonly p90Seconds: number | undefined;
  readonly breaches: number;
  /** Still waiting for a first answer (pending or overdue). */
  readonly awaiting: number;
}

/** The promise figures of a set of consultations at `now`. */
export function summarise(cases: readonly PromiseCase[], targetSeconds: number, now: Date): PromiseSummary {
  let within = 0;
  let decided = 0;
  let awaiting = 0;
  let breaches = 0;
  const times: number[] = [];
  for (const c of cases) {
    const outcome = outcomeOf(c, targetSeconds, now);
    if (outcome === 'within') within++;
    if (outcome === 'within' || outcome === 'late' || outcome === 'overdue') decided++;
    if (outcome === 'pending' || (outcome === 'overdue' && !c.closed)) awaiting++;
    if (c.breached) breaches++;
    const seconds = secondsToFirstAnswer(c);
    if (seconds !== null) times.push(seconds);
  }
  times.sort((a, b) => a - b);
  return {
    received: cases.length, decided, within, withinShare: decided > 0 ? within / decided : undefined,
    answered: times.length, medianSeconds: nearestRank(times, 50), p90Seconds: nearestRank(times, 90), breaches, awaiting,
  };
}

/** An ISO 8601 week: its key (`2026-W48`) and its Monday (UTC midnight). */
export interface IsoWeek {
  readonly key: string;
  readonly monday: Date;
}

/** The ISO week a moment falls in (UTC). */
export function isoWeekOf(at: Date): IsoWeek {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = new Date(day.getTime() - weekday * 86_400_000);
  // The week belongs to the year of its Thursday.
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  const week = Math.round((monday.getTime() - firstMonday) / (7 * 86_400_000)) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday };
}

/** Every ISO week from the one holding `from` to the one holding `to`, oldest first. */
export function weeksBetween(from: Date, to: Date): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  const last = isoWeekOf(to).monday.getTime();
  for (let t = isoWeekOf(from).monday.getTime(); t <= last; t += 7 * 86_400_000) weeks.push(isoWeekOf(new Date(t)));
  return weeks;
}

export interface WeekSummary {
  readonly week: IsoWeek;
  readonly summary: PromiseSummary;
}

/** One summary per ISO week of receipt from `from` to `to` (empty weeks included). */
export function weeklySummaries(cases: readonly PromiseCase[], from: Date, to: Date, targetSeconds: number, now: Date): WeekSummary[] {
  const byWeek = new Map<string, PromiseCase[]>();
  for (const c of cases) {
    const key = isoWeekOf(new Date(c.receivedAt)).key;
    const list = byWeek.get(key);
    if (list) list.push(c);
    else byWeek.set(key, [c]);
  }
  return weeksBetween(from, to).map((week) => ({ week, summary: summarise(byWeek.get(week.key) ?? [], targetSeconds, now) }));
}

export interface ExpertSummary {
  readonly staffId: string;
  readonly firstAnswers: number;
  readonly within: number;
  /** within / firstAnswers, from 0 to 1. */
  readonly withinShare: number;
  readonly medianSeconds: number;
}

/** First answers per expert (by first_answered_by), most first. */
export function expertSummaries(cases: readonly PromiseCase[], targetSeconds: number): ExpertSummary[] {
  const times = new Map<string, number[]>();
  for (const c of cases) {
    const seconds = secondsToFirstAnswer(c);
    if (seconds === null || c.firstAnsweredBy === null) continue;
    const list = times.get(c.firstAnsweredBy);
    if (list) list.push(seconds);
    else times.set(c.firstAnsweredBy, [seconds]);
  }
  return [...times].map(([staffId, list]) => {
    list.sort((a, b) => a - b);
    const within = list.filter((s) => s <= targetSeconds).length;
    return { staffId, firstAnswers: list.length, within, withinShare: within / list.length, medianSeconds: nearestRank(list, 50)! };
  }).sort((a, b) => b.firstAnswers - a.firstAnswers || a.staffId.localeCompare(b.staffId));
}
