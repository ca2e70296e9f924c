import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { newId } from '../db/index.ts';
import { isCleanSingleLine } from '../platform/text-checks.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { recordAudit, type AuditActor } from '../platform/audit.ts';
import { enqueueMail, isValidMailAddress, renderMail } from '../notifications/index.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { assertCan, requiresTotp, type StaffActor } from './staff.policy.ts';
import { hashSecret, looksLikeSecret, newSecret, seal, unseal } from './staff-keys.ts';
import { newTotpSecret, verifyTotp } from './totp.ts';
import type { RequestMeta } from './staff-session.ts';
import type { StaffRole, StaffRow, StaffTokenPurpose } from './staff.table.ts';
import {
  claimTotpStep, findLiveToken, findStaffByEmail, findStaffById, insertStaff, insertToken, retireTokens,
  revokeSessionsOf, updateStaff, useToken,
} from './staff.repository.ts';

// Staff accounts: invitation, set-up by link, password reset by link, disabling. Each change
// and its audit row (and its e-mail, through the outbox) commit together.

export const SETUP_LINK_HOURS = 72;
export const RESET_LINK_HOURS = 1;
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'expert', 'editor'];
const NAME_MAX = 100;

export interface NewStaffInput {
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly isReviewer: boolean;
}

/** Checks an invitation; returns the cleaned values or the problems, field by field. */
export function validateNewStaff(input: { email: string; name: string; role: string; isReviewer: boolean }): { ok: true; value: NewStaffInput } | { ok: false; problems: FieldProblem[] } {
  const email = input.email.normalize('NFC').trim().toLowerCase();
  // Checked before spaces are tidied: a line break must not pass as a space ("Name\r\nBcc: …").
  const rawName = input.name.normalize('NFC').trim();
  const name = rawName.replace(/ {2,}/g, ' ');
  const problems: FieldProblem[] = [];
  if (!isValidMailAddress(email)) problems.push({ field: 'email', message: 'Enter one e-mail address, like name@clinic.example.' });
  if (!isCleanSingleLine(rawName)) problems.push({ field: 'name', message: 'Enter the name on one line, without hidden or direction-changing characters.' });
  else if (name === '' || [...name].length > NAME_MAX) problems.push({ field: 'name', message: `Enter the person's name (up to ${NAME_MAX} characters).` });
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) problems.push({ field: 'role', message: 'Choose a role.' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { email, name, role: input.role as StaffRole, isReviewer: input.isReviewer } };
}

/**
 * Creates an account with a set-up link (72 h). With `mail`, the link goes out through the
 * outbox; either way it is returned, for the command line to print. Throws STAFF_EMAIL_TAKEN.
 */
export async function createStaffAccount(ctx: AppContext, input: NewStaffInput, by: AuditActor, options: { mail: boolean; ip?: string }): Promise<{ id: string; setupLink: string }> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    if (await findStaffByEmail(trx, input.email)) {
      throw new AppError('STAFF_EMAIL_TAKEN', { status: 409, message: 'There is already an account with that e-mail address.', fields: [{ field: 'email', message: 'There is already an account with that e-mail address.' }] });
    }
    const id = newId(now.getTime());
    await insertStaff(trx, { id, ...input, now });
    const setupLink = await issueLink(ctx, trx, id, 'setup', now);
    if (options.mail) await mailLink(ctx, trx, input.email, input.name, 'staff-setup', setupLink, SETUP_LINK_HOURS);
    await recordAudit(trx, { actor: by, action: 'staff.created', subject: { type: 'staff', id }, ip: options.ip, at: now });
    return { id, setupLink };
  });
}

/** Disables an account: its sessions end at once and its links stop working. */
export async function disableStaff(ctx: AppContext, actor: StaffActor, targetId: string, meta: RequestMeta): Promise<void> {
  assertCan(actor, 'staff.disable', { type: 'staff', id: targetId });
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const target = await requireStaff(trx, targetId);
    if (target.disabled_at !== null) return;
    await updateStaff(trx, targetId, { disabled_at: now.toISOString() }, now);
    await revokeSessionsOf(trx, targetId, now);
    await retireTokens(trx, targetId, 'setup', now);
    await retireTokens(trx, targetId, 'reset', now);
    await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: 'staff.disabled', subject: { type: 'staff', id: targetId }, ip: meta.ip, at: now });
  });
}

/** Enables a disabled account again (its old sessions stay ended). */
export async function enableStaff(ctx: AppContext, actor: StaffActor, targetId: string, meta: RequestMeta): Promise<void> {
  assertCan(actor, 'staff.manage');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const target = await requireStaff(trx, targetId);
    if (target.disabled_at === null) return;
    await updateStaff(trx, targetId, { disabled_at: null }, now);
    await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: 'staff.enabled', subject: { type: 'staff', id: targetId }, ip: meta.ip, at: now });
  });
}

/** Replaces any unused set-up link of the account with a new one, mailed through the outbox. */
export async function sendNewSetupLink(ctx: AppContext, actor: StaffActor, targetId: string, meta: RequestMeta): Promise<void> {
  assertCan(actor, 'staff.manage');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const target = await requireStaff(trx, targetId);
    if (target.disabled_at !== null) throw new AppError('STAFF_DISABLED', { status: 409, message: 'Enable the account before sending a set-up link.' });
    const link = await issueLink(ctx, trx, targetId, 'setup', now);
    await mailLink(ctx, trx, target.email, target.name, 'staff-setup', link, SETUP_LINK_HOURS);
    await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: 'staff.setup_link_sent', subject: { type: 'staff', id: targetId }, ip: meta.ip, at: now });
  });
}

/** The account a live link opens (undefined for an unknown, used or expired link, or a disabled account). */
export async function accountForLink(ctx: AppContext, token: string, purpose: StaffTokenPurpose): Promise<StaffRow | undefined> {
  if (!looksLikeSecret(token)) return undefined;
  const staff = await findLiveToken(ctx.db, hashSecret(token), purpose, ctx.now());
  return staff && staff.disabled_at === null ? staff : undefined;
}

export type SetupStep = { readonly ok: false; readonly problems: FieldProblem[] } | { readonly ok: true; readonly next: 'code' | 'done' };

/**
 * Set-up, first step: sets the password. Admins and experts (and editors who ask for it) go on to
 * the code step with a fresh TOTP secret; the link stays usable until that is done.
 */
export async function setPasswordFromLink(ctx: AppContext, token: string, input: { password: string; confirm: string; wantsTotp: boolean }, meta: RequestMeta): Promise<SetupStep> {
  const staff = await accountForLink(ctx, token, 'setup');
  if (!staff) throw new AppError('NOT_FOUND');
  const problems = newPasswordProblems(input.password, input.confirm, staff.email);
  if (problems.length > 0) return { ok: false, problems };
  const passwordHash = await hashPassword(input.password);
  const withCode = requiresTotp(staff.role) || input.wantsTotp;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updateStaff(trx, staff.id, {
      password_hash: passwordHash,
      ...(withCode ? { totp_secret: seal(ctx.staffSecret, newTotpSecret(), staff.id), totp_enabled: 0 } : {}),
    }, now);
    await revokeSessionsOf(trx, staff.id, now);
    await recordAudit(trx, { actor: { type: 'staff', id: staff.id }, action: 'staff.password_set', subject: { type: 'staff', id: staff.id }, ip: meta.ip, at: now });
    if (!withCode) await finishSetup(trx, token, staff.id, meta, now);
  });
  return { ok: true, next: withCode ? 'code' : 'done' };
}

/** The TOTP secret awaiting confirmation in the set-up link's code step, if there is one. */
export async function pendingTotpSecret(ctx: AppContext, token: string): Promise<{ staff: StaffRow; secret: Buffer } | undefined> {
  const staff = await accountForLink(ctx, token, 'setup');
  if (!staff || staff.password_hash === null || staff.totp_secret === null || staff.totp_enabled === 1) return undefined;
  return { staff, secret: unseal(ctx.staffSecret, staff.totp_secret, staff.id) };
}

/** Set-up, second step: a right code from the app turns TOTP on and uses the link up. */
export async function confirmTotpFromLink(ctx: AppContext, token: string, code: string, meta: RequestMeta): Promise<boolean> {
  const pending = await pendingTotpSecret(ctx, token);
  if (!pending) throw new AppError('NOT_FOUND');
  const now = ctx.now();
  const step = verifyTotp(pending.secret, code, now, null);
  if (step === undefined) return false;
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await claimTotpStep(trx, pending.staff.id, step))) return false;
    await updateStaff(trx, pending.staff.id, { totp_enabled: 1 }, now);
    await recordAudit(trx, { actor: { type: 'staff', id: pending.staff.id }, action: 'staff.totp_enabled', subject: { type: 'staff', id: pending.staff.id }, ip: meta.ip, at: now });
    await finishSetup(trx, token, pending.staff.id, meta, now);
    return true;
  });
}

/**
 * Sends a reset link (1 h) when the address belongs to a set-up, enabled account; does nothing
 * otherwise. The caller answers the same either way.
 */
export async function requestPasswordReset(ctx: AppContext, email: string, meta: RequestMeta): Promise<void> {
  const staff = await findStaffByEmail(ctx.db, email);
  if (!staff || staff.disabled_at !== null || staff.password_hash === null) return;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const link = await issueLink(ctx, trx, staff.id, 'reset', now);
    await mailLink(ctx, trx, staff.email, staff.name, 'staff-password-reset', link, RESET_LINK_HOURS);
    await recordAudit(trx, { actor: { type: 'staff', id: null }, action: 'staff.password_reset_requested', subject: { type: 'staff', id: staff.id }, ip: meta.ip, at: now });
  });
}

/** Sets a new password from a reset link; every session of the account ends. TOTP stays as it was. */
export async function resetPasswordFromLink(ctx: AppContext, token: string, input: { password: string; confirm: string }, meta: RequestMeta): Promise<SetupStep> {
  const staff = await accountForLink(ctx, token, 'reset');
  if (!staff) throw new AppError('NOT_FOUND');
  const problems = newPasswordProblems(input.password, input.confirm, staff.email);
  if (problems.length > 0) return { ok: false, problems };
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await useToken(trx, hashSecret(token), now))) throw new AppError('NOT_FOUND');
    await updateStaff(trx, staff.id, { password_hash: passwordHash }, now);
    await revokeSessionsOf(trx, staff.id, now);
    await recordAudit(trx, { actor: { type: 'staff', id: staff.id }, action: 'staff.password_reset', subject: { type: 'staff', id: staff.id }, ip: meta.ip, at: now });
  });
  return { ok: true, next: 'done' };
}

function newPasswordProblems(password: string, confirm: string, email: string): FieldProblem[] {
  const problem = passwordProblem(password, email);
  if (problem) return [{ field: 'password', message: problem }];
  if (password !== confirm) return [{ field: 'confirm', message: 'The two passwords are not the same.' }];
  return [];
}

async function finishSetup(trx: Trx, token: string, staffId: string, meta: RequestMeta, now: Date): Promise<void> {
  if (!(await useToken(trx, hashSecret(token), now))) throw new AppError('NOT_FOUND');
  await recordAudit(trx, { actor: { type: 'staff', id: staffId }, action: 'staff.setup_completed', subject: { type: 'staff', id: staffId }, ip: meta.ip, at: now });
}

async function issueLink(ctx: AppContext, trx: Trx, staffId: string, purpose: StaffTokenPurpose, now: Date): Promise<string> {
  await retireTokens(trx, staffId, purpose, now);
  const token = newSecret();
  const hours = purpose === 'setup' ? SETUP_LINK_HOURS : RESET_LINK_HOURS;
  await insertToken(trx, { hash: hashSecret(token), staffId, purpose, now, expiresAt: new Date(now.getTime() + hours * 3_600_000) });
  return `${ctx.config.baseUrl}/staff/${purpose === 'setup' ? 'setup' : 'password-reset'}/${token}`;
}

async function mailLink(ctx: AppContext, trx: Trx, to: string, name: string, kind: 'staff-setup' | 'staff-password-reset', link: string, hours: number): Promise<void> {
  await enqueueMail(trx, { ...renderMail(kind, { link, validHours: hours, recipientName: name }, ctx.site), to }, { now: ctx.now(), baseUrl: ctx.config.baseUrl });
}

async function requireStaff(trx: Trx, id: string): Promise<StaffRow> {
  const staff = await findStaffById(trx, id);
  if (!staff) throw new AppError('NOT_FOUND');
  return staff;
}
