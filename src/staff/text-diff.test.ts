import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, diffStats, type DiffLine } from './text-diff.ts';

const show = (lines: readonly DiffLine[]): string[] => lines.map((l) => `${l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' '}${l.text}`);

describe('diffLines', () => {
  it('finds nothing to change in equal texts', () => {
    assert.deepEqual(show(diffLines('a\nb', 'a\nb')), [' a', ' b']);
    assert.deepEqual(diffLines('', ''), []);
  });

  it('shows added and removed lines around the common ones', () => {
    assert.deepEqual(show(diffLines('one\ntwo\nthree', 'one\n2\nthree\nfour')), [' one', '-two', '+2', ' three', '+four']);
  });

  it('keeps the longest common subsequence, not just the common ends', () => {
    const lines = diffLines('a\nb\nc\nd\ne', 'x\nb\ny\nd\nz');
    assert.deepEqual(show(lines), ['-a', '+x', ' b', '-c', '+y', ' d', '-e', '+z']);
    assert.deepEqual(diffStats(lines), { added: 3, removed: 3 });
  });

  it('handles a text that appears from or disappears to nothing', () => {
    assert.deepEqual(show(diffLines('', 'new\nlines')), ['+new', '+lines']);
    assert.deepEqual(show(diffLines('old', '')), ['-old']);
  });

  it('treats CRLF and LF line ends alike', () => {
    assert.deepEqual(show(diffLines('a\r\nb', 'a\nb')), [' a', ' b']);
  });

  it('stays correct on a reordering', () => {
    const lines = diffLines('1\n2\n3\n4', '4\n1\n2\n3');
    const kept = lines.filter((l) => l.op !== 'del').map((l) => l.text);
    const removedFromBefore = lines.filter((l) => l.op !== 'add').map((l) => l.text);
    assert.deepEqual(kept, ['4', '1', '2', '3']);
    assert.deepEqual(removedFromBefore, ['1', '2', '3', '4']);
    assert.deepEqual(diffStats(lines), { added: 1, removed: 1 });
  });

  it('falls back to remove-all/add-all for huge changes instead of building a huge table', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    const started = Date.now();
    const lines = diffLines(a, b);
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(diffStats(lines), { added: 3000, removed: 3000 });
  });
});
