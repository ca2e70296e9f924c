import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hidden field a person never fills in (it is hidden from sight and from screen readers). */
export const HONEYPOT_FIELD = 'website';
/** The hidden field carrying when the form was shown, signed. */
export const STAMP_FIELD = 'started';

const MAX_FORM_AGE_MS = 24 * 3_600_000;

export type StampCheck = 'ok' | 'too-fast' | 'expired' | 'invalid';

/** A signed record of when a form was shown, to tell people from scripts that post instantly. */
export function issueFormStamp(secret: Buffer, now: Date): string {
  const time = String(now.getTime());
  return `${time}.${sign(secret, time)}`;
}

/** Checks a stamp from a submitted form against the minimum time a person needs. */
export function checkFormStamp(stamp: string, secret: Buffer, now: Date, minSeconds: number): StampCheck {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!match) return 'invalid';
  const expected = Buffer.from(sign(secret, match[1]!));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now.getTime() - Number(match[1]);
  if (age < minSeconds * 1000) return 'too-fast';
  if (age > MAX_FORM_AGE_MS || age < -60_000) return 'expired';
  return 'ok';
}

function sign(secret: Buffer, value: string): string {
  return createHmac('sha256', secret).update(`form-stamp:${value}`).digest('base64url');
}

/**
 * Per-client submission limits over a rolling hour and day, kept in memory (one process).
 * A limit of 0 means no limit.
 */
export class SubmissionLimiter {
  readonly #perHour: number;
  readonly #perDay: number;
  readonly #history = new Map<string, number[]>();

  constructor(limits: { perHour: number; perDay: number }) {
    this.#perHour = limits.perHour;
    this.#perDay = limits.perDay;
  }

  /** Whether the client may submit now, and if not, in how many seconds it may. */
  check(key: string, now: Date): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const times = this.#recent(key, now);
    const t = now.getTime();
    const waits: number[] = [];
    if (this.#perHour > 0) {
      const inHour = times.filter((x) => x > t - 3_600_000);
      if (inHour.length >= this.#perHour) waits.push(inHour[inHour.length - this.#perHour]! + 3_600_000 - t);
    }
    if (this.#perDay > 0 && times.length >= this.#perDay) waits.push(times[times.length - this.#perDay]! + 86_400_000 - t);
    if (waits.length === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
  }

  /** Counts one accepted submission. */
  record(key: string, now: Date): void {
    const times = this.#recent(key, now);
    times.push(now.getTime());
    this.#history.set(key, times);
    if (this.#history.size > 50_000) this.#prune(now);
  }

  #recent(key: string, now: Date): number[] {
    const cutoff = now.getTime() - 86_400_000;
    return (this.#history.get(key) ?? []).filter((x) => x > cutoff);
  }

  #prune(now: Date): void {
    for (const [key] of this.#history) if (this.#recent(key, now).length === 0) this.#history.delete(key);
  }
}
