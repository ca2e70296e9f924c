export { assessUrgency } from './triage.ts';
export type { TriageLevel, TriageReason, TriageResult } from './triage.ts';
export { triageReasonLabel } from './reason-labels.ts';
