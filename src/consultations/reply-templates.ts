import type { AppContext } from '../context.ts';
import type { Db } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import { answerBodyProblem, normaliseAnswerText } from './expert-answer.service.ts';
import type { ReplyTemplateRow } from './consultation.table.ts';

// Reply templates: Markdown starting points for answers, shared by all experts. Changes are
// audited as template.created / template.updated / template.deleted (ids only).

export const TEMPLATE_TITLE_MAX = 200;

/** A template as typed into the form, before checking. */
export interface TemplateInput {
  readonly title: string;
  readonly body: string;
}

/** Every template, by title. */
export async function listReplyTemplates(db: Db): Promise<ReplyTemplateRow[]> {
  return db.selectFrom('reply_templates').selectAll().orderBy('title').orderBy('id').execute();
}

/** One template; undefined when there is none. */
export async function findReplyTemplate(db: Db, id: string): Promise<ReplyTemplateRow | undefined> {
  return db.selectFrom('reply_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Checks a template: a title of one line, 1–200 characters, with no control or bidi-override
 * characters; a body like an answer (not blank, at most 20,000 characters, no NUL). Returns the
 * normalised values or the problems, by field.
 */
export function checkTemplate(input: TemplateInput): { ok: true; value: TemplateInput } | { ok: false; problems: FieldProblem[] } {
  const title = input.title.normalize('NFC').trim();
  const body = normaliseAnswerText(input.body);
  const problems: FieldProblem[] = [];
  if (title === '') problems.push({ field: 'title', message: 'Give the template a title.' });
  else if ([...title].length > TEMPLATE_TITLE_MAX) problems.push({ field: 'title', message: `The title can be at most ${TEMPLATE_TITLE_MAX} characters.` });
  else if (/[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(title)) problems.push({ field: 'title', message: 'The title must be one line of plain text, without line breaks or control characters.' });
  const bodyProblem = answerBodyProblem(body, 'template');
  if (bodyProblem) problems.push({ field: 'body', message: bodyProblem });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { title, body } };
}

/** Creates a template (checked values); audited. */
export async function createReplyTemplate(ctx: AppContext, staffId: string, value: TemplateInput, ip: string): Promise<string> {
  const now = ctx.now();
  const id = newId(now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('reply_templates').values({
      id, title: value.title, body: value.body, created_by: staffId, created_at: now.toISOString(), updated_at: now.toISOString(),
    }).execute();
    await recordAudit(trx, { actor: { type: 'staff', id: staffId }, action: 'template.created', subject: { type: 'reply_template', id }, ip, at: now });
  });
  return id;
}

/** Changes a template (checked values); audited. NOT_FOUND when there is none. */
export async function updateReplyTemplate(ctx: AppContext, staffId: string, id: string, value: TemplateInput, ip: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('reply_templates').set({ title: value.title, body: value.body, updated_at: now.toISOString() })
      .where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('NOT_FOUND');
    await recordAudit(trx, { actor: { type: 'staff', id: staffId }, action: 'template.updated', subject: { type: 'reply_template', id }, ip, at: now });
  });
}

/** Deletes a template; audited. NOT_FOUND when there is none. */
export async function deleteReplyTemplate(ctx: AppContext, staffId: string, id: string, ip: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('reply_templates').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new AppError('NOT_FOUND');
    await recordAudit(trx, { actor: { type: 'staff', id: staffId }, action: 'template.deleted', subject: { type: 'reply_template', id }, ip, at: now });
  });
}
