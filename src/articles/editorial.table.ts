import type { Selectable } from 'kysely';

// Tables of the editorial workflow (migration 20261123T091000_editorial).

/** One saved version of an article's content; numbered from 1 per article. */
export interface ArticleRevisionTable {
  id: string;
  article_id: string;
  number: number;
  title: string;
  summary: string;
  body: string;
  category_id: string;
  /** JSON array of tags, in order. */
  tags: string;
  author_id: string | null;
  created_at: string;
  /** What the editor said changed (may be empty). */
  note: string;
}

/** An uploaded image, re-encoded as WebP; served at /media/<id>.webp. */
export interface ArticleImageTable {
  id: string;
  article_id: string | null;
  alt: string;
  width: number;
  height: number;
  media_type: string;
  bytes: Uint8Array;
  uploaded_by: string | null;
  created_at: string;
}

export interface EditorialTables {
  article_revisions: ArticleRevisionTable;
  article_images: ArticleImageTable;
}

export type ArticleRevisionRow = Selectable<ArticleRevisionTable>;
export type ArticleImageRow = Selectable<ArticleImageTable>;
