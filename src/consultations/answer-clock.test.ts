import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clockState, describeClock, formatDuration, freshDueAt, resumeClock, type AnswerClock } from './answer-clock.ts';

const at = (iso: string) => new Date(iso);
const clock = (overrides: Partial<AnswerClock> = {}): AnswerClock => ({
  dueAt: '2026-11-23T09:00:00.000Z', clockPausedAt: '2026-11-22T12:00:00.000Z', pausedSeconds: 0, firstAnsweredAt: null, reminderSentAt: null, ...overrides,
});

describe('the answer clock', () => {
  it('resuming moves the deadline on by the pause and counts it before the first answer', () => {
    const resumed = resumeClock(clock({ pausedSeconds: 60 }), at('2026-11-22T14:30:00Z'));
    assert.equal(resumed.dueAt, '2026-11-23T11:30:00.000Z');
    assert.equal(resumed.pausedFor, 9000);
    assert.equal(resumed.pausedSeconds, 9060);
    assert.equal(resumed.clockPausedAt, null);
  });

  it('after the first answer a pause still moves the deadline but is not counted', () => {
    const resumed = resumeClock(clock({ firstAnsweredAt: '2026-11-22T11:00:00.000Z', pausedSeconds: 100 }), at('2026-11-22T13:00:00Z'));
    assert.equal(resumed.dueAt, '2026-11-23T10:00:00.000Z');
    assert.equal(resumed.pausedSeconds, 100);
  });

  it('a sent reminder is due again only when the new deadline is more than 4 hours away', () => {
    const sent = '2026-11-22T11:00:00.000Z';
    // Due 13:00, paused 11:00, resumed 12:00: new due 14:00, 2 h away: the reminder stays sent.
    const near = resumeClock(clock({ dueAt: '2026-11-22T13:00:00.000Z', clockPausedAt: '2026-11-22T11:00:00.000Z', reminderSentAt: sent }), at('2026-11-22T12:00:00Z'));
    assert.equal(near.dueAt, '2026-11-22T14:00:00.000Z');
    assert.equal(near.reminderSentAt, sent);
    // Exactly 4 h away is not more than 4 h.
    const edge = resumeClock(clock({ dueAt: '2026-11-22T13:00:00.000Z', clockPausedAt: '2026-11-22T11:00:00.000Z', reminderSentAt: sent }), at('2026-11-22T13:00:00Z'));
    assert.equal(edge.dueAt, '2026-11-22T15:00:00.000Z');
    assert.equal(edge.reminderSentAt, sent);
    // Due 16:00, paused 11:00 (the reminder went out at 11:00), resumed 16:00: new due 21:00, 5 h away.
    const far = resumeClock(clock({ dueAt: '2026-11-22T16:00:00.000Z', clockPausedAt: '2026-11-22T11:00:00.000Z', reminderSentAt: sent }), at('2026-11-22T16:00:00Z'));
    assert.equal(far.dueAt, '2026-11-22T21:00:00.000Z');
    assert.equal(far.reminderSentAt, null);
  });

  it('a clock that is not paused, or a pause stamped in the future, changes nothing', () => {
    const running = clock({ clockPausedAt: null, pausedSeconds: 5, reminderSentAt: 'x' });
    assert.deepEqual(resumeClock(running, at('2026-11-22T20:00:00Z')), { dueAt: running.dueAt, clockPausedAt: null, pausedSeconds: 5, reminderSentAt: 'x', pausedFor: 0 });
    const skewed = resumeClock(clock(), at('2026-11-22T11:00:00Z'));
    assert.equal(skewed.dueAt, '2026-11-23T09:00:00.000Z');
    assert.equal(skewed.pausedSeconds, 0);
  });

  it('a fresh deadline is the answer target from now', () => {
    assert.equal(freshDueAt(at('2026-11-22T09:15:00Z'), 24), '2026-11-23T09:15:00.000Z');
  });

  it('says time left, overdue and paused in words', () => {
    const now = at('2026-11-22T09:00:00Z');
    assert.equal(describeClock(clockState({ dueAt: '2026-11-22T14:12:30.000Z', clockPausedAt: null }, now)), '5 h 12 min left');
    assert.equal(describeClock(clockState({ dueAt: '2026-11-22T07:57:00.000Z', clockPausedAt: null }, now)), 'Overdue by 1 h 3 min');
    assert.equal(describeClock(clockState({ dueAt: '2026-11-22T09:00:00.000Z', clockPausedAt: null }, now)), 'less than 1 min left');
    assert.equal(describeClock(clockState({ dueAt: '2026-11-22T12:00:00.000Z', clockPausedAt: '2026-11-22T07:00:00.000Z' }, now)), 'Paused (5 h left)');
    assert.equal(describeClock(clockState({ dueAt: '2026-11-22T06:00:00.000Z', clockPausedAt: '2026-11-22T07:00:00.000Z' }, now)), 'Paused (overdue by 1 h)');
    assert.equal(formatDuration(45 * 60_000 + 59_999), '45 min');
    assert.equal(formatDuration(26 * 3_600_000), '26 h');
  });
});
