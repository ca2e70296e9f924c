// npm run bench:search [-- --sizes 10000,100000 --queries 1000 --engine sqlite|postgres]
// Builds synthetic corpora from the sample articles' vocabulary, then prints index build time,
// database size, RSS and p50/p95/p99 latency of search and suggest over realistic queries.
import { parseArgs } from 'node:util';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { openContext } from '../src/runtime.ts';
import { createTemporaryDatabase, newId, type DatabaseKind } from '../src/db/index.ts';
import { importArticlesFromDir, reindexArticles } from '../src/articles/index.ts';
import { searchKnowledge, suggestTitles } from '../src/search/index.ts';
import type { Db } from '../src/database.ts';
import type { Insertable } from 'kysely';
import type { ArticleTable } from '../src/articles/article.table.ts';

const ROOT = path.join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    queries: { type: 'string', default: '1000' },
    engine: { type: 'string', default: 'sqlite' },
    slowest: { type: 'string', default: '0' },
  },
});
const sizes = values.sizes!.split(',').map(Number);
const queryCount = Number(values.queries);
const engine = values.engine as DatabaseKind;

// A small deterministic random generator, so every run builds the same corpus and queries.
let seed = 42;
function random(): number {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

interface Sample { title: string; summary: string; body: string; tags: string[]; sentences: string[] }
const samples: Sample[] = readdirSync(path.join(ROOT, 'content', 'sample')).map((file) => {
  const text = readFileSync(path.join(ROOT, 'content', 'sample', file), 'utf8');
  const front = text.split('---')[1]!;
  const field = (key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(front)?.[1] ?? '';
  const body = text.split('---').slice(2).join('---').trim();
  return {
    title: field('title'), summary: field('summary'), body,
    tags: field('tags').replace(/[[\]]/g, '').split(',').map((t) => t.trim()),
    sentences: body.split(/(?<=[.!?])\s+|\n+/).filter((x) => x.length > 30 && !x.startsWith('#')),
  };
});
const sentences = samples.flatMap((s) => s.sentences);
const vocabularyWords = [...new Set(samples.flatMap((s) => s.body.toLowerCase().match(/[a-z]{4,}/g) ?? []))];

/**
 * One synthetic article: mostly sentences of one sample article (its topic), some from any
 * other, with a few words swapped for random words of the vocabulary — so terms keep the
 * skewed, topic-bound distribution of real articles rather than every word being everywhere.
 */
function syntheticBody(base: Sample): string {
  const count = 10 + Math.floor(random() * 9);
  return Array.from({ length: count }, () => (random() < 0.8 ? pick(base.sentences) : pick(sentences)))
    .map((sentence) => sentence.replace(/[A-Za-z]{4,}/g, (word) => (random() < 0.05 ? pick(vocabularyWords) : word)))
    .join(' ');
}

const devQueries = (JSON.parse(readFileSync(path.join(ROOT, '..', 'shared', 'eval', 'queries-dev.json'), 'utf8')) as { q: string }[]).map((q) => q.q);

function typo(word: string): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  return word.slice(0, i) + word.slice(i + 1);
}

function makeQueries(n: number): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const kind = random();
    if (kind < 0.4) out.push(pick(devQueries));
    else if (kind < 0.6) out.push(pick(samples).title.toLowerCase());
    else if (kind < 0.8) out.push(Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(vocabularyWords)).join(' '));
    else out.push(pick(devQueries).split(' ').map((w) => (random() < 0.3 ? typo(w) : w)).join(' '));
  }
  return out;
}

function makePrefixes(n: number): string[] {
  return Array.from({ length: n }, () => {
    const title = pick(samples).title.toLowerCase();
    return title.slice(0, 2 + Math.floor(random() * Math.min(12, title.length - 2)));
  });
}

async function insertSynthetic(db: Db, count: number): Promise<void> {
  const category = await db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  for (let done = 0; done < count; done += 500) {
    const rows: Insertable<ArticleTable>[] = [];
    const tags: { article_id: string; tag: string; position: number }[] = [];
    for (let i = done; i < Math.min(count, done + 500); i++) {
      const base = samples[i % samples.length]!;
      const id = newId();
      const body = syntheticBody(base);
      rows.push({
        id, slug: `synthetic-${i}`, title: `${base.title} (${i})`, summary: base.summary, body, category_id: category.id,
        status: 'published' as const, is_sample: 1, updated_on: '2026-10-01', reviewed_on: '2026-10-01', next_review_on: null,
        reviewed_by: null, published_at: now, created_at: now, modified_at: now,
      });
      base.tags.forEach((tag, position) => tags.push({ article_id: id, tag, position }));
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('articles').values(rows).execute();
      await trx.insertInto('article_tags').values(tags).execute();
    });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(items: readonly string[], fn: (q: string) => Promise<unknown>): Promise<string> {
  for (const q of items.slice(0, 50)) await fn(q); // warm-up
  const times: number[] = [];
  const timed: [number, string][] = [];
  for (const q of items) {
    const start = performance.now();
    await fn(q);
    times.push(performance.now() - start);
    timed.push([times[times.length - 1]!, q]);
  }
  times.sort((a, b) => a - b);
  for (const [ms, q] of timed.sort((a, b) => b[0] - a[0]).slice(0, Number(values.slowest))) process.stdout.write(`    slow ${ms.toFixed(1)} ms  ${q.slice(0, 80)}\n`);
  return `p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms`;
}

function directorySize(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
process.stdout.write(`bench:search on ${engine}; ${queryCount} queries per size; targets (SQLite): search p95 ≤ 5 ms at 10k and ≤ 25 ms at 100k, suggest p95 ≤ 5 ms at 100k\n`);
for (const size of sizes) {
  const temp = await createTemporaryDatabase(engine, process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL, 'kd_bench');
  const config = loadConfig({ DATA_DIR: temp.dataDir, LOG_LEVEL: 'silent', ...(temp.url ? { DATABASE_URL: temp.url } : {}) });
  const { ctx, handle } = await openContext(config);
  try {
    await importArticlesFromDir(ctx, path.join(ROOT, 'content', 'sample'), { sample: true });
    await insertSynthetic(ctx.db, size - samples.length);
    const started = performance.now();
    const indexed = await reindexArticles(ctx.db);
    const buildMs = performance.now() - started;
    if (handle.sqlite) handle.sqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const queries = makeQueries(queryCount);
    const searchLine = await time(queries, (q) => searchKnowledge(ctx.db, q, { limit: 10 }));
    const suggestLine = await time(makePrefixes(queryCount), (q) => suggestTitles(ctx.db, q));
    process.stdout.write(`\n${size.toLocaleString('en')} articles (${indexed} indexed)\n`);
    process.stdout.write(`  index build   ${(buildMs / 1000).toFixed(1)} s\n`);
    if (engine === 'sqlite') process.stdout.write(`  database size ${mb(directorySize(temp.dataDir))}\n`);
    process.stdout.write(`  RSS           ${mb(process.memoryUsage().rss)}\n`);
    process.stdout.write(`  search        ${searchLine}\n`);
    process.stdout.write(`  suggest       ${suggestLine}\n`);
  } finally {
    await handle.close();
    await temp.drop();
  }
}
