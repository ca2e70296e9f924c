import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { renderCachedPage, serveFromPageCache } from '../web/page-response.ts';
import { listArticlesReviewedBy } from '../articles/index.ts';
import { countAnswersBy } from '../consultations/index.ts';
import { findPublishedProfile, listPublishedProfiles, loadProfilePhoto } from './expert.repository.ts';
import { renderExpertPage, renderExpertsPage } from './expert.views.ts';

const HTML = 'text/html; charset=utf-8';
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' }) });
const PhotoParams = Type.Object({ file: Type.String({ pattern: '^[0-9a-z]{26}\\.webp$' }) });

/** /experts, /experts/:slug (through the page cache) and the published profiles' photos. */
export const expertRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const fromCache = serveFromPageCache(ctx);

  app.get('/experts', { onRequest: fromCache }, async (request, reply) => renderCachedPage(ctx, request, reply, {
    canonicalUrl: '/experts', contentType: HTML, render: async () => renderExpertsPage(ctx.site, await listPublishedProfiles(ctx.db)),
  }));

  app.get<{ Params: Static<typeof SlugParams> }>('/experts/:slug', {
    onRequest: fromCache, schema: { params: SlugParams }, attachValidation: true,
  }, async (request, reply) => {
    if (request.validationError) throw new AppError('NOT_FOUND');
    const { slug } = request.params;
    return renderCachedPage(ctx, request, reply, {
      canonicalUrl: `/experts/${slug}`, contentType: HTML,
      render: async () => {
        const profile = await findPublishedProfile(ctx.db, slug);
        if (!profile) throw new AppError('NOT_FOUND');
        const [reviewed, answers] = profile.staffId
          ? await Promise.all([listArticlesReviewedBy(ctx.db, profile.staffId), countAnswersBy(ctx.db, profile.staffId)])
          : [[], 0];
        return renderExpertPage(ctx.site, profile, reviewed, answers);
      },
    });
  });

  // A photo never changes under its id (a new upload gets a new one), so it is cached for a year;
  // it is served only while its profile is published.
  app.get<{ Params: Static<typeof PhotoParams> }>('/experts/photos/:file', { schema: { params: PhotoParams }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw new AppError('NOT_FOUND');
    const bytes = await loadProfilePhoto(ctx.db, request.params.file.slice(0, 26), { publishedOnly: true });
    if (!bytes) throw new AppError('NOT_FOUND');
    return reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox").type('image/webp').send(bytes);
  });
};
