import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { renderCachedPage, serveFromPageCache } from '../web/page-response.ts';
import { SLUG_PATTERN, TAG_PATTERN } from './article-file.ts';
import {
  categoryChain, categoryNames, findPreviousAndNext, findPublishedArticle, listArticlesByTag, listArticlesInCategory,
  listRecentArticles, loadCategoryTree, type ArticleSummary, type CategoryTree,
} from './article.repository.ts';
import { renderArticlePage, type ReviewerCredit } from './article.views.ts';
import type { Db } from '../database.ts';
import { mediaRoutes } from './media.routes.ts';
import { pageUrl } from './article-list.views.ts';
import { ATOM_TYPE, FEED_SIZE, RSS_TYPE, renderAtom, renderRss, type FeedChannel, type FeedItem } from './feeds.ts';
import { relatedArticles } from './related-articles.ts';
import { renderTagPage, renderTopicPage, renderTopicsIndexPage } from './topic.views.ts';

const HTML = 'text/html; charset=utf-8';
const SEGMENT = '[a-z0-9]+(?:-[a-z0-9]+)*';
const FEED_SUFFIX = '/feed.xml';
// A category path is one to three slug levels, optionally followed by /feed.xml for its feed
// (or by a trailing slash, which the router keeps for wildcard routes).
const TOPIC_PATH = new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,2}(?:/feed\\.xml|/)?$`);

const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) });
type PageQuery = Static<typeof PageQuery>;
const TopicParams = Type.Object({ '*': Type.String({ maxLength: 200, pattern: TOPIC_PATH.source }) });
type TopicParams = Static<typeof TopicParams>;
const ArticleParams = Type.Object({ slug: Type.String({ maxLength: 100, pattern: SLUG_PATTERN.source }) });
type ArticleParams = Static<typeof ArticleParams>;
const TagParams = Type.Object({ tag: Type.String({ maxLength: 40, pattern: TAG_PATTERN.source }) });
type TagParams = Static<typeof TagParams>;

/** Finds the published profile of a reviewer by staff id (given by the app, so articles need not know experts). */
export type ReviewerLookup = (db: Db, staffId: string) => Promise<ReviewerCredit | undefined>;

/** Public knowledge-base pages: topics, articles, tags and feeds, all served through the page cache. */
export const articleRoutes: FastifyPluginAsync<{ ctx: AppContext; findReviewer?: ReviewerLookup }> = async (app, { ctx, findReviewer }) => {
  const fromCache = serveFromPageCache(ctx);
  // Path parameters that cannot name anything get the friendly 404 page, not "bad request".
  const pathOptions = { onRequest: fromCache, attachValidation: true } as const;
  await app.register(mediaRoutes, { ctx });

  app.get('/topics', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/topics',
    contentType: HTML,
    render: async () => renderTopicsIndexPage(ctx.site, (await loadCategoryTree(ctx.db)).roots),
  }));

  // Every database read happens inside `render`, after the cache generation is read, so a page
  // rendered from data that changed meanwhile is never cached as current.
  app.get<{ Params: TopicParams; Querystring: PageQuery }>('/topics/*', {
    ...pathOptions, schema: { params: TopicParams, querystring: PageQuery },
  }, async (request, reply) => {
    rejectInvalid(request);
    const raw = request.params['*'].replace(/\/$/, '');
    if (raw.endsWith(FEED_SUFFIX)) {
      const path = raw.slice(0, -FEED_SUFFIX.length);
      return renderCachedPage(ctx, request, reply, {
        canonicalUrl: `/topics/${path}${FEED_SUFFIX}`, contentType: RSS_TYPE, render: () => topicFeed(ctx, path),
      });
    }
    const page = request.query.page ?? 1;
    return renderCachedPage(ctx, request, reply, {
      canonicalUrl: pageUrl(`/topics/${raw}`, page), contentType: HTML, render: () => topicPage(ctx, raw, page),
    });
  });

  app.get<{ Params: ArticleParams }>('/articles/:slug', { ...pathOptions, schema: { params: ArticleParams } }, async (request, reply) => {
    rejectInvalid(request);
    const { slug } = request.params;
    return renderCachedPage(ctx, request, reply, { canonicalUrl: `/articles/${slug}`, contentType: HTML, render: () => articlePage(ctx, slug, findReviewer) });
  });

  app.get<{ Params: TagParams; Querystring: PageQuery }>('/tags/:tag', {
    ...pathOptions, schema: { params: TagParams, querystring: PageQuery },
  }, async (request, reply) => {
    rejectInvalid(request);
    const { tag } = request.params;
    const page = request.query.page ?? 1;
    return renderCachedPage(ctx, request, reply, {
      canonicalUrl: pageUrl(`/tags/${encodeURIComponent(tag)}`, page),
      contentType: HTML,
      render: async () => {
        const articles = await listArticlesByTag(ctx.db, tag, page);
        if (articles.total === 0 || page > articles.pageCount) throw new AppError('NOT_FOUND');
        return renderTagPage(ctx.site, tag, articles);
      },
    });
  });

  const siteFeed = async (): Promise<{ channel: (self: string) => FeedChannel; items: FeedItem[] }> => {
    const [tree, recent] = await Promise.all([loadCategoryTree(ctx.db), listRecentArticles(ctx.db, { limit: FEED_SIZE })]);
    return {
      channel: (self) => feedChannel(ctx, ctx.site.name, `Recently updated articles from the ${ctx.site.name} knowledge base.`, '/', self),
      items: feedItems(ctx, tree, recent),
    };
  };

  app.get('/feed.xml', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/feed.xml',
    contentType: RSS_TYPE,
    render: async () => {
      const feed = await siteFeed();
      return renderRss(feed.channel('/feed.xml'), feed.items);
    },
  }));

  app.get('/atom.xml', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/atom.xml',
    contentType: ATOM_TYPE,
    render: async () => {
      const feed = await siteFeed();
      return renderAtom(feed.channel('/atom.xml'), feed.items);
    },
  }));
};

async function topicPage(ctx: AppContext, path: string, page: number): Promise<string> {
  const category = (await loadCategoryTree(ctx.db)).byPath.get(path);
  if (!category) throw new AppError('NOT_FOUND');
  const articles = await listArticlesInCategory(ctx.db, path, { includeDescendants: true, page });
  if (page > articles.pageCount) throw new AppError('NOT_FOUND');
  return renderTopicPage(ctx.site, { category, chain: categoryChain(category), articles });
}

async function topicFeed(ctx: AppContext, path: string): Promise<string> {
  const tree = await loadCategoryTree(ctx.db);
  const category = tree.byPath.get(path);
  if (!category) throw new AppError('NOT_FOUND');
  const recent = await listRecentArticles(ctx.db, { limit: FEED_SIZE, categoryPath: path });
  return renderRss(
    feedChannel(ctx, `${category.name} | ${ctx.site.name}`, `Recently updated articles about ${category.name.toLowerCase()}.`,
      `/topics/${path}`, `/topics/${path}${FEED_SUFFIX}`),
    feedItems(ctx, tree, recent),
  );
}

async function articlePage(ctx: AppContext, slug: string, findReviewer: ReviewerLookup | undefined): Promise<string> {
  const article = await findPublishedArticle(ctx.db, slug);
  if (!article) throw new AppError('NOT_FOUND');
  const reviewerId = article.reviewedById;
  const [{ previous, next }, related, reviewer] = await Promise.all([
    findPreviousAndNext(ctx.db, article), relatedArticles(ctx, slug),
    findReviewer && reviewerId ? findReviewer(ctx.db, reviewerId) : Promise.resolve(undefined),
  ]);
  return renderArticlePage(ctx.site, { article, previous, next, related, reviewer });
}

/** Turns a failed schema check (attached, not thrown) into 404 for path parameters and 400 otherwise. */
function rejectInvalid(request: FastifyRequest): void {
  const error = request.validationError;
  if (error) throw new AppError(error.validationContext === 'params' ? 'NOT_FOUND' : 'BAD_REQUEST');
}

function feedChannel(ctx: AppContext, title: string, description: string, pagePath: string, selfPath: string): FeedChannel {
  return {
    title,
    description,
    pageUrl: `${ctx.site.baseUrl}${pagePath}`,
    selfUrl: `${ctx.site.baseUrl}${selfPath}`,
    author: ctx.site.name,
    authorUrl: `${ctx.site.baseUrl}/`,
    emptyUpdated: ctx.now(),
  };
}

function feedItems(ctx: AppContext, tree: CategoryTree, articles: readonly ArticleSummary[]): FeedItem[] {
  return articles.map((a) => ({
    title: a.title,
    url: `${ctx.site.baseUrl}/articles/${a.slug}`,
    summary: a.summary,
    updatedOn: a.updatedOn,
    publishedOn: a.publishedOn,
    categoryNames: categoryNames(tree, a.category.path),
    categoryPath: a.category.path,
    categoryScheme: `${ctx.site.baseUrl}/topics/`,
  }));
}
