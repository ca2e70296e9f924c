import type { Db } from '../database.ts';
import { keyedDigest } from './staff-keys.ts';
import { deleteOldAttempts, failureTimes, insertAttempts, lastSuccessTime, settleAttempts } from './staff.repository.ts';

// Sign-in throttling, per account and per client address, kept in the database so every process
// sees the same counts. An attempt is written down *before* the password is checked and counted
// with the ones before it, so a burst of parallel guesses cannot all slip in under the limit.
// An account's count starts again after a successful sign-in; an address's does not (an attacker
// could otherwise reset it by signing in to an account of their own).

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface ThrottleKeys {
  readonly account: string;
  readonly ip: string;
}

/** The keys for an e-mail address (as an HMAC: no address is stored) and a client address. */
export function throttleKeys(root: Buffer, email: string, ip: string): ThrottleKeys {
  return { account: `account:${keyedDigest(root, 'login-throttle', email.trim().toLowerCase())}`, ip: `ip:${ip}` };
}

/** A started attempt: settle it once the password or code has been checked. */
export interface Attempt {
  readonly ids: readonly string[];
}

export type AttemptStart = { readonly allowed: true; readonly attempt: Attempt } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Writes the attempt down and says whether it may go ahead. A refused attempt is not counted. */
export async function startAttempt(db: Db, keys: ThrottleKeys, now: Date): Promise<AttemptStart> {
  const ids = await insertAttempts(db, [keys.account, keys.ip], now, false);
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const lastSuccess = await lastSuccessTime(db, keys.account);
  const accountSince = lastSuccess !== undefined && lastSuccess > windowStart ? lastSuccess : windowStart;
  // The counts include this attempt, so more than the limit means the limit was already reached.
  const waits = [
    waitMs(await failureTimes(db, keys.account, accountSince), MAX_FAILURES_PER_ACCOUNT, now),
    waitMs(await failureTimes(db, keys.ip, windowStart), MAX_FAILURES_PER_IP, now),
  ].filter((w): w is number => w !== undefined);
  if (waits.length === 0) return { allowed: true, attempt: { ids } };
  await settleAttempts(db, ids, 'remove');
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
}

/**
 * Settles a started attempt: a 'success' starts the account's count again, a 'failure' stays
 * counted, a 'neutral' one (a right password still awaiting its code) is forgotten.
 */
export async function settleAttempt(db: Db, attempt: Attempt, outcome: 'success' | 'failure' | 'neutral', now: Date): Promise<void> {
  if (outcome === 'success') await settleAttempts(db, attempt.ids, 'success');
  if (outcome === 'neutral') await settleAttempts(db, attempt.ids, 'remove');
  // Attempts are only needed for a window; a day's worth is plenty for anyone looking.
  await deleteOldAttempts(db, new Date(now.getTime() - 86_400_000));
}

function waitMs(times: readonly string[], limit: number, now: Date): number | undefined {
  if (times.length <= limit) return undefined;
  // Without this attempt there were times.length - 1 failures; one more may be made once all but
  // limit - 1 of them have left the window.
  const earlier = times.length - 1;
  const freeing = times[earlier - limit];
  return freeing === undefined ? THROTTLE_WINDOW_MS : Date.parse(freeing) + THROTTLE_WINDOW_MS - now.getTime();
}
