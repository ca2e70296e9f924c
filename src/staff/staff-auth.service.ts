import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import type { Config } from '../config/index.ts';
import { recordAudit, type AuditOutcome } from '../platform/audit.ts';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { settleAttempt, startAttempt, throttleKeys } from './login-throttle.ts';
import { requiresTotp } from './staff.policy.ts';
import { endSession, startSession, type RequestMeta, type SessionSettings, type StaffSession } from './staff-session.ts';
import { unseal } from './staff-keys.ts';
import { verifyTotp } from './totp.ts';
import { claimTotpStep, findStaffByEmail, findStaffById, updateStaff } from './staff.repository.ts';

// Signing in and out. Every outcome a person could learn from is the same for an unknown
// address, a wrong password and a disabled account; only the audit log tells them apart.

/** Session lengths from the configuration. */
export function sessionSettings(config: Config): SessionSettings {
  return { idleMs: config.staffIdleMinutes * 60_000, absoluteMs: config.staffSessionHours * 3_600_000 };
}

export type SignInResult =
  | { readonly outcome: 'signed-in'; readonly cookie: string }
  | { readonly outcome: 'code-needed'; readonly cookie: string }
  | { readonly outcome: 'setup-unfinished' }
  | { readonly outcome: 'refused' }
  | { readonly outcome: 'throttled'; readonly retryAfterSeconds: number };

/** The password step: signs in, or opens the code step for an account with TOTP. */
export async function signInWithPassword(ctx: AppContext, email: string, password: string, meta: RequestMeta): Promise<SignInResult> {
  const now = ctx.now();
  const start = await startAttempt(ctx.db, throttleKeys(ctx.staffSecret, email, meta.ip), now);
  const staff = await findStaffByEmail(ctx.db, email);
  if (!start.allowed) {
    await audited(ctx, staff?.id ?? null, 'staff.login_throttled', 'denied', meta);
    return { outcome: 'throttled', retryAfterSeconds: start.retryAfterSeconds };
  }
  // An unknown address costs the same argon2 work as a known one.
  const passwordOk = staff?.password_hash ? await verifyPassword(password, staff.password_hash) : await dummyVerify(password);
  if (!staff || !passwordOk || staff.disabled_at !== null) {
    await settleAttempt(ctx.db, start.attempt, 'failure', now);
    await audited(ctx, staff?.id ?? null, 'staff.login_failed', staff?.disabled_at ? 'denied' : 'failed', meta);
    return { outcome: 'refused' };
  }
  if (requiresTotp(staff.role) && staff.totp_enabled !== 1) {
    await settleAttempt(ctx.db, start.attempt, 'failure', now);
    await audited(ctx, staff.id, 'staff.login_failed', 'denied', meta);
    return { outcome: 'setup-unfinished' };
  }
  const rehash = needsRehash(staff.password_hash!) ? await hashPassword(password) : undefined;
  if (staff.totp_enabled === 1) {
    // The password alone settles nothing: only a right code counts as a success, so knowing the
    // password does not reset the account's count of wrong codes.
    await settleAttempt(ctx.db, start.attempt, 'neutral', now);
    const cookie = await ctx.db.transaction().execute(async (trx) => {
      if (rehash) await updateStaff(trx, staff.id, { password_hash: rehash }, now);
      return startSession(trx, staff.id, 'code', now, meta, sessionSettings(ctx.config));
    });
    return { outcome: 'code-needed', cookie };
  }
  await settleAttempt(ctx.db, start.attempt, 'success', now);
  const cookie = await ctx.db.transaction().execute(async (trx) => {
    if (rehash) await updateStaff(trx, staff.id, { password_hash: rehash }, now);
    return completeSignIn(ctx, trx, staff.id, meta);
  });
  return { outcome: 'signed-in', cookie };
}

/** The code step: a right, unused TOTP code turns the code-step session into a new full session. */
export async function signInWithCode(ctx: AppContext, pending: StaffSession, code: string, meta: RequestMeta): Promise<SignInResult> {
  const now = ctx.now();
  const start = await startAttempt(ctx.db, throttleKeys(ctx.staffSecret, pending.email, meta.ip), now);
  if (!start.allowed) {
    await audited(ctx, pending.actor.id, 'staff.login_throttled', 'denied', meta);
    return { outcome: 'throttled', retryAfterSeconds: start.retryAfterSeconds };
  }
  const staff = await findStaffById(ctx.db, pending.actor.id);
  const secret = staff?.totp_secret ? unseal(ctx.staffSecret, staff.totp_secret, staff.id) : undefined;
  const step = staff && secret ? verifyTotp(secret, code, now, staff.totp_last_step === null ? null : Number(staff.totp_last_step)) : undefined;
  const cookie = step === undefined ? undefined : await ctx.db.transaction().execute(async (trx) => {
    // The conditional update makes the step single-use even against a parallel request.
    if (!(await claimTotpStep(trx, pending.actor.id, step))) return undefined;
    await endSession(trx, pending.idHash, now);
    return completeSignIn(ctx, trx, pending.actor.id, meta);
  });
  await settleAttempt(ctx.db, start.attempt, cookie !== undefined ? 'success' : 'failure', now);
  if (!cookie) {
    await audited(ctx, pending.actor.id, 'staff.login_failed', 'failed', meta);
    return { outcome: 'refused' };
  }
  return { outcome: 'signed-in', cookie };
}

/** Ends the session, with its audit row. */
export async function signOut(ctx: AppContext, session: StaffSession, meta: RequestMeta): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await endSession(trx, session.idHash, now);
    if (session.stage === 'active') await audit(trx, session.actor.id, 'staff.logout', 'ok', meta, now);
  });
}

async function completeSignIn(ctx: AppContext, trx: Trx, staffId: string, meta: RequestMeta): Promise<string> {
  const now = ctx.now();
  const cookie = await startSession(trx, staffId, 'active', now, meta, sessionSettings(ctx.config));
  await updateStaff(trx, staffId, { last_login_at: now.toISOString() }, now);
  await audit(trx, staffId, 'staff.login', 'ok', meta, now);
  return cookie;
}

/** One audit row about a staff account, acted on by that account (or by nobody known). */
export async function audit(trx: Trx, staffId: string | null, action: string, outcome: AuditOutcome, meta: RequestMeta, now: Date): Promise<void> {
  await recordAudit(trx, {
    actor: { type: 'staff', id: staffId }, action, outcome, ip: meta.ip, at: now,
    subject: staffId ? { type: 'staff', id: staffId } : undefined,
  });
}

async function audited(ctx: AppContext, staffId: string | null, action: string, outcome: AuditOutcome, meta: RequestMeta): Promise<void> {
  await ctx.db.transaction().execute((trx) => audit(trx, staffId, action, outcome, meta, ctx.now()));
}
