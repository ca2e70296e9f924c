import path from 'node:path';
import type { AppContext } from '../context.ts';
import type { Db } from '../database.ts';
import { compactAfterErase } from '../db/index.ts';
import { purgeMailIdsFor, removeMailFiles } from '../notifications/index.ts';
import { startPeriodicJob, type PeriodicJob } from '../platform/periodic-job.ts';
import { recordAudit, type AuditActor } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { ConsultationStatus } from './consultation.table.ts';
import { closeIdleAnsweredConsultations } from './auto-close.ts';

// Retention and erasure: a consultation is deleted completely, either RETENTION_DAYS after it was
// closed (the daily purge) or at once when a patient asked for it and an admin confirms.
//
// One transaction per consultation deletes its row behind a condition checked by the DELETE
// itself (still closed before the cutoff, or deletion still requested), so a follow-up that
// reopens the case meanwhile wins and nothing is deleted. Every table holding the case's data
// references `consultations` ON DELETE CASCADE (messages, files, events, notes, private-link
// tokens, case sessions); its mail goes from the outbox in the same transaction; the audit row
// (ids only) is written there too and stays. After the commit the encrypted report blobs and any
// `.eml` copies are deleted from disk (each removal fsynced), and the database is compacted
// (db/erase-compaction.ts). A blob that cannot be removed then is no longer referenced, so the
// hourly orphan sweep removes it. Nothing here logs: callers log counts and ids only.

/** Tables a purge deletes from, vacuumed afterwards on PostgreSQL. */
export const PURGED_TABLES = [
  'consultations', 'consultation_messages', 'consultation_files', 'consultation_events',
  'consultation_notes', 'case_access_tokens', 'case_sessions', 'outbox',
] as const;

/** What a purge removed. */
export interface PurgeCounts {
  readonly consultations: number;
  readonly files: number;
  readonly mails: number;
  /** Report blobs that could not be deleted now (the orphan sweep will). */
  readonly filesLeft: number;
}

export interface RetentionReport extends PurgeCounts {
  /** Consultations closed at or before this moment were (or, in a dry run, would be) purged. */
  readonly cutoff: string;
  readonly dryRun: boolean;
}

/** A patient's deletion request waiting for an admin, as the console lists it. */
export interface DeletionRequest {
  readonly id: string;
  readonly reference: string;
  readonly status: ConsultationStatus;
  readonly receivedAt: string;
  readonly deletionRequestedAt: string;
}

const NONE: PurgeCounts = { consultations: 0, files: 0, mails: 0, filesLeft: 0 };

/** The moment `days` days before `now`: consultations closed at or before it are due for purge. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * Purges every consultation closed RETENTION_DAYS or more ago (one transaction each, audited
 * `consultation.purged` by the system), then compacts the database. `dryRun` only counts.
 */
export async function purgeExpiredConsultations(ctx: AppContext, options: { dryRun?: boolean } = {}): Promise<RetentionReport> {
  const now = ctx.now();
  const cutoff = retentionCutoff(now, ctx.config.retentionDays).toISOString();
  const due = ctx.db.selectFrom('consultations').select('id').where('status', '=', 'closed').where('closed_at', '<=', cutoff);
  if (options.dryRun) {
    const n = (row: { n: number | string | bigint }) => Number(row.n);
    const consultations = await ctx.db.selectFrom('consultations').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'closed').where('closed_at', '<=', cutoff).executeTakeFirstOrThrow();
    const files = await ctx.db.selectFrom('consultation_files').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultation_id', 'in', due).executeTakeFirstOrThrow();
    const mails = await ctx.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('related_type', '=', 'consultation').where('related_id', 'in', due).executeTakeFirstOrThrow();
    return { consultations: n(consultations), files: n(files), mails: n(mails), filesLeft: 0, cutoff, dryRun: true };
  }
  const ids = (await due.orderBy('closed_at').orderBy('id').execute()).map((r) => r.id);
  let totals = NONE;
  try {
    for (const id of ids) {
      const purged = await purgeConsultation(ctx, id, { kind: 'retention', cutoff }, { actor: { type: 'system' }, action: 'consultation.purged', at: now });
      if (purged) totals = add(totals, purged);
    }
  } finally {
    if (totals.consultations > 0) await compactAfterErase(ctx.db, PURGED_TABLES);
  }
  return { ...totals, cutoff, dryRun: false };
}

/**
 * Carries out a patient's deletion request at an admin's confirmation: the consultation goes at
 * once, whatever its status, audited `consultation.erased` by that admin. NOT_FOUND when there is
 * no such consultation (or it is already gone); CONSULTATION_CONFLICT when the patient has not asked.
 */
export async function eraseRequestedConsultation(ctx: AppContext, id: string, by: { staffId: string; ip: string | null }): Promise<PurgeCounts> {
  const found = await ctx.db.selectFrom('consultations').select('deletion_requested_at').where('id', '=', id).executeTakeFirst();
  if (!found) throw new AppError('NOT_FOUND');
  if (found.deletion_requested_at === null) {
    throw new AppError('CONSULTATION_CONFLICT', { message: 'The patient has not asked for this consultation to be deleted.' });
  }
  const purged = await purgeConsultation(ctx, id, { kind: 'request' },
    { actor: { type: 'staff', id: by.staffId }, action: 'consultation.erased', ip: by.ip, at: ctx.now() });
  if (!purged) throw new AppError('NOT_FOUND');
  await compactAfterErase(ctx.db, PURGED_TABLES);
  return purged;
}

/** Consultations whose patient asked for deletion, oldest request first (reads across patients; references only). */
export async function listDeletionRequestsForStaff(db: Db): Promise<DeletionRequest[]> {
  const rows = await db.selectFrom('consultations').select(['id', 'reference', 'status', 'received_at', 'deletion_requested_at'])
    .where('deletion_requested_at', 'is not', null).orderBy('deletion_requested_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, receivedAt: r.received_at, deletionRequestedAt: r.deletion_requested_at! }));
}

type Condition = { readonly kind: 'retention'; readonly cutoff: string } | { readonly kind: 'request' };
interface AuditFor {
  readonly actor: AuditActor;
  readonly action: 'consultation.purged' | 'consultation.erased';
  readonly ip?: string | null;
  readonly at: Date;
}

/** Deletes one consultation if `condition` still holds; undefined when it no longer does. */
async function purgeConsultation(ctx: AppContext, id: string, condition: Condition, audit: AuditFor): Promise<PurgeCounts | undefined> {
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    // Files are only ever added by a patient's follow-up, which reopens the case, and a reopened
    // case fails the condition below: the list read here is the list that goes.
    const files = (await trx.selectFrom('consultation_files').select('id').where('consultation_id', '=', id).execute()).map((f) => f.id);
    let remove = trx.deleteFrom('consultations').where('id', '=', id);
    remove = condition.kind === 'retention'
      ? remove.where('status', '=', 'closed').where('closed_at', '<=', condition.cutoff)
      : remove.where('deletion_requested_at', 'is not', null);
    const result = await remove.executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) return undefined;
    // After the case row: mail queued by a transaction that raced with this one is committed by now.
    const mails = await purgeMailIdsFor(trx, { type: 'consultation', id });
    await recordAudit(trx, { actor: audit.actor, action: audit.action, subject: { type: 'consultation', id }, ip: audit.ip ?? null, at: audit.at });
    return { files, mails };
  });
  if (!deleted) return undefined;
  let filesLeft = 0;
  for (const file of deleted.files) {
    try {
      await ctx.files.remove(file);
    } catch {
      filesLeft++;
    }
  }
  await removeMailFiles(path.join(ctx.config.dataDir, 'mail'), deleted.mails);
  return { consultations: 1, files: deleted.files.length - filesLeft, mails: deleted.mails.length, filesLeft };
}

function add(a: PurgeCounts, b: PurgeCounts): PurgeCounts {
  return { consultations: a.consultations + b.consultations, files: a.files + b.files, mails: a.mails + b.mails, filesLeft: a.filesLeft + b.filesLeft };
}

export type RetentionPurger = PeriodicJob;

/** Closes idle answered consultations, then runs the retention purge, now and every `intervalMs` (a day in the server); runs never overlap. Logs counts only. */
export function startRetentionPurge(ctx: AppContext, options: { intervalMs: number; log: { info(o: object, m: string): void; error(o: object, m: string): void } }): RetentionPurger {
  return startPeriodicJob(async () => {
    const autoClosed = await closeIdleAnsweredConsultations(ctx);
    if (autoClosed > 0) options.log.info({ event: 'consultations.auto_closed', consultations: autoClosed }, 'idle answered consultations closed');
    const r = await purgeExpiredConsultations(ctx);
    if (r.consultations + r.filesLeft > 0) {
      options.log.info({ event: 'consultations.purged', consultations: r.consultations, files: r.files, mails: r.mails, filesLeft: r.filesLeft }, 'retention purge done');
    }
    // On failure the error's message and stack only: never a row.
  }, { intervalMs: options.intervalMs, onError: (error) => { options.log.error({ err: error }, 'retention purge failed'); } });
}
