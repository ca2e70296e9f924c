/** Relevance judgements for one query: slug → grade (2 answers it, 1 helps). Empty = nothing answers it. */
export type Judgements = Readonly<Record<string, number>>;

export interface QueryOutcome {
  readonly relevant: Judgements;
  /** Slugs in ranked order. */
  readonly ranked: readonly string[];
  readonly confident: boolean;
}

export interface SearchMetrics {
  readonly ndcg5: number;
  readonly mrr10: number;
  readonly recall10: number;
  readonly noAnswerAccuracy: number;
  readonly falseAbstention: number;
  readonly answerable: number;
  readonly noAnswer: number;
}

/** nDCG@k with gain 2^grade − 1 and discount log2(rank + 1), against the ideal ordering of the judged items. */
export function ndcgAt(k: number, relevant: Judgements, ranked: readonly string[]): number {
  const dcg = ranked.slice(0, k).reduce((sum, slug, i) => sum + (2 ** (relevant[slug] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(relevant).sort((a, b) => b - a).slice(0, k)
    .reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** 1 / rank of the first grade-2 item within the top k (0 if none). */
export function reciprocalRankAt(k: number, relevant: Judgements, ranked: readonly string[]): number {
  const index = ranked.slice(0, k).findIndex((slug) => (relevant[slug] ?? 0) >= 2);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Share of judged items (grade ≥ 1) found in the top k. */
export function recallAt(k: number, relevant: Judgements, ranked: readonly string[]): number {
  const judged = Object.keys(relevant).filter((slug) => (relevant[slug] ?? 0) >= 1);
  if (judged.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return judged.filter((slug) => top.has(slug)).length / judged.length;
}

/** The evaluation figures over a set of queries, as defined in shared/eval/README.md. */
export function computeMetrics(outcomes: readonly QueryOutcome[]): SearchMetrics {
  const answerable = outcomes.filter((o) => Object.keys(o.relevant).length > 0);
  const noAnswer = outcomes.filter((o) => Object.keys(o.relevant).length === 0);
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    ndcg5: mean(answerable.map((o) => ndcgAt(5, o.relevant, o.ranked))),
    mrr10: mean(answerable.map((o) => reciprocalRankAt(10, o.relevant, o.ranked))),
    recall10: mean(answerable.map((o) => recallAt(10, o.relevant, o.ranked))),
    noAnswerAccuracy: mean(noAnswer.map((o) => (!o.confident || o.ranked.length === 0 ? 1 : 0))),
    falseAbstention: mean(answerable.map((o) => (!o.confident || o.ranked.length === 0 ? 1 : 0))),
    answerable: answerable.length,
    noAnswer: noAnswer.length,
  };
}
