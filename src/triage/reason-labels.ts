import { RULES } from './red-flag-rules.ts';

const LABELS: ReadonlyMap<string, string> = new Map(RULES.map((r) => [r.code, r.label]));

/** The plain-English situation for a stored red-flag code; an unknown code (from an older rule set) is shown as itself. */
export function triageReasonLabel(code: string): string {
  return LABELS.get(code) ?? code;
}
