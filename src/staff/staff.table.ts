import type { Generated, Selectable } from 'kysely';

export type StaffRole = 'admin' | 'expert' | 'editor';

export interface StaffTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  role: StaffRole;
  /** 1 when an editor (or anyone) may sign off articles as a reviewer. */
  is_reviewer: number;
  /** Professional credentials shown on expert profiles later, e.g. "Consultant nephrologist". */
  credentials: string | null;
  /** argon2id PHC string; null until the account is set up. */
  password_hash: string | null;
  /** The TOTP secret sealed with AES-256-GCM (staff-keys.ts); null when none is set up. */
  totp_secret: string | null;
  totp_enabled: number;
  /** The last 30-second step a code was accepted for: the same code is never accepted twice. */
  totp_last_step: number | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  /** 1 when the expert is on duty: unassigned consultations' reminders go to experts on duty. */
  on_duty: Generated<number>;
}

/** 'code': the password was right and a TOTP code is awaited; 'active': signed in. */
export type StaffSessionStage = 'code' | 'active';

export interface StaffSessionTable {
  /** SHA-256 of the cookie value. */
  id_hash: string;
  staff_id: string;
  stage: StaffSessionStage;
  created_at: string;
  last_seen_at: string;
  /** The absolute end of the session, however active it is. */
  expires_at: string;
  ip: string | null;
  /** The first 200 characters of the browser's User-Agent, so staff can recognise their sessions. */
  user_agent: string | null;
  revoked_at: string | null;
}

export type StaffTokenPurpose = 'setup' | 'reset';

export interface StaffTokenTable {
  /** SHA-256 of the token sent in the link; the token itself is never stored. */
  token_hash: string;
  staff_id: string;
  purpose: StaffTokenPurpose;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** One sign-in attempt, kept a day for throttling. `key` is `account:<hmac of e-mail>` or `ip:<address>`. */
export interface LoginAttemptTable {
  id: string;
  key: string;
  attempted_at: string;
  success: number;
}

export interface StaffTables {
  staff: StaffTable;
  staff_sessions: StaffSessionTable;
  staff_tokens: StaffTokenTable;
  login_attempts: LoginAttemptTable;
}

export type StaffRow = Selectable<StaffTable>;
export type StaffSessionRow = Selectable<StaffSessionTable>;
