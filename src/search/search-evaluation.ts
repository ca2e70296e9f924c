import type { Db } from '../database.ts';
import { searchKnowledge } from './search.service.ts';
import { computeMetrics, ndcgAt, type Judgements, type QueryOutcome, type SearchMetrics } from './search-metrics.ts';

export interface EvalQuery {
  readonly q: string;
  readonly relevant: Judgements;
}

/** Runs every query through the same code as /api/search and scores it; misses are described for --verbose. */
export async function evaluateSearch(db: Db, queries: readonly EvalQuery[], options: { understanding: boolean }): Promise<{ metrics: SearchMetrics; misses: string[] }> {
  const outcomes: QueryOutcome[] = [];
  const misses: string[] = [];
  for (const query of queries) {
    const response = await searchKnowledge(db, query.q, { limit: 10, understanding: options.understanding });
    const ranked = response.results.map((r) => r.slug);
    outcomes.push({ relevant: query.relevant, ranked, confident: response.confident });
    const answerable = Object.keys(query.relevant).length > 0;
    const top = ranked.slice(0, 5).join(', ');
    if (!answerable && response.confident && ranked.length > 0) misses.push(`"${query.q}": no answer expected, but confident (${top})`);
    if (answerable && !response.confident) misses.push(`"${query.q}": wrongly abstained (${top})`);
    const lost = Object.keys(query.relevant).filter((slug) => !ranked.slice(0, 10).includes(slug));
    if (answerable && lost.length > 0) misses.push(`"${query.q}": not in the top 10: ${lost.join(', ')}`);
    const ndcg = ndcgAt(5, query.relevant, ranked);
    if (answerable && ndcg < 0.9) misses.push(`"${query.q}": nDCG@5 ${ndcg.toFixed(2)} — got ${top}; expected ${JSON.stringify(query.relevant)}`);
  }
  return { metrics: computeMetrics(outcomes), misses };
}
