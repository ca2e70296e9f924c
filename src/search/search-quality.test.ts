import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeEachDatabase, createTestEnv, type TestEnv } from '../../test/databases.ts';
import { importArticlesFromDir } from '../articles/index.ts';
import { evaluateSearch, type EvalQuery } from './search-evaluation.ts';

// Guards search quality against regressions: the development queries of shared/eval must keep
// meeting the targets on both engines (the held-out set is scored elsewhere, never tuned on).
const EVAL_DIR = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'eval');
const queries = JSON.parse(readFileSync(path.join(EVAL_DIR, 'queries-dev.json'), 'utf8')) as EvalQuery[];

describeEachDatabase('search quality on the development queries', (kind) => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv(kind);
    await importArticlesFromDir(env.ctx, path.join(EVAL_DIR, 'corpus'));
  });
  after(async () => { await env.close(); });

  it('meets the targets: nDCG@5 ≥ 0.90, recall@10 ≥ 0.97, no-answer ≥ 0.75, false abstention ≤ 5 %', async () => {
    const { metrics, misses } = await evaluateSearch(env.ctx.db, queries, { understanding: true });
    const detail = `${JSON.stringify(metrics)}\n${misses.join('\n')}`;
    assert.ok(metrics.ndcg5 >= 0.9, detail);
    assert.ok(metrics.recall10 >= 0.97, detail);
    assert.ok(metrics.noAnswerAccuracy >= 0.75, detail);
    assert.ok(metrics.falseAbstention <= 0.05, detail);
  });

  it('query understanding clearly beats plain BM25', async () => {
    const understood = await evaluateSearch(env.ctx.db, queries, { understanding: true });
    const baseline = await evaluateSearch(env.ctx.db, queries, { understanding: false });
    assert.ok(understood.metrics.ndcg5 > baseline.metrics.ndcg5 + 0.05, `${understood.metrics.ndcg5} vs ${baseline.metrics.ndcg5}`);
  });
});
