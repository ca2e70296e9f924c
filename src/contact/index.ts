export { contactRoutes } from './contact.routes.ts';
export type { ContactTables, ContactMessageRow, ContactReplyRow, ContactTriageLevel } from './contact.table.ts';
export { REPLY_MAX, replyProblem } from './contact-form.ts';
export { countContactMessages, listContactMessagesForStaff, type InboxFilter } from './contact.repository.ts';
export { markContactMessage, replyToContactMessage, viewContactMessageForStaff, type StaffActorRef } from './contact.service.ts';
export { purgeExpiredContactMessages, type ContactPurgeReport } from './contact-retention.ts';
