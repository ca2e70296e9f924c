import type { Generated, Selectable } from 'kysely';

export interface SearchDocumentTable {
  seq: Generated<number>;
  /** `<type>:<key>`, e.g. `article:leg-cramps-during-dialysis`. */
  id: string;
  type: string;
  key: string;
  title: string;
  summary: string;
  breadcrumb: string;
  url: string;
  updated_on: string;
  /** Plain text of the body, for snippets. */
  body: string;
  /** Distinct words of the document, space separated, for the typo vocabulary. */
  words: string;
  a_title: string;
  a_summary: string;
  a_tags: string;
  a_headings: string;
  a_body: string;
}

export interface SearchWordTable {
  word: string;
  stem: string;
  /** How many documents contain the word. */
  df: number;
}

export interface SearchTables {
  search_documents: SearchDocumentTable;
  search_words: SearchWordTable;
}

export type SearchDocumentRow = Selectable<SearchDocumentTable>;
