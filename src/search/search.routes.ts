import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { searchKnowledge, suggestTitles } from './search.service.ts';
import { renderSearchPage } from './search.views.ts';

const SearchQuery = Type.Object({
  // No maxLength: over-long questions are cut to their first 200 characters, not refused.
  q: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});
type SearchQuery = Static<typeof SearchQuery>;

const SuggestQuery = Type.Object({ q: Type.Optional(Type.String()) });
type SuggestQuery = Static<typeof SuggestQuery>;

/** The question box's pages: /search (HTML), /api/search and /api/suggest (JSON). */
export const searchRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: SearchQuery }>('/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const raw = request.query.q ?? '';
    const response = raw.trim() === '' ? undefined : await searchKnowledge(ctx.db, raw, { limit: 10 });
    reply.header('cache-control', 'private, no-store');
    return reply.type('text/html; charset=utf-8').send(renderSearchPage(ctx.site, raw, response));
  });

  app.get<{ Querystring: SearchQuery }>('/api/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const raw = request.query.q ?? '';
    reply.header('cache-control', 'private, no-store');
    if (raw.trim() === '') return { query: '', confident: false, results: [] };
    const response = await searchKnowledge(ctx.db, raw, { limit: request.query.limit ?? 10 });
    return {
      query: response.query,
      confident: response.confident,
      ...(response.didYouMean ? { didYouMean: response.didYouMean } : {}),
      results: response.results.map((r) => ({
        slug: r.slug, title: r.title, url: r.url, snippet: r.snippet, score: r.score, type: r.type,
        breadcrumb: r.breadcrumb, snippetHtml: r.snippetHtml,
      })),
    };
  });

  app.get<{ Querystring: SuggestQuery }>('/api/suggest', { schema: { querystring: SuggestQuery } }, async (request, reply) => {
    reply.header('cache-control', 'private, max-age=60');
    const suggestions = await suggestTitles(ctx.db, request.query.q ?? '', 5);
    return { query: request.query.q ?? '', suggestions };
  });
};
