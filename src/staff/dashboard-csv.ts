import { outcomeOf, secondsToFirstAnswer, type PromiseCase } from './promise-stats.ts';

// The dashboard's CSV export: one row per consultation, no patient names, e-mails or words.
// Every cell is quoted (RFC 4180), and a cell that a spreadsheet would read as a formula (it
// starts with = + - @, a tab or a carriage return) gets a leading single quote (OWASP CSV injection).

export const CSV_COLUMNS = [
  'reference', 'received_at', 'first_answered_at', 'hours_to_first_answer', 'paused_hours',
  'within_target', 'breached', 'expert', 'condition',
] as const;

export interface CsvCase extends PromiseCase {
  /** The condition as the patient chose it, in words. */
  readonly condition: string;
}

/** One cell: formula-neutralised, then quoted with inner quotes doubled. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Hours with two decimals, e.g. "12.50". */
function hours(seconds: number): string {
  return (seconds / 3600).toFixed(2);
}

/**
 * The export: a header row, then a row per consultation, CRLF line ends. `within_target` is yes,
 * no (answered late, or unanswered past its deadline), pending (not yet due) or withdrawn.
 */
export function promiseCsv(cases: readonly CsvCase[], options: { targetSeconds: number; now: Date; staffNames: ReadonlyMap<string, string> }): string {
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const c of cases) {
    const seconds = secondsToFirstAnswer(c);
    const outcome = outcomeOf(c, options.targetSeconds, options.now);
    const within = outcome === 'within' ? 'yes' : outcome === 'late' || outcome === 'overdue' ? 'no' : outcome;
    lines.push([
      c.reference, c.receivedAt, c.firstAnsweredAt ?? '', seconds === null ? '' : hours(seconds), hours(c.pausedSeconds),
      within, c.breached ? 'yes' : 'no', c.firstAnsweredBy === null ? '' : options.staffNames.get(c.firstAnsweredBy) ?? '', c.condition,
    ].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
