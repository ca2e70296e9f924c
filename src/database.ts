import type { Kysely, Transaction } from 'kysely';
import type { ArticleTables } from './articles/article.table.ts';
import type { EditorialTables } from './articles/editorial.table.ts';
import type { SearchTables } from './search/search.table.ts';
import type { NotificationTables } from './notifications/outbox.table.ts';
import type { ConsultationTables } from './consultations/consultation.table.ts';
import type { StaffTables } from './staff/staff.table.ts';
import type { AuditTables } from './platform/audit.table.ts';
import type { ContactTables } from './contact/contact.table.ts';
import type { ExpertTables } from './experts/expert.table.ts';
import type { StoryTables } from './stories/story.table.ts';

/** Every table, composed from the features that own them. */
export interface Database extends ArticleTables, EditorialTables, SearchTables, NotificationTables, ConsultationTables, StaffTables, AuditTables,
  ExpertTables, StoryTables, ContactTables {}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
