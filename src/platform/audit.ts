import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { isIP } from 'node:net';
import type { Db, Trx } from '../database.ts';
import { serializeWriters } from '../db/index.ts';
import type { AuditActorType, AuditOutcome, AuditRow } from './audit.table.ts';

// The audit log is a hash chain: each row stores the previous row's hash and its own,
// sha256(prev_hash + canonical JSON of the row). Editing, deleting or reordering rows breaks the
// chain, which verifyAuditChain finds. Rows hold ids and codes only: the shapes accepted below
// leave no room for a name, an e-mail address or free text.

export type { AuditActorType, AuditOutcome, AuditRow } from './audit.table.ts';

/** Who acted: a staff member or patient case by id, or the system itself. */
export interface AuditActor {
  readonly type: AuditActorType;
  readonly id?: string | null | undefined;
}

/** What was acted on, e.g. `{ type: 'consultation', id }`. */
export interface AuditSubject {
  readonly type: string;
  readonly id?: string | null | undefined;
}

export interface AuditEntry {
  readonly actor: AuditActor;
  /** A dotted code: `consultation.viewed`, `staff.login_failed`, … */
  readonly action: string;
  readonly subject?: AuditSubject | undefined;
  readonly ip?: string | null | undefined;
  /** Defaults to 'ok'. */
  readonly outcome?: AuditOutcome | undefined;
  readonly at: Date;
}

/** The hash a chain starts from. */
export const AUDIT_GENESIS = '';
const LOCK_NAME = 'kidneydesk.audit_log';
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const ID = /^[A-Za-z0-9_:-]{1,100}$/;
const SUBJECT_TYPE = /^[a-z][a-z_]{0,39}$/;

/**
 * Appends one row to the audit log inside the caller's transaction, so the record exists if and
 * only if the action commits. Concurrent writers take turns (db/transaction-lock.ts). Throws on
 * an action, id or subject type of the wrong shape: a programming error, never user input.
 */
export async function recordAudit(trx: Trx, entry: AuditEntry): Promise<number> {
  if (!ACTION.test(entry.action)) throw new Error(`audit: not an action code: ${entry.action.slice(0, 60)}`);
  const actorId = checkedId(entry.actor.id, 'actor id');
  const subjectId = checkedId(entry.subject?.id, 'subject id');
  const subjectType = entry.subject?.type ?? null;
  if (subjectType !== null && !SUBJECT_TYPE.test(subjectType)) throw new Error('audit: not a subject type');

  await serializeWriters(trx, LOCK_NAME);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const content: AuditContent = {
    seq: (last ? Number(last.seq) : 0) + 1,
    at: entry.at.toISOString(),
    actor_type: entry.actor.type,
    actor_id: actorId,
    action: entry.action,
    subject_type: subjectType,
    subject_id: subjectId,
    ip: entry.ip && isIP(entry.ip) ? entry.ip : null,
    outcome: entry.outcome ?? 'ok',
  };
  const prevHash = last?.hash ?? AUDIT_GENESIS;
  await trx.insertInto('audit_log').values({ ...content, prev_hash: prevHash, hash: auditHash(prevHash, content) }).execute();
  return content.seq;
}

type AuditContent = Omit<AuditRow, 'prev_hash' | 'hash'>;

/** sha256(prev_hash + canonical JSON of the row's content), hex. Keys sorted, so the form never drifts. */
export function auditHash(prevHash: string, row: AuditContent): string {
  const canonical = JSON.stringify({
    action: row.action, actor_id: row.actor_id, actor_type: row.actor_type, at: row.at, ip: row.ip,
    outcome: row.outcome, seq: Number(row.seq), subject_id: row.subject_id, subject_type: row.subject_type,
  });
  return createHash('sha256').update(prevHash + canonical).digest('hex');
}

export type AuditChainProblem = 'missing' | 'edited' | 'broken-link';

export interface AuditChainReport {
  readonly ok: boolean;
  /** Rows checked (all of them when ok). */
  readonly rows: number;
  /** The last row's hash: record it elsewhere to detect later truncation of the tail. */
  readonly headHash: string;
  readonly firstBadSeq?: number;
  readonly problem?: AuditChainProblem;
  /** One line for a person. */
  readonly detail?: string;
}

/**
 * Walks the whole log in seq order. Finds a deleted row (a hole in seq, or a link that no longer
 * meets its predecessor), an edited row (its hash no longer matches its content) and a reordered
 * one (seq is part of the hashed content). Rows removed from the very end leave no trace in the
 * chain itself: compare `headHash` with one recorded earlier.
 */
export async function verifyAuditChain(db: Db, options: { batchSize?: number } = {}): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? 1000;
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS;
  let rows = 0;
  for (;;) {
    const batch = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq)
      .orderBy('seq').limit(batchSize).execute();
    for (const row of batch) {
      const seq = Number(row.seq);
      const bad = (problem: AuditChainProblem, badSeq: number, detail: string): AuditChainReport =>
        ({ ok: false, rows, headHash: prevHash, firstBadSeq: badSeq, problem, detail });
      if (seq !== expectedSeq) return bad('missing', expectedSeq, `row ${expectedSeq} is missing: the log jumps from ${expectedSeq - 1} to ${seq}`);
      if (row.hash !== auditHash(row.prev_hash, row)) return bad('edited', seq, `row ${seq} does not match its hash: it was changed after it was written`);
      if (row.prev_hash !== prevHash) return bad('broken-link', seq, `row ${seq} does not follow row ${seq - 1}: rows were removed or reordered`);
      prevHash = row.hash;
      expectedSeq = seq + 1;
      rows++;
    }
    if (batch.length < batchSize) return { ok: true, rows, headHash: prevHash };
  }
}

export interface AuditFilters {
  readonly action?: string | undefined;
  readonly actorType?: AuditActorType | undefined;
  readonly actorId?: string | undefined;
  readonly subjectType?: string | undefined;
  readonly subjectId?: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  /** ISO date or time; inclusive. */
  readonly from?: string | undefined;
  /** ISO date or time; exclusive. */
  readonly to?: string | undefined;
  /** Keyset paging: rows with a smaller seq than this. */
  readonly beforeSeq?: number | undefined;
  readonly limit?: number | undefined;
}

export interface AuditPage {
  readonly rows: readonly AuditRow[];
  /** Pass as `beforeSeq` for the next (older) page; undefined on the last page. */
  readonly nextBeforeSeq: number | undefined;
}

/** Audit rows, newest first, filtered; for admins. An action ending in `.` matches a prefix (`staff.`). */
export async function listAudit(db: Db, filters: AuditFilters = {}): Promise<AuditPage> {
  const limit = Math.min(Math.max(filters.limit ?? 50, 1), 500);
  let query = db.selectFrom('audit_log').selectAll();
  const action = filters.action;
  if (action) {
    // A prefix compares the first characters (no LIKE: `_` would be a wildcard there).
    query = action.endsWith('.')
      ? query.where((eb) => eb(eb.fn<string>('substr', ['action', sql.lit(1), sql.lit(action.length)]), '=', action))
      : query.where('action', '=', action);
  }
  if (filters.actorType) query = query.where('actor_type', '=', filters.actorType);
  if (filters.actorId) query = query.where('actor_id', '=', filters.actorId);
  if (filters.subjectType) query = query.where('subject_type', '=', filters.subjectType);
  if (filters.subjectId) query = query.where('subject_id', '=', filters.subjectId);
  if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
  const from = isoTime(filters.from);
  const to = isoTime(filters.to);
  if (from) query = query.where('at', '>=', from);
  if (to) query = query.where('at', '<', to);
  if (filters.beforeSeq !== undefined) query = query.where('seq', '<', filters.beforeSeq);
  const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit).map((r) => ({ ...r, seq: Number(r.seq) }));
  return { rows: page, nextBeforeSeq: rows.length > limit ? page[page.length - 1]!.seq : undefined };
}

function checkedId(value: string | null | undefined, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (!ID.test(value)) throw new Error(`audit: ${what} is not an id`);
  return value;
}

/** A date or time as the full ISO form the rows store, so text comparison orders them right. */
function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
