import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { installStaffGuard, staffCookies } from './staff-guard.ts';
import { staffAuthRoutes } from './staff-auth.routes.ts';
import { staffConsoleRoutes } from './staff-console.routes.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { consultationQueueRoutes } from './consultation-queue.routes.ts';
import { consultationViewRoutes } from './consultation-view.routes.ts';
import { consultationAnswerRoutes } from './consultation-answer.routes.ts';
import { replyTemplateRoutes } from './reply-templates.routes.ts';
import { editorialRoutes } from './editorial.routes.ts';
import { expertProfileRoutes } from './expert-profiles.routes.ts';
import { storyModerationRoutes } from './story-moderation.routes.ts';
import { contactInboxRoutes } from './contact-inbox.routes.ts';
import { erasureRoutes } from './erasure.routes.ts';

/**
 * The staff console under /staff, in its own encapsulated scope: the guard (session, CSRF,
 * role policy) applies to every route registered here, including those added later.
 */
export const staffRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const cookies = staffCookies(ctx.config.baseUrl);
  installStaffGuard(app, ctx, cookies);
  await app.register(staffAuthRoutes, { ctx, cookies });
  await app.register(staffConsoleRoutes, { ctx });
  await app.register(dashboardRoutes, { ctx });
  await app.register(consultationQueueRoutes, { ctx });
  await app.register(consultationViewRoutes, { ctx });
  await app.register(consultationAnswerRoutes, { ctx });
  await app.register(replyTemplateRoutes, { ctx });
  await app.register(editorialRoutes, { ctx });
  await app.register(expertProfileRoutes, { ctx });
  await app.register(storyModerationRoutes, { ctx });
  await app.register(contactInboxRoutes, { ctx });
  await app.register(erasureRoutes, { ctx });
};
