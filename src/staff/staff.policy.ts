import { AppError } from '../platform/errors.ts';
import type { StaffRole } from './staff.table.ts';

// Who may do what in the staff console: pure functions of the actor, the action and (for some
// actions) the record acted on. Routes load first, then `assertCan`; nothing here reads the
// database, so the whole table is tested without one.

/** The signed-in staff member, as policies and routes see them. */
export interface StaffActor {
  readonly id: string;
  readonly role: StaffRole;
  readonly isReviewer: boolean;
}

export const STAFF_ACTIONS = [
  'console.use',
  'staff.manage',
  'staff.disable',
  'audit.read',
  'consultation.view',
  'consultation.claim',
  'consultation.answer',
  'consultation.note',
  'consultation.status',
  'consultation.assign',
  'consultation.file',
  'dashboard.read',
  'template.manage',
  'article.read',
  'article.write',
  'article.submit',
  'article.signoff',
  'article.publish',
  'contact.handle',
  'profile.manage',
  'story.moderate',
  'patient.erase',
] as const;

export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** The record an action is about, where the rule depends on it. */
export type PolicySubject =
  | { readonly type: 'staff'; readonly id: string }
  | { readonly type: 'article'; readonly authorId: string | null };

const EXPERT_ACTIONS: readonly StaffAction[] = [
  'console.use', 'consultation.view', 'consultation.claim', 'consultation.answer', 'consultation.note', 'consultation.status',
  'consultation.assign', 'consultation.file', 'dashboard.read', 'template.manage', 'article.read', 'contact.handle',
];
const EDITOR_ACTIONS: readonly StaffAction[] = ['console.use', 'article.read', 'article.write', 'article.submit', 'article.signoff', 'article.publish', 'story.moderate'];

const ROLE_ACTIONS: Record<StaffRole, ReadonlySet<StaffAction>> = {
  admin: new Set(STAFF_ACTIONS),
  expert: new Set(EXPERT_ACTIONS),
  editor: new Set(EDITOR_ACTIONS),
};

/** True when the actor (null: nobody signed in) may take the action on the subject. */
export function can(actor: StaffActor | null, action: StaffAction, subject?: PolicySubject): boolean {
  if (!actor) return false;
  // Signing off is the reviewer's job whatever their role, never for one's own article (four eyes).
  if (action === 'article.signoff') return actor.isReviewer && !(subject?.type === 'article' && subject.authorId === actor.id);
  if (!ROLE_ACTIONS[actor.role].has(action)) return false;
  switch (action) {
    // Nobody disables their own account: the last admin could lock everyone out.
    case 'staff.disable':
      return !(subject?.type === 'staff' && subject.id === actor.id);
    default:
      return true;
  }
}

/** Throws UNAUTHENTICATED for nobody and FORBIDDEN for a staff member who may not. */
export function assertCan(actor: StaffActor | null, action: StaffAction, subject?: PolicySubject): asserts actor is StaffActor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!can(actor, action, subject)) throw new AppError('FORBIDDEN');
}

/** Roles that must use a one-time code to sign in: they can read patients' cases or manage staff. */
export function requiresTotp(role: StaffRole): boolean {
  return role === 'admin' || role === 'expert';
}

export const ROLE_LABELS: Record<StaffRole, string> = { admin: 'Admin', expert: 'Expert', editor: 'Editor' };
