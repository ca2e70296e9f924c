import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeMetrics, ndcgAt, recallAt, reciprocalRankAt } from './search-metrics.ts';

describe('search metrics', () => {
  const relevant = { a: 2, b: 1 };
  it('nDCG@5 is 1 for the ideal order and lower otherwise', () => {
    assert.equal(ndcgAt(5, relevant, ['a', 'b', 'c']), 1);
    const swapped = ndcgAt(5, relevant, ['b', 'a']);
    // ideal: 3/1 + 1/log2(3); swapped: 1/1 + 3/log2(3)
    const expected = (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3));
    assert.ok(Math.abs(swapped - expected) < 1e-12);
    assert.equal(ndcgAt(5, relevant, ['x', 'y', 'z', 'w', 'v', 'a']), 0);
  });
  it('MRR@10 uses the first grade-2 item', () => {
    assert.equal(reciprocalRankAt(10, relevant, ['b', 'x', 'a']), 1 / 3);
    assert.equal(reciprocalRankAt(10, relevant, ['b']), 0);
  });
  it('recall@10 counts judged items in the top 10', () => {
    assert.equal(recallAt(10, relevant, ['a', 'x']), 0.5);
  });
  it('scores abstention on no-answer queries and false abstention on answerable ones', () => {
    const m = computeMetrics([
      { relevant: {}, ranked: ['a'], confident: false },
      { relevant: {}, ranked: ['a'], confident: true },
      { relevant, ranked: ['a', 'b'], confident: true },
      { relevant, ranked: ['a', 'b'], confident: false },
    ]);
    assert.equal(m.noAnswerAccuracy, 0.5);
    assert.equal(m.falseAbstention, 0.5);
    assert.equal(m.ndcg5, 1);
  });
});
