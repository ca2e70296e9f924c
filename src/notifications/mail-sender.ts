import type { Db } from '../database.ts';
import type { OutboxRow } from './outbox.table.ts';
import type { MailLog, MailTransport } from './transport.ts';

// Delivery is at least once: a message is claimed ('sending'), handed to the transport, then
// marked 'sent'. A sender that dies in between leaves a 'sending' row; after SENDING_TIMEOUT it is
// sent again, with the same Message-ID, so the receiving side can recognise the duplicate.
// Every state change after the claim is conditional on the claim (status and claimed_at), so a
// slow sender whose claim was taken over cannot overwrite the newer state.

export interface MailSenderOptions {
  readonly db: Db;
  readonly transport: MailTransport;
  /** The clock for every stored time and every "is it due" decision; tests pass a fake one. */
  readonly clock: () => Date;
  readonly log: MailLog;
  /** Time between polls for due messages (MAIL_POLL_SECONDS × 1000). */
  readonly pollMs: number;
  /** Continuous failure after which a message is marked failed (MAIL_RETRY_MAX_HOURS); default 72. */
  readonly retryMaxHours?: number | undefined;
  /** Age after which a 'sending' claim is taken to belong to a crashed sender; default 15 minutes. */
  readonly sendingTimeoutMs?: number | undefined;
  /** Messages claimed per query; default 20. */
  readonly batchSize?: number | undefined;
  /** Source of the retry jitter, in [0, 1); default Math.random. */
  readonly random?: (() => number) | undefined;
}

export interface MailSender {
  /** Sends every message that is due now; resolves to how many were delivered. Runs are serialised. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the send in progress (if any) to finish. */
  stop(): Promise<void>;
}

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 30 * 60_000;
const DEFAULT_SENDING_TIMEOUT_MS = 15 * 60_000;
const MAX_ERROR_LENGTH = 200;

/** The delay before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min … 30 min, ±20 % jitter. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = RETRY_BASE_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 16);
  const jittered = Math.min(exponential, RETRY_CAP_MS) * (0.8 + 0.4 * random());
  return Math.round(Math.min(jittered, RETRY_CAP_MS));
}

/**
 * Starts polling the outbox every `pollMs` and delivering what is due. Several processes may run
 * one against the same database: a message is claimed by a conditional UPDATE, so only one sends it.
 */
export function startMailSender(options: MailSenderOptions): MailSender {
  const { db, transport, clock, log, pollMs } = options;
  const retryMaxMs = (options.retryMaxHours ?? 72) * 3_600_000;
  const sendingTimeoutMs = options.sendingTimeoutMs ?? DEFAULT_SENDING_TIMEOUT_MS;
  const batchSize = options.batchSize ?? 20;
  const random = options.random ?? Math.random;

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function releaseStaleClaims(now: Date): Promise<void> {
    const result = await db.updateTable('outbox')
      .set({ status: 'pending', claimed_at: null, next_attempt_at: now.toISOString() })
      .where('status', '=', 'sending')
      .where('claimed_at', '<', new Date(now.getTime() - sendingTimeoutMs).toISOString())
      .executeTakeFirst();
    const released = Number(result.numUpdatedRows);
    if (released > 0) log.warn({ count: released }, 'mail left in flight by a stopped sender will be sent again with the same Message-ID');
  }

  /** Claims and sends one message; 'skipped' when another sender got it first. */
  async function deliver(id: string): Promise<'sent' | 'retry' | 'unreachable' | 'failed' | 'skipped'> {
    const claimedAt = clock().toISOString();
    const claim = await db.updateTable('outbox')
      .set((eb) => ({ status: 'sending', claimed_at: claimedAt, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '<=', claimedAt)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return 'skipped';
    const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    try {
      await transport.send({ id: row.id, messageId: row.message_id, to: row.recipient, subject: row.subject, text: row.text_body, html: row.html_body });
    } catch (error) {
      return recordFailure(row, claimedAt, error);
    }
    // The content goes once delivered: a private case link should not outlive its delivery here.
    await db.updateTable('outbox')
      .set({ status: 'sent', sent_at: clock().toISOString(), claimed_at: null, text_body: '', html_body: null })
      .where('id', '=', id).where('status', '=', 'sending').where('claimed_at', '=', claimedAt)
      .execute();
    log.info({ outboxId: row.id, kind: row.kind, attempts: row.attempts }, 'mail sent');
    return 'sent';
  }

  async function recordFailure(row: OutboxRow, claimedAt: string, error: unknown): Promise<'retry' | 'unreachable' | 'failed'> {
    const now = clock();
    const firstFailedAt = row.first_failed_at ?? claimedAt;
    const rejected = isPermanentRejection(error);
    const giveUp = rejected || now.getTime() - Date.parse(firstFailedAt) >= retryMaxMs;
    const lastError = describeMailError(error);
    await db.updateTable('outbox')
      .set({
        status: giveUp ? 'failed' : 'pending',
        next_attempt_at: giveUp ? row.next_attempt_at : new Date(now.getTime() + retryDelayMs(row.attempts, random)).toISOString(),
        claimed_at: null,
        last_error: lastError,
        first_failed_at: firstFailedAt,
      })
      .where('id', '=', row.id).where('status', '=', 'sending').where('claimed_at', '=', claimedAt)
      .execute();
    const fields = { outboxId: row.id, kind: row.kind, attempts: row.attempts, error: lastError };
    if (giveUp) log.error(fields, rejected ? 'mail rejected by the server; shown to staff as a mail alert' : 'mail undeliverable for too long; shown to staff as a mail alert');
    else log.warn(fields, 'mail not sent; will retry');
    if (giveUp) return 'failed';
    // The server answered this one message (e.g. 451 for one mailbox): the others may still go.
    return serverAnswered(error) ? 'retry' : 'unreachable';
  }

  async function drain(): Promise<number> {
    await releaseStaleClaims(clock());
    let delivered = 0;
    while (!stopped) {
      const due = await db.selectFrom('outbox').select('id')
        .where('status', '=', 'pending').where('next_attempt_at', '<=', clock().toISOString())
        .orderBy('next_attempt_at').orderBy('id').limit(batchSize)
        .execute();
      let progressed = false;
      for (const { id } of due) {
        if (stopped) break;
        const outcome = await deliver(id);
        if (outcome === 'sent') delivered++;
        // When the server cannot be reached, trying the rest now would only fail slowly too:
        // they stay due, and the next poll tries again (one connection attempt per poll). A
        // message the server itself deferred does not hold back the rest.
        if (outcome === 'unreachable') return delivered;
        if (outcome !== 'skipped') progressed = true;
      }
      if (due.length < batchSize || !progressed) break;
    }
    return delivered;
  }

  function runOnce(): Promise<number> {
    const run = queue.then(() => (stopped ? 0 : drain()));
    queue = run.catch(() => undefined);
    return run;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => log.error({ error: describeMailError(error) }, 'mail sender pass failed'))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  }
  schedule();

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await queue;
    },
  };
}

interface ErrorLike {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly message?: unknown;
}

/** The SMTP server replied with a status for this message (as opposed to no connection at all). */
function serverAnswered(error: unknown): boolean {
  const e = (error ?? {}) as ErrorLike;
  return (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && typeof e.responseCode === 'number';
}

/** A 5xx answer to the envelope or the message itself: retrying the same message cannot succeed. */
function isPermanentRejection(error: unknown): boolean {
  const e = (error ?? {}) as ErrorLike;
  return (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
}

/** A short, single-line description of a send error with any address removed: safe to store and log. */
export function describeMailError(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,32}$/.test(e.code) ? e.code : 'ERROR';
  const status = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  const message = (typeof e.message === 'string' ? e.message : String(error))
    .replace(/[^\s<>()"',;:@]+@[^\s<>()"',;:@]+/g, '[address]')
    .replace(/[\p{Cc}\u2028\u2029\s]+/gu, ' ')
    .trim();
  const line = `${code}${status}: ${message}`;
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}
