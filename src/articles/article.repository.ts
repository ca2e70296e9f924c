import type { ExpressionBuilder } from 'kysely';
import type { Database, Db, Trx } from '../database.ts';

// Read queries for the public pages. Only published articles are ever returned, and every
// query here is plain Kysely that runs unchanged on SQLite and PostgreSQL.

export const PAGE_SIZE = 20;

/** One category level, as used in links and breadcrumbs. */
export interface CategoryRef {
  /** Slug path from the root, e.g. `dialysis/complications`. */
  readonly path: string;
  readonly name: string;
}

/** A category in the public tree, with the number of published articles in it and below it. */
export interface CategoryNode extends CategoryRef {
  readonly id: string;
  readonly depth: number;
  readonly parent: CategoryNode | undefined;
  readonly children: CategoryNode[];
  articleCount: number;
}

export interface CategoryTree {
  /** Top-level categories that have published articles, by name. */
  readonly roots: readonly CategoryNode[];
  readonly byPath: ReadonlyMap<string, CategoryNode>;
}

/** What lists of articles show. */
export interface ArticleSummary {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  /** YYYY-MM-DD: when the content last changed. */
  readonly updatedOn: string;
  /** YYYY-MM-DD: first published here (never after updatedOn). */
  readonly publishedOn: string;
  readonly category: CategoryRef;
}

/** A published article with everything its page shows. */
export interface Article extends ArticleSummary {
  readonly body: string;
  readonly reviewedOn: string | null;
  readonly nextReviewOn: string | null;
  readonly reviewedBy: string | null;
  /** Staff id of the reviewer who last signed off (links to their expert profile, if any). */
  readonly reviewedById: string | null;
  readonly isSample: boolean;
  readonly tags: readonly string[];
  /** The category and its ancestors, root first. */
  readonly categoryChain: readonly CategoryRef[];
}

/** An article with the text the related-articles ranking reads. */
export interface ArticleForRanking extends ArticleSummary {
  readonly body: string;
  readonly tags: readonly string[];
}

export interface ArticleLink {
  readonly slug: string;
  readonly title: string;
}

export interface Paged<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageCount: number;
}

type SummaryRow = {
  id: string; slug: string; title: string; summary: string; updated_on: string; published_at: string | null;
  category_path: string; category_name: string;
};

/** Every category with published articles in or below it, as a tree. */
export async function loadCategoryTree(db: Db): Promise<CategoryTree> {
  const [categories, counts] = await Promise.all([
    db.selectFrom('categories').select(['id', 'path', 'name', 'parent_id', 'depth']).execute(),
    db.selectFrom('articles').where('status', '=', 'published')
      .select((eb) => ['category_id', eb.fn.countAll<number>().as('n')]).groupBy('category_id').execute(),
  ]);
  const direct = new Map(counts.map((c) => [c.category_id, Number(c.n)]));
  // Parents before children, whatever order the database returns.
  categories.sort((a, b) => a.depth - b.depth);
  const byId = new Map<string, CategoryNode>();
  const all: CategoryNode[] = [];
  for (const c of categories) {
    const parent = c.parent_id ? byId.get(c.parent_id) : undefined;
    const node: CategoryNode = { id: c.id, path: c.path, name: c.name, depth: c.depth, parent, children: [], articleCount: 0 };
    byId.set(c.id, node);
    all.push(node);
    parent?.children.push(node);
  }
  for (const node of all) {
    const n = direct.get(node.id) ?? 0;
    for (let at: CategoryNode | undefined = node; at; at = at.parent) at.articleCount += n;
  }
  const prune = (nodes: CategoryNode[]): CategoryNode[] => {
    const kept = nodes.filter((n) => n.articleCount > 0).sort(byName);
    for (const n of kept) n.children.splice(0, n.children.length, ...prune(n.children));
    return kept;
  };
  const roots = prune(all.filter((n) => n.parent === undefined));
  const byPath = new Map<string, CategoryNode>();
  const index = (nodes: readonly CategoryNode[]): void => {
    for (const n of nodes) {
      byPath.set(n.path, n);
      index(n.children);
    }
  };
  index(roots);
  return { roots, byPath };
}

/** A category and its ancestors, root first. */
export function categoryChain(node: CategoryNode): CategoryRef[] {
  const chain: CategoryRef[] = [];
  for (let at: CategoryNode | undefined = node; at; at = at.parent) chain.unshift({ path: at.path, name: at.name });
  return chain;
}

/** Category names from the root, e.g. ['Dialysis', 'Complications'], for feeds. */
export function categoryNames(tree: CategoryTree, path: string): string[] {
  const node = tree.byPath.get(path);
  return node ? categoryChain(node).map((c) => c.name) : [path];
}

/** Published articles in a category (and, when asked, every category below it), by title, one page. */
export async function listArticlesInCategory(
  db: Db, categoryPath: string, options: { includeDescendants: boolean; page: number },
): Promise<Paged<ArticleSummary>> {
  const inCategory = (eb: ExpressionBuilder<Database & { a: Database['articles']; c: Database['categories'] }, 'a' | 'c'>) =>
    options.includeDescendants
      // Category paths are slugs ([a-z0-9-] joined by "/"), so they hold no LIKE wildcards.
      ? eb.or([eb('c.path', '=', categoryPath), eb('c.path', 'like', `${categoryPath}/%`)])
      : eb('c.path', '=', categoryPath);
  const [rows, count] = await Promise.all([
    summaries(db).where(inCategory).orderBy('a.title').orderBy('a.slug')
      .limit(PAGE_SIZE).offset((options.page - 1) * PAGE_SIZE).execute(),
    publishedWithCategory(db).where(inCategory).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return paged(rows.map(toSummary), Number(count.n), options.page);
}

/** Published articles carrying a tag, by title, one page. */
export async function listArticlesByTag(db: Db, tag: string, page: number): Promise<Paged<ArticleSummary>> {
  const tagged = (eb: ExpressionBuilder<Database & { a: Database['articles'] }, 'a'>) =>
    eb.exists(eb.selectFrom('article_tags as t').select('t.tag').whereRef('t.article_id', '=', 'a.id').where('t.tag', '=', tag));
  const [rows, count] = await Promise.all([
    summaries(db).where(tagged).orderBy('a.title').orderBy('a.slug').limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).execute(),
    publishedWithCategory(db).where(tagged).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return paged(rows.map(toSummary), Number(count.n), page);
}

/** Published articles with any of the tags or in (or below) any of the categories, by title. */
export async function listArticlesMatching(
  db: Db, criteria: { tags: readonly string[]; categoryPaths: readonly string[] },
): Promise<ArticleSummary[]> {
  if (criteria.tags.length === 0 && criteria.categoryPaths.length === 0) return [];
  const rows = await summaries(db).where((eb) => eb.or([
    ...(criteria.tags.length > 0
      ? [eb.exists(eb.selectFrom('article_tags as t').select('t.tag').whereRef('t.article_id', '=', 'a.id').where('t.tag', 'in', [...criteria.tags]))]
      : []),
    ...criteria.categoryPaths.flatMap((p) => [eb('c.path', '=', p), eb('c.path', 'like', `${p}/%`)]),
  ])).orderBy('a.title').orderBy('a.slug').execute();
  return rows.map(toSummary);
}

/** The most recently updated published articles (newest first, then by title), optionally within a category and below it. */
export async function listRecentArticles(db: Db, options: { limit: number; categoryPath?: string }): Promise<ArticleSummary[]> {
  let query = summaries(db);
  const path = options.categoryPath;
  if (path !== undefined) query = query.where((eb) => eb.or([eb('c.path', '=', path), eb('c.path', 'like', `${path}/%`)]));
  const rows = await query.orderBy('a.updated_on', 'desc').orderBy('a.title').orderBy('a.slug').limit(options.limit).execute();
  return rows.map(toSummary);
}

/** Every published article, by slug (for the sitemap). */
export async function listAllPublishedArticles(db: Db): Promise<ArticleSummary[]> {
  const rows = await summaries(db).orderBy('a.slug').execute();
  return rows.map(toSummary);
}

/** Published articles whose last sign-off was by this staff member, by title. */
export async function listArticlesReviewedBy(db: Db, staffId: string): Promise<ArticleSummary[]> {
  const rows = await summaries(db).where('a.reviewed_by_id', '=', staffId).orderBy('a.title').orderBy('a.slug').execute();
  return rows.map(toSummary);
}

/** Every tag used by at least one published article, alphabetically. */
export async function listPublicTags(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('article_tags as t').innerJoin('articles as a', 'a.id', 't.article_id')
    .where('a.status', '=', 'published').select('t.tag').distinct().orderBy('t.tag').execute();
  return rows.map((r) => r.tag);
}

/** A published article by slug, with its category chain and tags; undefined when there is none. */
export async function findPublishedArticle(db: Db, slug: string): Promise<Article | undefined> {
  const row = await publishedWithCategory(db).where('a.slug', '=', slug)
    .select(['a.id', 'a.slug', 'a.title', 'a.summary', 'a.updated_on', 'a.published_at', 'c.path as category_path', 'c.name as category_name',
      'a.body', 'a.reviewed_on', 'a.next_review_on', 'a.reviewed_by', 'a.reviewed_by_id', 'a.is_sample'])
    .executeTakeFirst();
  if (!row) return undefined;
  const [chain, tags] = await Promise.all([
    db.selectFrom('categories').select(['path', 'name']).where('path', 'in', pathPrefixes(row.category_path)).orderBy('depth').execute(),
    db.selectFrom('article_tags').select('tag').where('article_id', '=', row.id).orderBy('position').execute(),
  ]);
  return {
    ...toSummary(row),
    body: row.body,
    reviewedOn: row.reviewed_on,
    nextReviewOn: row.next_review_on,
    reviewedBy: row.reviewed_by,
    reviewedById: row.reviewed_by_id,
    isSample: row.is_sample === 1,
    tags: tags.map((t) => t.tag),
    categoryChain: chain,
  };
}

/** The published articles before and after this one in its category, in the order topic pages list them. */
export async function findPreviousAndNext(db: Db, article: Article): Promise<{ previous?: ArticleLink; next?: ArticleLink }> {
  // The category's titles are few; reading them in the database's own title order keeps the
  // sequence identical to the topic page's whatever collation the database uses.
  const siblings = await publishedWithCategory(db).where('c.path', '=', article.category.path)
    .select(['a.slug', 'a.title']).orderBy('a.title').orderBy('a.slug').execute();
  const at = siblings.findIndex((s) => s.slug === article.slug);
  if (at < 0) return {};
  const previous = siblings[at - 1];
  const next = siblings[at + 1];
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}

/** Every published article with its body and tags, for ranking related articles. */
export async function listArticlesForRanking(db: Db): Promise<ArticleForRanking[]> {
  const [rows, tags] = await Promise.all([
    summaries(db).select('a.body').orderBy('a.slug').execute(),
    db.selectFrom('article_tags as t').innerJoin('articles as a', 'a.id', 't.article_id').where('a.status', '=', 'published')
      .select(['t.article_id', 't.tag']).orderBy('t.article_id').orderBy('t.position').execute(),
  ]);
  const tagsOf = new Map<string, string[]>();
  for (const t of tags) {
    const list = tagsOf.get(t.article_id);
    if (list) list.push(t.tag);
    else tagsOf.set(t.article_id, [t.tag]);
  }
  return rows.map((r) => ({ ...toSummary(r), body: r.body, tags: tagsOf.get(r.id) ?? [] }));
}

function publishedWithCategory(db: Db) {
  return db.selectFrom('articles as a').innerJoin('categories as c', 'c.id', 'a.category_id').where('a.status', '=', 'published');
}

function summaries(db: Db) {
  return publishedWithCategory(db)
    .select(['a.id', 'a.slug', 'a.title', 'a.summary', 'a.updated_on', 'a.published_at', 'c.path as category_path', 'c.name as category_name']);
}

function toSummary(row: SummaryRow): ArticleSummary {
  // Imported articles carry an "updated" date from before they reached this site; a page
  // should never say an article was published after it was last updated.
  const publishedAt = row.published_at?.slice(0, 10) ?? row.updated_on;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    updatedOn: row.updated_on,
    publishedOn: publishedAt < row.updated_on ? publishedAt : row.updated_on,
    category: { path: row.category_path, name: row.category_name },
  };
}

function paged<T>(items: T[], total: number, page: number): Paged<T> {
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** `a/b/c` → [`a`, `a/b`, `a/b/c`]. */
function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function byName(a: CategoryNode, b: CategoryNode): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Loads every category once and returns a lookup of a category's names from the root. */
export async function loadCategoryNames(db: Db | Trx): Promise<(categoryId: string) => string[]> {
  const rows = await db.selectFrom('categories').select(['id', 'name', 'parent_id']).execute();
  const byId = new Map(rows.map((c) => [c.id, c]));
  return (categoryId) => {
    const names: string[] = [];
    for (let c = byId.get(categoryId); c; c = c.parent_id ? byId.get(c.parent_id) : undefined) names.unshift(c.name);
    return names;
  };
}
