import type { Db, Trx } from '../database.ts';
import type { ConsultationFileRow, ConsultationMessageRow, ConsultationNoteRow, ConsultationRow, ConsultationStatus, TriageLevel } from '../consultations/index.ts';
import type { StaffRole } from './staff.table.ts';

// SQL for the expert console's reads across patients: the queue, one consultation with its
// history, and the people a consultation can be assigned to. Named for staff so nobody mistakes
// them for the patient's own, single-case reads.

type Executor = Db | Trx;

/** The queue's status filter: 'waiting' is an open consultation whose clock is paused. */
export const QUEUE_STATUSES = ['open', 'received', 'in_progress', 'waiting', 'answered', 'closed', 'all'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const QUEUE_ASSIGNEES = ['any', 'mine', 'unassigned'] as const;
export type QueueAssignee = (typeof QUEUE_ASSIGNEES)[number];

export interface QueueFilters {
  readonly status: QueueStatus;
  readonly assignee: QueueAssignee;
  /** A condition value, or '' for every condition. */
  readonly condition: string;
  /** Who "mine" is. */
  readonly staffId: string;
}

/** One queue row: no health text beyond the condition. */
export interface QueueRow {
  readonly id: string;
  readonly reference: string;
  readonly condition: string;
  readonly triage_level: TriageLevel;
  readonly status: ConsultationStatus;
  readonly received_at: string;
  readonly due_at: string;
  readonly clock_paused_at: string | null;
  readonly assigned_to: string | null;
  readonly assignee_name: string | null;
}

const OPEN: readonly ConsultationStatus[] = ['received', 'in_progress'];

/**
 * Consultations across patients for the queue. Open ones: emergency first, then same-day, then the
 * nearest deadline; answered and closed ones: the most recently changed first.
 */
export async function listConsultationsForStaff(db: Executor, filters: QueueFilters, limit: number): Promise<QueueRow[]> {
  let query = db.selectFrom('consultations as c')
    .leftJoin('staff as s', 's.id', 'c.assigned_to')
    .select(['c.id', 'c.reference', 'c.condition', 'c.triage_level', 'c.status', 'c.received_at', 'c.due_at', 'c.clock_paused_at', 'c.assigned_to', 's.name as assignee_name']);
  switch (filters.status) {
    case 'open': query = query.where('c.status', 'in', OPEN); break;
    case 'received': case 'in_progress': query = query.where('c.status', '=', filters.status).where('c.clock_paused_at', 'is', null); break;
    case 'waiting': query = query.where('c.status', 'in', OPEN).where('c.clock_paused_at', 'is not', null); break;
    case 'answered': case 'closed': query = query.where('c.status', '=', filters.status); break;
    case 'all': break;
  }
  if (filters.assignee === 'mine') query = query.where('c.assigned_to', '=', filters.staffId);
  if (filters.assignee === 'unassigned') query = query.where('c.assigned_to', 'is', null);
  if (filters.condition !== '') query = query.where('c.condition', '=', filters.condition);
  if (filters.status === 'answered' || filters.status === 'closed') {
    query = query.orderBy('c.updated_at', 'desc');
  } else {
    query = query.orderBy((eb) => eb.case()
      .when('c.status', 'not in', OPEN).then(3)
      .when('c.triage_level', '=', 'emergency').then(0)
      .when('c.triage_level', '=', 'same-day').then(1)
      .else(2).end()).orderBy('c.due_at');
  }
  return query.orderBy('c.id').limit(limit).execute();
}

/** How many consultations fall in each status and assignee bucket (for one condition, or all). */
export interface QueueCounts {
  readonly status: Readonly<Record<QueueStatus, number>>;
  readonly assignee: Readonly<Record<QueueAssignee, number>>;
}

/**
 * Counts for the filter links: per status under the chosen assignee filter, and per assignee
 * filter under the chosen status, both within the chosen condition.
 */
export async function countConsultationsForStaff(db: Executor, filters: QueueFilters): Promise<QueueCounts> {
  let query = db.selectFrom('consultations')
    .select((eb) => ['status', 'assigned_to', eb.fn.countAll<string | number>().as('n'), eb.fn.count<string | number>('clock_paused_at').as('paused')])
    .groupBy(['status', 'assigned_to']);
  if (filters.condition !== '') query = query.where('condition', '=', filters.condition);
  const groups = (await query.execute()).map((g) => ({ status: g.status, assignedTo: g.assigned_to, n: Number(g.n), paused: Number(g.paused) }));
  const status = Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as Record<QueueStatus, number>;
  const assignee = Object.fromEntries(QUEUE_ASSIGNEES.map((a) => [a, 0])) as Record<QueueAssignee, number>;
  const inAssignee = (a: QueueAssignee, to: string | null) => a === 'any' || (a === 'mine' ? to === filters.staffId : to === null);
  for (const g of groups) {
    const open = OPEN.includes(g.status);
    const byStatus: Record<QueueStatus, number> = {
      open: open ? g.n : 0,
      received: g.status === 'received' ? g.n - g.paused : 0,
      in_progress: g.status === 'in_progress' ? g.n - g.paused : 0,
      waiting: open ? g.paused : 0,
      answered: g.status === 'answered' ? g.n : 0,
      closed: g.status === 'closed' ? g.n : 0,
      all: g.n,
    };
    if (inAssignee(filters.assignee, g.assignedTo)) for (const s of QUEUE_STATUSES) status[s] += byStatus[s];
    for (const a of QUEUE_ASSIGNEES) if (inAssignee(a, g.assignedTo)) assignee[a] += byStatus[filters.status];
  }
  return { status, assignee };
}

/** One consultation with everything the expert's view shows. */
export interface StaffCase {
  readonly consultation: ConsultationRow;
  readonly messages: ConsultationMessageRow[];
  readonly files: ConsultationFileRow[];
  readonly notes: ConsultationNoteRow[];
}

/** A consultation of any patient, for staff (the caller has checked the policy and audits the read). */
export async function loadConsultationForStaff(db: Executor, id: string): Promise<StaffCase | undefined> {
  const consultation = await db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!consultation) return undefined;
  const messages = await db.selectFrom('consultation_messages').selectAll().where('consultation_id', '=', id).orderBy('created_at').orderBy('id').execute();
  const files = await db.selectFrom('consultation_files').selectAll().where('consultation_id', '=', id).orderBy('created_at').orderBy('id').execute();
  const notes = await db.selectFrom('consultation_notes').selectAll().where('consultation_id', '=', id).orderBy('created_at').orderBy('id').execute();
  return { consultation, messages, files, notes };
}

/** The consultation row alone (for actions), or undefined. */
export function findConsultationForStaff(db: Executor, id: string): Promise<ConsultationRow | undefined> {
  return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A file of this consultation only: a file id from another consultation finds nothing. */
export function findConsultationFile(db: Executor, consultationId: string, fileId: string): Promise<ConsultationFileRow | undefined> {
  return db.selectFrom('consultation_files').selectAll().where('consultation_id', '=', consultationId).where('id', '=', fileId).executeTakeFirst();
}

export interface StaffName {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly disabled: boolean;
}

/** Every staff account's name (disabled ones too: history keeps their names). */
export async function listStaffNames(db: Executor): Promise<StaffName[]> {
  const rows = await db.selectFrom('staff').select(['id', 'name', 'role', 'disabled_at']).orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, disabled: r.disabled_at !== null }));
}

/** True when a consultation may be assigned to this staff id: an expert or admin whose account is not disabled. */
export function isAssignable(person: StaffName | undefined): boolean {
  return person !== undefined && !person.disabled && (person.role === 'expert' || person.role === 'admin');
}
