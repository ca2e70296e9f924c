import assert from 'node:assert/strict';
import type { AppContext } from '../context.ts';
import { upsertArticle } from '../articles/index.ts';
import { Browser, csrfIn } from './staff.fixtures.ts';

// Test helpers for the editorial workflow (not loaded by the app).

/** Makes sure a category exists (through a published article in it) and returns its id. */
export async function seedCategory(ctx: AppContext, name = 'Living well'): Promise<string> {
  await upsertArticle(ctx, {
    slug: `seed-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, title: `About ${name}`, categoryPath: [name], tags: [], summary: 'A seed article.',
    updatedOn: '2026-01-01', reviewedOn: '2026-01-01', nextReviewOn: null, reviewedBy: 'Seed Reviewer', status: 'published', sample: false,
    body: 'Seed text.',
  });
  const row = await ctx.db.selectFrom('categories').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

export interface ArticleFields {
  title?: string;
  slug?: string;
  summary?: string;
  category: string;
  tags?: string;
  body?: string;
  note?: string;
}

/** The form fields of a valid article, with overrides. */
export function articleForm(fields: ArticleFields): Record<string, string> {
  return {
    title: fields.title ?? 'Eating well on dialysis', slug: fields.slug ?? 'eating-well-on-dialysis', summary: fields.summary ?? 'What to eat and drink between sessions.',
    category: fields.category, tags: fields.tags ?? 'diet, dialysis', body: fields.body ?? 'Eat well.\n\n## Fluids\n\nDrink what your team advises.', note: fields.note ?? '',
  };
}

/** Creates a draft through the new-article form; returns its id. */
export async function createDraft(browser: Browser, fields: ArticleFields): Promise<string> {
  const page = await browser.get('/staff/articles/new');
  assert.equal(page.statusCode, 200);
  const sent = await browser.post('/staff/articles', { ...articleForm(fields), csrf: csrfIn(page.body) });
  assert.equal(sent.statusCode, 303, sent.body);
  const id = /^\/staff\/articles\/([0-9a-z]{26})\/edit/.exec(String(sent.headers.location))?.[1];
  assert.ok(id, 'redirected to the editor');
  return id;
}

/** Posts one of the editor page's workflow forms (submit, signoff, return, unpublish). */
export async function act(browser: Browser, id: string, action: string, form: Record<string, string> = {}): Promise<{ statusCode: number; body: string; location: string }> {
  const page = await browser.get(`/staff/articles/${id}/edit`);
  const csrf = page.statusCode === 200 ? csrfIn(page.body) : csrfIn((await browser.get('/staff')).body);
  const response = await browser.post(`/staff/articles/${id}/${action}`, { ...form, csrf });
  return { statusCode: response.statusCode, body: response.body, location: String(response.headers.location ?? '') };
}

/** Saves the edit form of an article with these fields. */
export async function saveEdit(browser: Browser, id: string, fields: ArticleFields): Promise<{ statusCode: number; body: string; location: string }> {
  const page = await browser.get(`/staff/articles/${id}/edit`);
  const response = await browser.post(`/staff/articles/${id}`, { ...articleForm(fields), csrf: csrfIn(page.body) });
  return { statusCode: response.statusCode, body: response.body, location: String(response.headers.location ?? '') };
}
