export { consultationRoutes, sendAttachment } from './consultations.routes.ts';
export type { ConsultationTables, ConsultationRow, ConsultationStatus, TriageLevel } from './consultation.table.ts';
export { CONDITIONS, conditionLabel } from './consultation-form.ts';
export { sweepOrphanFiles } from './orphan-files.ts';
export { recordConsultationEvent, listConsultationEvents, type EventDetail } from './consultation-events.ts';
export type { ConsultationEventKind, ConsultationEventRow, ConsultationNoteRow, ReplyTemplateRow, ConsultationFileRow, ConsultationMessageRow } from './consultation.table.ts';
