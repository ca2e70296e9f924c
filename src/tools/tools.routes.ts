import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.ts';
import type { Db } from '../database.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { renderCachedPage, serveFromPageCache } from '../web/page-response.ts';
import { listPublishedArticleLinks } from '../articles/index.ts';
import { calculateEgfr, convertCreatinine } from './egfr.ts';
import { parseConvertForm, parseEgfrForm, type EgfrFormValues, type ValidEgfrInput } from './egfr-input.ts';
import { STAGES } from './egfr-stages.ts';
import { EGFR_PATH, renderEgfrPage, renderEgfrResult, resultSummary, type EgfrPageModel, type EgfrResultView } from './egfr.views.ts';

// Every field is optional text: the checks that give a person a message beside the field live in
// egfr-input.ts, so the schema only keeps out what is not a single string.
const EgfrQuery = Type.Object({
  creatinine: Type.Optional(Type.String()),
  unit: Type.Optional(Type.String()),
  age: Type.Optional(Type.String()),
  sex: Type.Optional(Type.String()),
  convert: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
});
type EgfrQuery = Static<typeof EgfrQuery>;

const HTML = 'text/html; charset=utf-8';
// A result depends only on its URL (and which articles are published), so it may be shared for a while.
const RESULT_CACHE_CONTROL = 'public, max-age=300';
const EGFR_FIELDS = ['creatinine', 'unit', 'age', 'sex'] as const;

/** The "understand your creatinine" tools: /tools/egfr (HTML form, GET) and /api/egfr (JSON). */
export const toolsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const fromCache = serveFromPageCache(ctx);

  app.get<{ Querystring: EgfrQuery }>(EGFR_PATH, { onRequest: fromCache, schema: { querystring: EgfrQuery } }, async (request, reply) => {
    const query = request.query;
    const egfrSubmitted = EGFR_FIELDS.some((f) => query[f] !== undefined);
    const convertSubmitted = query.convert !== undefined || query.from !== undefined;
    // The empty form is the same for everyone and goes through the page cache; results do not.
    if (!egfrSubmitted && !convertSubmitted) {
      return renderCachedPage(ctx, request, reply, {
        canonicalUrl: EGFR_PATH,
        contentType: HTML,
        render: () => renderEgfrPage(ctx.site, { values: {}, convertValues: {}, problems: [] }),
      });
    }
    const problems: FieldProblem[] = [];
    const model: { -readonly [K in keyof EgfrPageModel]: EgfrPageModel[K] } = {
      values: pick(query), convertValues: { convert: query.convert, from: query.from }, problems,
    };
    if (egfrSubmitted) {
      const parsed = parseEgfrForm(model.values);
      if (parsed.ok) model.result = await resultView(ctx.db, parsed.value);
      else problems.push(...parsed.problems);
    }
    if (convertSubmitted) {
      const parsed = parseConvertForm(model.convertValues);
      if (parsed.ok) model.conversion = { input: parsed.value, both: convertCreatinine(parsed.value.value, parsed.value.from) };
      else problems.push(...parsed.problems);
    }
    reply.status(problems.length > 0 ? 422 : 200)
      .header('cache-control', problems.length > 0 ? 'no-store' : RESULT_CACHE_CONTROL);
    return reply.type(HTML).send(renderEgfrPage(ctx.site, model));
  });

  app.get<{ Querystring: EgfrQuery }>('/api/egfr', { schema: { querystring: EgfrQuery } }, async (request, reply) => {
    const parsed = parseEgfrForm(pick(request.query));
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', { fields: parsed.problems });
    const view = await resultView(ctx.db, parsed.value);
    const info = STAGES[view.result.stage];
    reply.header('cache-control', RESULT_CACHE_CONTROL);
    return {
      egfr: view.result.egfr,
      stage: info.stage,
      stageLabel: info.label,
      stageRange: info.range,
      creatinine: view.result.creatinine,
      articles: view.articles.map((a) => ({ title: a.title, url: `/articles/${a.slug}` })),
      summary: resultSummary(view),
      // The same panel the page shows, so the script needs no second copy of the wording.
      html: renderEgfrResult(view).value,
    };
  });
};

function pick(query: EgfrQuery): EgfrFormValues {
  return { creatinine: query.creatinine, unit: query.unit, age: query.age, sex: query.sex };
}

async function resultView(db: Db, input: ValidEgfrInput): Promise<EgfrResultView> {
  const result = calculateEgfr(input);
  const articles = await listPublishedArticleLinks(db, STAGES[result.stage].articleSlugs);
  return { input, result, articles };
}
