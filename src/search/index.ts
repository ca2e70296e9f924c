export { searchKnowledge, suggestTitles } from './search.service.ts';
export type { SearchResponse, SearchResult, SearchOptions } from './search.service.ts';
export {
  writeSearchDocument, deleteSearchDocument, clearSearchIndex, appendSearchDocuments, writeWordCounts,
} from './search-store.ts';
export type { SearchDocument } from './search-store.ts';
export type { SearchTables } from './search.table.ts';
export { searchRoutes } from './search.routes.ts';
