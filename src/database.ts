import type { Kysely, Transaction } from 'kysely';
import type { ArticleTables } from './articles/article.table.ts';
import type { SearchTables } from './search/search.table.ts';
import type { NotificationTables } from './notifications/outbox.table.ts';

/** Every table, composed from the features that own them. */
export interface Database extends ArticleTables, SearchTables, NotificationTables {}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
