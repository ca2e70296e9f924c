import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { renderCachedPage, serveFromPageCache } from '../web/page-response.ts';
import {
  knowledgeBaseSitemapEntries, listArticlesMatching, listRecentArticles, loadCategoryTree, renderSitemap, SITEMAP_TYPE,
} from '../articles/index.ts';
import { renderHomePage } from './home.views.ts';
import { renderResourcePage } from './resource.views.ts';
import { RESOURCES } from './resources.ts';
import { renderRobotsTxt } from './robots.ts';
import { renderAccessibilityPage, renderPrivacyPage } from './info-pages.views.ts';
import { renderSiteMapPage } from './site-map.views.ts';
import { SITE_PAGES } from './site-pages.ts';

const HTML = 'text/html; charset=utf-8';
const RECENT_ON_HOME = 6;

/** Home page, resource sections, information pages, site maps and robots.txt, all served through the page cache. */
export const siteRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const fromCache = serveFromPageCache(ctx);

  app.get('/', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/',
    contentType: HTML,
    render: async () => {
      const [tree, recent] = await Promise.all([loadCategoryTree(ctx.db), listRecentArticles(ctx.db, { limit: RECENT_ON_HOME })]);
      return renderHomePage(ctx.site, { topics: tree.roots, recent, resources: RESOURCES });
    },
  }));

  // One static route per resource: an unknown /resources/<name> is the router's plain 404.
  for (const resource of RESOURCES) {
    const path = `/resources/${resource.slug}`;
    app.get(path, { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
      canonicalUrl: path,
      contentType: HTML,
      render: async () => renderResourcePage(ctx.site, resource, await listArticlesMatching(ctx.db, resource)),
    }));
  }

  const fixedPages: readonly { path: string; render: () => Promise<string> | string }[] = [
    { path: '/privacy', render: () => renderPrivacyPage(ctx.site, ctx.config.retentionDays, ctx.config.autoCloseDays) },
    { path: '/accessibility', render: () => renderAccessibilityPage(ctx.site) },
    { path: '/site-map', render: async () => renderSiteMapPage(ctx.site, { topics: (await loadCategoryTree(ctx.db)).roots, resources: RESOURCES }) },
  ];
  for (const page of fixedPages) {
    app.get(page.path, { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
      canonicalUrl: page.path,
      contentType: HTML,
      render: page.render,
    }));
  }

  app.get('/sitemap.xml', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/sitemap.xml',
    contentType: SITEMAP_TYPE,
    render: async () => renderSitemap(ctx.site.baseUrl, [
      { path: '/' },
      ...RESOURCES.map((r) => ({ path: `/resources/${r.slug}` })),
      ...SITE_PAGES.map((p) => ({ path: p.path })),
      ...await knowledgeBaseSitemapEntries(ctx.db),
    ]),
  }));

  app.get('/robots.txt', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/robots.txt',
    contentType: 'text/plain; charset=utf-8',
    render: () => renderRobotsTxt(ctx.site.baseUrl),
  }));
};
