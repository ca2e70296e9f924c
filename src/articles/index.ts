export { articleRoutes } from './articles.routes.ts';
export { importArticlesFromDir, loadSampleContentIfEmpty } from './article-import.ts';
export { exportArticlesToDir } from './article-export.ts';
export type { ArticleTables } from './article.table.ts';
