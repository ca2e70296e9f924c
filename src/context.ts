import type { Config } from './config/index.ts';
import type { Db } from './database.ts';
import type { DatabaseKind } from './db/index.ts';
import type { PageCache } from './web/page-cache.ts';
import type { SiteInfo } from './web/layout.ts';
import type { FileStore } from './storage/index.ts';
import type { SubmissionLimiter } from './platform/form-guard.ts';

/** What every feature's routes receive when the app is built: configuration and shared services. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dbKind: DatabaseKind;
  readonly site: SiteInfo;
  readonly pageCache: PageCache;
  /** The clock; tests inject their own. */
  readonly now: () => Date;
  /** Encrypted storage for medical reports. */
  readonly files: FileStore;
  /** Signs form stamps (derived from the master key). */
  readonly formSecret: Buffer;
  /** Root of the staff console's keys: TOTP sealing, CSRF tokens, throttle keys (derived from the master key). */
  readonly staffSecret: Buffer;
  /** Per-IP limits shared by the public forms (ask an expert, contact). */
  readonly formLimiter: SubmissionLimiter;
}
