import type { Db, Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import type { StaffRole, StaffRow, StaffSessionRow, StaffSessionStage, StaffTokenPurpose } from './staff.table.ts';

// SQL for staff accounts, their sessions, one-time links and sign-in attempts. Every function
// takes the database or a transaction first; the services decide what runs together.

type Executor = Db | Trx;

/** The account with this e-mail address (compared lower-cased). */
export function findStaffByEmail(db: Executor, email: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findStaffById(db: Executor, id: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every account, admins first, then by name. */
export function listStaff(db: Executor): Promise<StaffRow[]> {
  return db.selectFrom('staff').selectAll().orderBy('role').orderBy('name').orderBy('id').execute();
}

export interface NewStaffRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly isReviewer: boolean;
  readonly now: Date;
}

export async function insertStaff(trx: Trx, row: NewStaffRow): Promise<void> {
  const stamp = row.now.toISOString();
  await trx.insertInto('staff').values({
    id: row.id, email: row.email.toLowerCase(), name: row.name, role: row.role, is_reviewer: row.isReviewer ? 1 : 0,
    credentials: null, password_hash: null, totp_secret: null, totp_enabled: 0, totp_last_step: null,
    disabled_at: null, created_at: stamp, updated_at: stamp, last_login_at: null,
  }).execute();
}

export interface StaffChanges {
  readonly password_hash?: string | null;
  readonly totp_secret?: string | null;
  readonly totp_enabled?: number;
  readonly disabled_at?: string | null;
  readonly last_login_at?: string;
}

export async function updateStaff(trx: Trx, id: string, changes: StaffChanges, now: Date): Promise<void> {
  await trx.updateTable('staff').set({ ...changes, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/** Records the step a TOTP code was accepted for, unless a later one already was; false means a replay. */
export async function claimTotpStep(trx: Trx, id: string, step: number): Promise<boolean> {
  const result = await trx.updateTable('staff').set({ totp_last_step: step }).where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// One-time links

export async function insertToken(trx: Trx, token: { hash: string; staffId: string; purpose: StaffTokenPurpose; now: Date; expiresAt: Date }): Promise<void> {
  await trx.insertInto('staff_tokens').values({
    token_hash: token.hash, staff_id: token.staffId, purpose: token.purpose,
    created_at: token.now.toISOString(), expires_at: token.expiresAt.toISOString(), used_at: null,
  }).execute();
}

/** The account an unused, unexpired link of this purpose belongs to. */
export async function findLiveToken(db: Executor, hash: string, purpose: StaffTokenPurpose, now: Date): Promise<StaffRow | undefined> {
  const row = await db.selectFrom('staff_tokens').select(['staff_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', hash).where('purpose', '=', purpose).executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= now.toISOString()) return undefined;
  return findStaffById(db, row.staff_id);
}

/** Uses a link up; false when it was already used (by a request racing this one). */
export async function useToken(trx: Trx, hash: string, now: Date): Promise<boolean> {
  const result = await trx.updateTable('staff_tokens').set({ used_at: now.toISOString() })
    .where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Retires every unused link of this purpose for the account (a new one replaces them). */
export async function retireTokens(trx: Trx, staffId: string, purpose: StaffTokenPurpose, now: Date): Promise<void> {
  await trx.updateTable('staff_tokens').set({ used_at: now.toISOString() })
    .where('staff_id', '=', staffId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

// Sessions

export interface NewSessionRow {
  readonly idHash: string;
  readonly staffId: string;
  readonly stage: StaffSessionStage;
  readonly now: Date;
  readonly expiresAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export async function insertSession(trx: Trx, s: NewSessionRow): Promise<void> {
  const stamp = s.now.toISOString();
  await trx.insertInto('staff_sessions').values({
    id_hash: s.idHash, staff_id: s.staffId, stage: s.stage, created_at: stamp, last_seen_at: stamp,
    expires_at: s.expiresAt.toISOString(), ip: s.ip, user_agent: s.userAgent, revoked_at: null,
  }).execute();
}

/** A session with its account, whatever its state; the caller decides whether it is live. */
export async function findSessionWithStaff(db: Executor, idHash: string): Promise<{ session: StaffSessionRow; staff: StaffRow } | undefined> {
  const session = await db.selectFrom('staff_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!session) return undefined;
  const staff = await findStaffById(db, session.staff_id);
  return staff ? { session, staff } : undefined;
}

export async function touchSession(db: Executor, idHash: string, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', idHash).execute();
}

export async function revokeSession(db: Executor, idHash: string, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ revoked_at: now.toISOString() })
    .where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
}

/** Ends every session of the account at once; returns how many were live. */
export async function revokeSessionsOf(trx: Trx, staffId: string, now: Date): Promise<number> {
  const result = await trx.updateTable('staff_sessions').set({ revoked_at: now.toISOString() })
    .where('staff_id', '=', staffId).where('revoked_at', 'is', null).where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Forgets sessions that ended long ago (they are kept a while so admins can see recent ones). */
export async function deleteOldSessions(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('staff_sessions').where('expires_at', '<', before.toISOString()).execute();
}

// Sign-in attempts

/** Records one attempt per key; returns the row ids so the attempt can be settled later. */
export async function insertAttempts(db: Executor, keys: readonly string[], now: Date, success: boolean): Promise<string[]> {
  const rows = keys.map((key) => ({ id: newId(now.getTime()), key, attempted_at: now.toISOString(), success: success ? 1 : 0 }));
  await db.insertInto('login_attempts').values(rows).execute();
  return rows.map((r) => r.id);
}

/** Turns provisional failures into successes, or removes them (an attempt that was refused unheard). */
export async function settleAttempts(db: Executor, ids: readonly string[], outcome: 'success' | 'remove'): Promise<void> {
  if (ids.length === 0) return;
  if (outcome === 'remove') await db.deleteFrom('login_attempts').where('id', 'in', ids).execute();
  else await db.updateTable('login_attempts').set({ success: 1 }).where('id', 'in', ids).execute();
}

/** Times of the failures for `key` since `since` (exclusive), oldest first. */
export async function failureTimes(db: Executor, key: string, since: string): Promise<string[]> {
  const rows = await db.selectFrom('login_attempts').select('attempted_at')
    .where('key', '=', key).where('success', '=', 0).where('attempted_at', '>', since)
    .orderBy('attempted_at').limit(1000).execute();
  return rows.map((r) => r.attempted_at);
}

/** The time of the last success for `key`, if any. */
export async function lastSuccessTime(db: Executor, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('login_attempts').select((eb) => eb.fn.max('attempted_at').as('at'))
    .where('key', '=', key).where('success', '=', 1).executeTakeFirst();
  return row?.at ?? undefined;
}

export async function deleteOldAttempts(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('login_attempts').where('attempted_at', '<', before.toISOString()).execute();
}
