import type { Config } from './config/index.ts';
import type { Db } from './database.ts';
import type { DatabaseKind } from './db/index.ts';
import type { PageCache } from './web/page-cache.ts';
import type { SiteInfo } from './web/layout.ts';

/** What every feature's routes receive when the app is built: configuration and shared services. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dbKind: DatabaseKind;
  readonly site: SiteInfo;
  readonly pageCache: PageCache;
  /** The clock; tests inject their own. */
  readonly now: () => Date;
}
