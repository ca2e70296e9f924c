import type { Selectable, Insertable, Updateable } from 'kysely';

export type ArticleStatus = 'draft' | 'in_review' | 'published' | 'unpublished';

export interface CategoryTable {
  id: string;
  /** Slug path from the root, e.g. `dialysis/complications`. */
  path: string;
  name: string;
  parent_id: string | null;
  depth: number;
  created_at: string;
}

export interface ArticleTable {
  id: string;
  slug: string;
  title: string;
  summary: string;
  /** Markdown source; rendered with raw HTML off. */
  body: string;
  category_id: string;
  status: ArticleStatus;
  is_sample: number;
  /** YYYY-MM-DD: when the content last changed. */
  updated_on: string;
  /** YYYY-MM-DD: when a medical reviewer last signed off. */
  reviewed_on: string | null;
  /** YYYY-MM-DD: explicit next review date; reviewed_on + 12 months when null. */
  next_review_on: string | null;
  reviewed_by: string | null;
  published_at: string | null;
  created_at: string;
  modified_at: string;
  /** Staff id of who created it in the console (null for imported articles). */
  author_id: string | null;
  /** Staff id of the reviewer who last signed off (`reviewed_by` keeps their name for the page). */
  reviewed_by_id: string | null;
  /** When the pending work (a draft or changes to a published article) was submitted for review. */
  submitted_at: string | null;
  /** Revision number of changes to a published article not yet signed off (editorial.table.ts). */
  pending_revision: number | null;
  /** The reviewer's comment when they sent the article back to draft. */
  review_comment: string | null;
}

export interface ArticleTagTable {
  article_id: string;
  tag: string;
  position: number;
}

export interface ArticleTables {
  categories: CategoryTable;
  articles: ArticleTable;
  article_tags: ArticleTagTable;
}

export type CategoryRow = Selectable<CategoryTable>;
export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;
export type ArticleRowUpdate = Updateable<ArticleTable>;
