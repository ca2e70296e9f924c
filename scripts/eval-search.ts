// npm run eval:search -- <queries.json> [--corpus <dir>] [--engine sqlite|postgres|both] [--baseline] [--json] [--verbose]
// Imports the corpus into a fresh temporary database per engine, runs every query through the
// same code path as /api/search, and prints the metrics defined in shared/eval/README.md.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { openContext } from '../src/runtime.ts';
import { createTemporaryDatabase, type DatabaseKind } from '../src/db/index.ts';
import { importArticlesFromDir } from '../src/articles/index.ts';
import { evaluateSearch, type EvalQuery } from '../src/search/search-evaluation.ts';
import type { SearchMetrics } from '../src/search/search-metrics.ts';

const ROOT = path.join(import.meta.dirname, '..');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    corpus: { type: 'string', default: path.join(ROOT, '..', 'shared', 'eval', 'corpus') },
    engine: { type: 'string' },
    baseline: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const queriesFile = positionals[0] ?? path.join(ROOT, '..', 'shared', 'eval', 'queries-dev.json');
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as EvalQuery[];
const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const engineArg = values.engine ?? (postgresUrl ? 'both' : 'sqlite');
if (!['sqlite', 'postgres', 'both'].includes(engineArg)) {
  process.stderr.write(`--engine must be sqlite, postgres or both\n`);
  process.exit(2);
}
const engines: DatabaseKind[] = engineArg === 'both' ? ['sqlite', 'postgres'] : [engineArg as DatabaseKind];

const report: Record<string, Omit<SearchMetrics, 'answerable' | 'noAnswer'>> = {};
for (const engine of engines) {
  const { metrics, misses } = await evaluate(engine);
  report[engine] = {
    ndcg5: round(metrics.ndcg5), mrr10: round(metrics.mrr10), recall10: round(metrics.recall10),
    noAnswerAccuracy: round(metrics.noAnswerAccuracy), falseAbstention: round(metrics.falseAbstention),
  };
  if (!values.json) {
    process.stdout.write(`\n${engine}${values.baseline ? ' (baseline: plain BM25, no query understanding)' : ''} — ${metrics.answerable} answerable, ${metrics.noAnswer} no-answer queries\n`);
    process.stdout.write(`  nDCG@5            ${metrics.ndcg5.toFixed(3)}\n  MRR@10            ${metrics.mrr10.toFixed(3)}\n  recall@10         ${metrics.recall10.toFixed(3)}\n`);
    process.stdout.write(`  no-answer acc.    ${metrics.noAnswerAccuracy.toFixed(3)}\n  false abstention  ${metrics.falseAbstention.toFixed(3)}\n`);
    if (values.verbose) for (const miss of misses) process.stdout.write(`  miss: ${miss}\n`);
  }
}
if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);

async function evaluate(engine: DatabaseKind): Promise<{ metrics: SearchMetrics; misses: string[] }> {
  const temp = await createTemporaryDatabase(engine, postgresUrl, 'kd_eval');
  const config = loadConfig({ DATA_DIR: temp.dataDir, LOG_LEVEL: 'silent', ...(temp.url ? { DATABASE_URL: temp.url } : {}) });
  const { ctx, handle } = await openContext(config);
  try {
    const imported = await importArticlesFromDir(ctx, path.resolve(values.corpus!));
    if (imported.failedFiles > 0) throw new Error(`corpus has ${imported.failedFiles} invalid file(s)`);
    return await evaluateSearch(ctx.db, queries, { understanding: !values.baseline });
  } finally {
    await handle.close();
    await temp.drop();
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
