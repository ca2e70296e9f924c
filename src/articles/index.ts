export { articleRoutes } from './articles.routes.ts';
export { importArticlesFromDir, loadSampleContentIfEmpty } from './article-import.ts';
export { exportArticlesToDir } from './article-export.ts';
export type { ArticleTables } from './article.table.ts';
export { excerpt, extractHeadings, markdownToPlainText, renderArticleBody, truncateAtWord } from './markdown.ts';
export { listArticlesMatching, listArticlesReviewedBy, listRecentArticles, loadCategoryTree } from './article.repository.ts';
export type { ArticleSummary, CategoryNode, CategoryTree } from './article.repository.ts';
export { renderArticleList } from './article-list.views.ts';
export { knowledgeBaseSitemapEntries, renderSitemap, SITEMAP_TYPE, type SitemapEntry } from './sitemap.ts';
export { reindexArticles } from './article-search.ts';
export { setArticleStatus, upsertArticle } from './article.service.ts';
export { listPublishedArticleLinks } from './article-links.ts';
export { lookupPublishedArticles, type ArticleLinkCandidate } from './article-lookup.ts';
export {
  createArticle, saveArticle, sendBackToDraft, signOffArticle, submitForReview, unpublishArticle,
  type EditorialActor, type EditorialMeta,
} from './editorial.service.ts';
export {
  addDays, aYearAfter, listArticlesForStaff, listCategoryOptions, listReviewsDue, loadEditorialArticle,
  type CategoryOption, type EditorialArticle, type EditorialListItem, type EditorialState, type StatusFilter,
} from './editorial.repository.ts';
export { validateArticleForm, singleLine, MAX_ALT, MAX_BODY, MAX_NOTE, type ArticleDraft, type ArticleFormValues } from './editorial-input.ts';
export { findRevision, listRevisions, type ArticleRevision, type RevisionContent } from './article-revisions.ts';
export { listArticleImages, MAX_IMAGE_BYTES, reencodeImage, saveArticleImage, type ArticleImage } from './article-images.ts';
export { nextReviewDue, type ReviewerCredit } from './article.views.ts';
export type { ReviewerLookup } from './articles.routes.ts';
