import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allowedEdits, editDistance } from './edit-distance.ts';
import { Vocabulary } from './vocabulary.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    assert.equal(editDistance('breth', 'breath', 2), 1);
    assert.equal(editDistance('heprin', 'heparin', 2), 1);
    assert.equal(editDistance('dialisys', 'dialysis', 2), 2);
    assert.equal(editDistance('form', 'from', 2), 1);
    assert.equal(editDistance('same', 'same', 0), 0);
  });
  it('stops early beyond the limit', () => {
    assert.equal(editDistance('kidney', 'potassium', 2), 3);
    assert.equal(editDistance('abcdef', 'uvwxyz', 1), 2);
  });
  it('allows more edits for longer words, none for short ones', () => {
    assert.deepEqual([3, 4, 5, 6, 9].map(allowedEdits), [0, 1, 1, 2, 2]);
  });
});

describe('Vocabulary', () => {
  const vocabulary = new Vocabulary([
    { word: 'breath', stem: 'breath', df: 4 },
    { word: 'breathless', stem: 'breathless', df: 2 },
    { word: 'bread', stem: 'bread', df: 1 },
    { word: 'heparin', stem: 'heparin', df: 2 },
  ], 10, ['pruritus']);

  it('corrects a typo to the nearest, most common word', () => {
    assert.equal(vocabulary.closestWord('breth'), 'breath');
    assert.equal(vocabulary.closestWord('heprin'), 'heparin');
    assert.equal(vocabulary.closestWord('pruritis'), 'pruritus');
  });
  it('leaves words with no close match alone', () => {
    assert.equal(vocabulary.closestWord('zzzzzz'), undefined);
    assert.equal(vocabulary.closestWord('bre'), undefined);
  });
  it('weights rare stems above common ones', () => {
    assert.ok(vocabulary.idf('bread') > vocabulary.idf('breath'));
    assert.equal(vocabulary.df('unknown'), 0);
  });
});
