import type { Db, Trx } from '../database.ts';
import type { StaffActor } from './staff.policy.ts';
import type { StaffRow, StaffSessionStage } from './staff.table.ts';
import { hashSecret, keyedDigest, looksLikeSecret, newSecret } from './staff-keys.ts';
import { deleteOldSessions, findSessionWithStaff, insertSession, revokeSession, touchSession } from './staff.repository.ts';

// Server-side staff sessions. The cookie holds a 256-bit secret; the table holds its hash, the
// account, when it started, when it was last used and when it must end. A session is live while
// it is not revoked, not past its absolute end, used within the idle limit, and its account is
// not disabled. Signing in always starts a new session (a new id), never reuses one.

export interface SessionSettings {
  /** Ends a session this long after its last request. */
  readonly idleMs: number;
  /** Ends a session this long after sign-in, however active. */
  readonly absoluteMs: number;
}

/** The password step leaves this long to enter the code. */
export const CODE_STEP_MS = 5 * 60_000;
// last_seen_at is written at most this often: a page load is a read, not a write per request.
const TOUCH_EVERY_MS = 15_000;
const KEEP_ENDED_SESSIONS_MS = 30 * 86_400_000;

export interface RequestMeta {
  readonly ip: string;
  readonly userAgent: string | undefined;
}

/** A live session: the account as policies see it, plus what pages show and forms carry. */
export interface StaffSession {
  readonly idHash: string;
  readonly stage: StaffSessionStage;
  readonly actor: StaffActor;
  readonly name: string;
  readonly email: string;
  readonly totpEnabled: boolean;
  /** The token every state-changing form of this session must carry. */
  readonly csrf: string;
}

/** Starts a session in the caller's transaction; returns the cookie value. */
export async function startSession(trx: Trx, staffId: string, stage: StaffSessionStage, now: Date, meta: RequestMeta, settings: SessionSettings): Promise<string> {
  const secret = newSecret();
  await insertSession(trx, {
    idHash: hashSecret(secret), staffId, stage, now,
    expiresAt: new Date(now.getTime() + (stage === 'code' ? CODE_STEP_MS : settings.absoluteMs)),
    ip: meta.ip || null,
    userAgent: meta.userAgent ? meta.userAgent.replace(/[\u0000-\u001F\u007F]/g, ' ').slice(0, 200) : null,
  });
  await deleteOldSessions(trx, new Date(now.getTime() - KEEP_ENDED_SESSIONS_MS));
  return secret;
}

/** The live session a cookie names, touched as used; undefined for anything else. */
export async function loadSession(db: Db, root: Buffer, cookie: string | undefined, now: Date, settings: SessionSettings): Promise<StaffSession | undefined> {
  if (!looksLikeSecret(cookie)) return undefined;
  const idHash = hashSecret(cookie);
  const found = await findSessionWithStaff(db, idHash);
  if (!found) return undefined;
  const { session, staff } = found;
  const t = now.getTime();
  if (session.revoked_at !== null || staff.disabled_at !== null) return undefined;
  if (Date.parse(session.expires_at) <= t || Date.parse(session.last_seen_at) + settings.idleMs <= t) return undefined;
  if (t - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) await touchSession(db, idHash, now);
  return {
    idHash, stage: session.stage, actor: toActor(staff), name: staff.name, email: staff.email,
    totpEnabled: staff.totp_enabled === 1, csrf: sessionCsrfToken(root, cookie),
  };
}

/** Ends one session (sign out, or the code step giving way to a full session). */
export async function endSession(db: Db | Trx, idHash: string, now: Date): Promise<void> {
  await revokeSession(db, idHash, now);
}

/** The form token of a session: bound to its cookie, so another site can neither read nor forge it. */
export function sessionCsrfToken(root: Buffer, cookie: string): string {
  return keyedDigest(root, 'csrf-session', cookie);
}

/** The form token for pages shown before sign-in, bound to a separate pre-session cookie. */
export function anonymousCsrfToken(root: Buffer, preCookie: string): string {
  return keyedDigest(root, 'csrf-anonymous', preCookie);
}

/** The account as policies see it. */
export function toActor(staff: StaffRow): StaffActor {
  return { id: staff.id, role: staff.role, isReviewer: staff.is_reviewer === 1 };
}
