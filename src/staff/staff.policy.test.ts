import { it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../platform/errors.ts';
import { assertCan, can, requiresTotp, STAFF_ACTIONS, type StaffAction, type StaffActor } from './staff.policy.ts';

const admin: StaffActor = { id: 'a1', role: 'admin', isReviewer: false };
const adminReviewer: StaffActor = { id: 'a2', role: 'admin', isReviewer: true };
const expert: StaffActor = { id: 'x1', role: 'expert', isReviewer: false };
const expertReviewer: StaffActor = { id: 'x2', role: 'expert', isReviewer: true };
const editor: StaffActor = { id: 'e1', role: 'editor', isReviewer: false };
const reviewer: StaffActor = { id: 'e2', role: 'editor', isReviewer: true };

// Y: allowed, '.': refused. Columns: admin, admin+reviewer, expert, expert+reviewer, editor, editor+reviewer, anonymous.
const TABLE: Record<StaffAction, string> = {
  'console.use':         'Y Y Y Y Y Y .',
  'staff.manage':        'Y Y . . . . .',
  'staff.disable':       'Y Y . . . . .',
  'audit.read':          'Y Y . . . . .',
  'consultation.view':   'Y Y Y Y . . .',
  'consultation.claim':  'Y Y Y Y . . .',
  'consultation.answer': 'Y Y Y Y . . .',
  'consultation.note':   'Y Y Y Y . . .',
  'consultation.status': 'Y Y Y Y . . .',
  'consultation.assign': 'Y Y Y Y . . .',
  'consultation.file':   'Y Y Y Y . . .',
  'dashboard.read':      'Y Y Y Y . . .',
  'template.manage':     'Y Y Y Y . . .',
  'article.read':        'Y Y Y Y Y Y .',
  'article.write':       'Y Y . . Y Y .',
  'article.submit':      'Y Y . . Y Y .',
  // The reviewer flag is what counts: a nephrologist (expert) with it signs off too.
  'article.signoff':     '. Y . Y . Y .',
  'article.publish':     'Y Y . . Y Y .',
  'contact.handle':      'Y Y Y Y . . .',
  'profile.manage':      'Y Y . . . . .',
  'story.moderate':      'Y Y . . Y Y .',
  'patient.erase':       'Y Y . . . . .',
};
const ACTORS: (StaffActor | null)[] = [admin, adminReviewer, expert, expertReviewer, editor, reviewer, null];

it('the role table: every action for every role and for nobody', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), [...STAFF_ACTIONS].sort(), 'the table covers every action');
  for (const action of STAFF_ACTIONS) {
    const expected = TABLE[action].split(' ');
    ACTORS.forEach((actor, i) => {
      assert.equal(can(actor, action), expected[i] === 'Y', `${actor ? `${actor.role}${actor.isReviewer ? '+reviewer' : ''}` : 'anonymous'} → ${action}`);
    });
  }
});

it('subject rules: no sign-off of one\'s own article; no disabling oneself', () => {
  assert.equal(can(reviewer, 'article.signoff', { type: 'article', authorId: 'someone-else' }), true);
  assert.equal(can(reviewer, 'article.signoff', { type: 'article', authorId: reviewer.id }), false);
  assert.equal(can(reviewer, 'article.signoff', { type: 'article', authorId: null }), true);
  assert.equal(can(admin, 'staff.disable', { type: 'staff', id: 'other' }), true);
  assert.equal(can(admin, 'staff.disable', { type: 'staff', id: admin.id }), false);
  assert.equal(can(expert, 'staff.disable', { type: 'staff', id: 'other' }), false);
});

it('assertCan: UNAUTHENTICATED for nobody, FORBIDDEN for a role without the right', () => {
  assert.throws(() => assertCan(null, 'console.use'), (e: unknown) => e instanceof AppError && e.code === 'UNAUTHENTICATED' && e.status === 401);
  assert.throws(() => assertCan(editor, 'consultation.view'), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN' && e.status === 403);
  assert.doesNotThrow(() => assertCan(expert, 'consultation.answer'));
});

it('TOTP is required for admins and experts, optional for editors', () => {
  assert.deepEqual((['admin', 'expert', 'editor'] as const).map(requiresTotp), [true, true, false]);
});
