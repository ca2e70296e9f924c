import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { loadImageBytes } from './article-images.ts';

const MediaParams = Type.Object({ file: Type.String({ pattern: '^[0-9a-z]{26}\\.webp$' }) });

/**
 * Article images at /media/<id>.webp. An image never changes under its id, so it is cached for a
 * year; the type is fixed (we re-encoded it), and nosniff stops a browser guessing another.
 */
export const mediaRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Params: Static<typeof MediaParams> }>('/media/:file', { schema: { params: MediaParams }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw new AppError('NOT_FOUND');
    const image = await loadImageBytes(ctx.db, request.params.file.slice(0, 26));
    if (!image) throw new AppError('NOT_FOUND');
    return reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox").type(image.mediaType).send(image.bytes);
  });
};
