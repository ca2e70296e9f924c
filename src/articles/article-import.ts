import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import type { Trx } from '../database.ts';
import { parseArticleFile, type ArticleInput } from './article-file.ts';
import { countArticles, notifyContentChanged, upsertArticleInTransaction, type UpsertOutcome } from './article.service.ts';

export interface ImportProblem {
  /** Path relative to the imported directory. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ImportReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failedFiles: number;
  readonly problems: readonly ImportProblem[];
}

export interface ImportOptions {
  /** Mark every imported article as sample content (not medical advice). */
  readonly sample?: boolean;
  /**
   * Write all the valid files in one transaction instead of one each: all of them are imported
   * or, if the database fails part-way, none. Far quicker on SQLite, where every commit waits
   * for the disk (synchronous=FULL).
   */
  readonly oneTransaction?: boolean;
  readonly onProgress?: (done: number, total: number, file: string) => void;
}

/**
 * Imports every `*.md` file under `dir` (recursively). All files are validated first; each valid
 * file is then written in its own transaction (or all in one, see `oneTransaction`), so a bad
 * file is reported and never half-imported.
 */
export async function importArticlesFromDir(ctx: AppContext, dir: string, options: ImportOptions = {}): Promise<ImportReport> {
  const files = (await listMarkdownFiles(dir)).sort();
  const problems: ImportProblem[] = [];
  const valid: { file: string; article: ArticleInput; slugLine: number }[] = [];
  const failed = new Set<string>();

  for (const file of files) {
    const bytes = await readFile(path.join(dir, file));
    const result = parseArticleFile(bytes, path.basename(file, '.md'));
    if (!result.ok) {
      failed.add(file);
      for (const p of result.problems) problems.push({ file, ...p });
      continue;
    }
    const article = options.sample ? { ...result.article, sample: true } : result.article;
    valid.push({ file, article, slugLine: slugLineOf(bytes) });
  }

  // The same slug in two files: neither is imported, since we cannot know which one is meant.
  const bySlug = new Map<string, typeof valid>();
  for (const entry of valid) bySlug.set(entry.article.slug, [...(bySlug.get(entry.article.slug) ?? []), entry]);
  for (const [slug, entries] of bySlug) {
    if (entries.length < 2) continue;
    for (const entry of entries) {
      failed.add(entry.file);
      const others = entries.filter((e) => e !== entry).map((e) => e.file).join(', ');
      problems.push({ file: entry.file, line: entry.slugLine, message: `duplicate slug "${slug}" (also in ${others})` });
    }
  }

  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let done = 0;
  const total = files.length;
  const toWrite = new Map(valid.filter((v) => !failed.has(v.file)).map((v) => [v.file, v.article]));
  const writeAll = async (write: (article: ArticleInput) => Promise<UpsertOutcome>): Promise<void> => {
    for (const file of files) {
      const article = toWrite.get(file);
      if (article) {
        const outcome = await write(article);
        if (outcome === 'created') created++;
        else if (outcome === 'updated') updated++;
        else unchanged++;
      }
      options.onProgress?.(++done, total, file);
    }
  };
  const upsert = (trx: Trx, article: ArticleInput): Promise<UpsertOutcome> => upsertArticleInTransaction(trx, article, ctx.now());
  if (options.oneTransaction) await ctx.db.transaction().execute((trx) => writeAll((article) => upsert(trx, article)));
  else await writeAll((article) => ctx.db.transaction().execute((trx) => upsert(trx, article)));
  if (created + updated > 0) notifyContentChanged(ctx);
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { created, updated, unchanged, failedFiles: failed.size, problems };
}

/**
 * On a fresh install, loads the bundled sample articles; returns how many were loaded. They go
 * in as one transaction: quicker, and a first start that is interrupted part-way leaves no
 * articles rather than some, so the next start loads them all (it only loads into an empty database).
 */
export async function loadSampleContentIfEmpty(ctx: AppContext, dir: string): Promise<number> {
  if (await countArticles(ctx.db) > 0) return 0;
  const report = await importArticlesFromDir(ctx, dir, { sample: true, oneTransaction: true });
  if (report.failedFiles > 0) {
    throw new Error(`sample content is invalid:\n${report.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`);
  }
  return report.created;
}

async function listMarkdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && e.name.toLowerCase() !== 'readme.md')
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

function slugLineOf(bytes: Uint8Array): number {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  const index = lines.findIndex((l) => l.startsWith('slug:'));
  return index >= 0 ? index + 1 : 1;
}
