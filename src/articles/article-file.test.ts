import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { categorySlug, formatArticleFile, isIsoDate, parseArticleFile, MAX_FILE_BYTES } from './article-file.ts';

const GOOD = `---
title: Leg cramps during dialysis
slug: leg-cramps
category: Dialysis / Complications
tags: [dialysis, cramps, vitamin d]
summary: Why cramps happen.
updated: 2026-10-01
reviewed: 2026-09-15
---

Intro paragraph.

## When to get urgent help

- chest pain
`;

const bytes = (text: string) => new TextEncoder().encode(text);

function problemsOf(text: string | Uint8Array, slug = 'leg-cramps') {
  const result = parseArticleFile(typeof text === 'string' ? bytes(text) : text, slug);
  assert.equal(result.ok, false, 'expected the file to be rejected');
  return result.ok ? [] : result.problems;
}

describe('parseArticleFile', () => {
  it('reads a good file', () => {
    const result = parseArticleFile(bytes(GOOD), 'leg-cramps');
    assert.ok(result.ok);
    assert.deepEqual(result.article.categoryPath, ['Dialysis', 'Complications']);
    assert.deepEqual(result.article.tags, ['dialysis', 'cramps', 'vitamin d']);
    assert.equal(result.article.reviewedOn, '2026-09-15');
    assert.equal(result.article.status, 'published');
    assert.equal(result.article.sample, false);
    assert.match(result.article.body, /^Intro paragraph\./);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const result = parseArticleFile(bytes(`\uFEFF${GOOD.replace(/\n/g, '\r\n')}`), 'leg-cramps');
    assert.ok(result.ok);
  });

  it('reports a missing front matter block on line 1', () => {
    assert.deepEqual(problemsOf('# Just markdown\n'), [{ line: 1, message: 'front matter missing: the file must start with a line "---"' }]);
  });

  it('reports an unclosed front matter block', () => {
    assert.match(problemsOf('---\ntitle: x\n')[0]!.message, /not closed/);
  });

  it('names each missing field', () => {
    const text = GOOD.replace(/^summary:.*\n/m, '').replace(/^tags:.*\n/m, '');
    const messages = problemsOf(text).map((p) => p.message);
    assert.ok(messages.includes('missing required field "summary"'));
    assert.ok(messages.includes('missing required field "tags"'));
  });

  it('gives the line of an invalid date', () => {
    const problems = problemsOf(GOOD.replace('updated: 2026-10-01', 'updated: 2026-02-30'));
    assert.deepEqual(problems, [{ line: 7, message: 'updated: "2026-02-30" is not a valid date (YYYY-MM-DD)' }]);
  });

  it('rejects unknown and duplicate keys with their lines', () => {
    const problems = problemsOf(GOOD.replace('slug: leg-cramps\n', 'slug: leg-cramps\ntittle: typo\ntitle: again\n'));
    assert.deepEqual(problems.map((p) => p.line), [4, 5]);
    assert.match(problems[0]!.message, /unknown front matter key "tittle"/);
    assert.match(problems[1]!.message, /duplicate front matter key "title" \(first on line 2\)/);
  });

  it('insists the slug matches the file name and is well formed', () => {
    assert.match(problemsOf(GOOD, 'other-name')[0]!.message, /must match the file name "other-name.md"/);
    assert.match(problemsOf(GOOD.replace('slug: leg-cramps', 'slug: Leg_Cramps'))[0]!.message, /lower-case words joined by hyphens/);
  });

  it('limits category depth, tag form and summary length', () => {
    assert.match(problemsOf(GOOD.replace('Dialysis / Complications', 'A / B / C / D'))[0]!.message, /at most 3 levels/);
    assert.match(problemsOf(GOOD.replace('[dialysis, cramps, vitamin d]', '[Dialysis]'))[0]!.message, /lower-case/);
    assert.match(problemsOf(GOOD.replace('[dialysis, cramps, vitamin d]', 'dialysis, cramps'))[0]!.message, /expected a list/);
    assert.match(problemsOf(GOOD.replace('Why cramps happen.', 'x'.repeat(201)))[0]!.message, /201 characters; the limit is 200/);
  });

  it('rejects a body over 1 MB and non-UTF-8 text', () => {
    const big = GOOD + 'x'.repeat(MAX_FILE_BYTES);
    assert.match(problemsOf(big)[0]!.message, /limit is 1048576/);
    const latin1 = Buffer.concat([Buffer.from(GOOD.slice(0, 40)), Buffer.from('\n\ncaf\xe9\n', 'latin1')]);
    const problems = problemsOf(latin1);
    assert.equal(problems[0]!.message, 'file is not valid UTF-8 text');
    assert.equal(problems[0]!.line, 5);
  });

  it('rejects an empty body and control characters', () => {
    assert.match(problemsOf(GOOD.slice(0, GOOD.indexOf('---\n\n') + 4))[0]!.message, /body is empty/);
    assert.match(problemsOf(GOOD.replace('Intro paragraph.', 'Intro\u0007 paragraph.'))[0]!.message, /control/);
    assert.match(problemsOf(GOOD.replace('title: Leg', 'title: \u202eLeg'))[0]!.message, /bidirectional/);
  });

  it('round-trips through formatArticleFile, including quoting and optional keys', () => {
    const result = parseArticleFile(bytes(GOOD), 'leg-cramps');
    assert.ok(result.ok);
    const tricky = { ...result.article, title: '"Quoted": a title', summary: 'Colon: inside', nextReviewOn: '2027-01-01', reviewedBy: 'Dr A. Example', sample: true, status: 'draft' as const };
    const again = parseArticleFile(bytes(formatArticleFile(tricky)), 'leg-cramps');
    assert.ok(again.ok);
    assert.deepEqual(again.article, tricky);
  });
});

describe('helpers', () => {
  it('makes category slugs', () => {
    assert.equal(categorySlug('Diet and fluids'), 'diet-and-fluids');
    assert.equal(categorySlug('Tests & results'), 'tests-and-results');
    assert.equal(categorySlug('Néphrologie'), 'nephrologie');
  });
  it('checks calendar dates', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2023-02-29'));
    assert.ok(!isIsoDate('2026-1-01'));
  });
});
