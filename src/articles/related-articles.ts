import type { AppContext } from '../context.ts';
import type { PageCache } from '../web/page-cache.ts';
import { listArticlesForRanking, type ArticleForRanking } from './article.repository.ts';
import { excerpt, markdownToPlainText } from './markdown.ts';

// "Related articles" are ranked by what the articles say (TF-IDF cosine similarity over their
// words), nudged by shared tags and closeness in the category tree. Everything is
// deterministic: the same content always gives the same list, in the same order.

export interface RelatedArticle {
  readonly slug: string;
  readonly title: string;
  readonly excerpt: string;
  readonly score: number;
}

/** The term vectors of every published article, built once per content change. */
export interface RelatedIndex {
  readonly docs: ReadonlyMap<string, IndexedDoc>;
}

interface IndexedDoc {
  readonly slug: string;
  readonly title: string;
  readonly excerpt: string;
  readonly categoryPath: string;
  readonly tags: ReadonlySet<string>;
  /** Unit-length TF-IDF weights by term. */
  readonly vector: ReadonlyMap<string, number>;
}

export const MIN_RELATED = 3;
export const MAX_RELATED = 5;
// Below this an article is only shown to reach MIN_RELATED, never to fill up to MAX_RELATED.
const GOOD_ENOUGH = 0.12;
const TAG_BOOST = 0.08;
const MAX_TAG_BOOSTS = 3;
const SAME_CATEGORY_BOOST = 0.15;
const PARENT_OR_CHILD_BOOST = 0.1;
const SIBLING_BOOST = 0.07;
const SAME_TOPIC_BOOST = 0.03;
// Title words say most about what an article is about, the summary next.
const TITLE_WEIGHT = 3;
const SUMMARY_WEIGHT = 2;
const INDEX_MAX_AGE_MS = 60_000;

const STOP_WORDS: ReadonlySet<string> = new Set(`
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further get gets got had has have having he her here
hers him his how i if in into is it its itself just may me might more most much must my no nor not now of off on once
one only or other our ours out over own same she should so some such than that the their theirs them then there these
they this those through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself often usually many people person someone something things thing way ways make makes
like well even still getting use used using needs ask tell talk help feel feels feeling`.trim().split(/\s+/));

/** Lower-case word stems of a text, stop words and one- or two-letter words dropped. */
export function tokenize(text: string): string[] {
  const words = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  for (const word of words) {
    if (word.length < 3 || STOP_WORDS.has(word)) continue;
    // A cheap plural fold ("cramps" → "cramp") so singular and plural count as one term.
    out.push(word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word);
  }
  return out;
}

/** Builds the term vectors for a set of articles (pure; bodies are Markdown). */
export function buildRelatedIndex(articles: readonly ArticleForRanking[]): RelatedIndex {
  const counted = articles.map((a) => {
    const counts = new Map<string, number>();
    const add = (text: string, weight: number): void => {
      for (const term of tokenize(text)) counts.set(term, (counts.get(term) ?? 0) + weight);
    };
    add(a.title, TITLE_WEIGHT);
    add(a.summary, SUMMARY_WEIGHT);
    add(markdownToPlainText(a.body), 1);
    return { article: a, counts };
  });
  const documentFrequency = new Map<string, number>();
  for (const { counts } of counted) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const n = counted.length;
  const docs = new Map<string, IndexedDoc>();
  for (const { article, counts } of counted) {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = (1 + Math.log(count)) * Math.log(1 + n / documentFrequency.get(term)!);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    docs.set(article.slug, {
      slug: article.slug,
      title: article.title,
      excerpt: excerpt(article.body),
      categoryPath: article.category.path,
      tags: new Set(article.tags),
      vector,
    });
  }
  return { docs };
}

/**
 * The 3–5 articles most related to `slug` (never itself), best first; ties go to the
 * alphabetically first slug. Empty when the slug is not in the index.
 */
export function findRelated(index: RelatedIndex, slug: string): RelatedArticle[] {
  const target = index.docs.get(slug);
  if (!target) return [];
  const scored: RelatedArticle[] = [];
  for (const doc of index.docs.values()) {
    if (doc.slug === slug) continue;
    const score = cosine(target.vector, doc.vector) + tagBoost(target.tags, doc.tags) + categoryBoost(target.categoryPath, doc.categoryPath);
    scored.push({ slug: doc.slug, title: doc.title, excerpt: doc.excerpt, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const good = scored.filter((r) => r.score >= GOOD_ENOUGH).length;
  return scored.slice(0, Math.min(MAX_RELATED, Math.max(MIN_RELATED, good)));
}

const indexes = new WeakMap<PageCache, { generation: number; builtAt: number; index: Promise<RelatedIndex> }>();

/**
 * Related articles for a published article. The index is kept per app (keyed by its page
 * cache) and rebuilt when content changes here or, for changes made by another process
 * such as the CLI import, after a minute.
 */
export async function relatedArticles(ctx: AppContext, slug: string): Promise<RelatedArticle[]> {
  const now = ctx.now().getTime();
  const generation = ctx.pageCache.generation;
  let entry = indexes.get(ctx.pageCache);
  if (!entry || entry.generation !== generation || now - entry.builtAt > INDEX_MAX_AGE_MS) {
    entry = { generation, builtAt: now, index: listArticlesForRanking(ctx.db).then(buildRelatedIndex) };
    indexes.set(ctx.pageCache, entry);
    // A failed build must not be cached; the next request tries again.
    const failed = entry;
    entry.index.catch(() => {
      if (indexes.get(ctx.pageCache) === failed) indexes.delete(ctx.pageCache);
    });
  }
  return findRelated(await entry.index, slug);
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += weight * other;
  }
  return sum;
}

function tagBoost(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const tag of a) if (b.has(tag)) shared++;
  return TAG_BOOST * Math.min(shared, MAX_TAG_BOOSTS);
}

function categoryBoost(a: string, b: string): number {
  if (a === b) return SAME_CATEGORY_BOOST;
  if (a.startsWith(`${b}/`) || b.startsWith(`${a}/`)) return PARENT_OR_CHILD_BOOST;
  const parentA = parentPath(a);
  if (parentA !== '' && parentA === parentPath(b)) return SIBLING_BOOST;
  return a.split('/')[0] === b.split('/')[0] ? SAME_TOPIC_BOOST : 0;
}

function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
