import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeEachDatabase, createTestEnv, type TestEnv } from '../../test/databases.ts';
import { importArticlesFromDir, loadSampleContentIfEmpty } from './article-import.ts';
import { exportArticlesToDir, readArticlesForExport } from './article-export.ts';

const SAMPLE_DIR = path.join(import.meta.dirname, '..', '..', 'content', 'sample');

function article(slug: string, overrides: Record<string, string> = {}, body = 'Body text.\n\n## When to get urgent help\n\nCall now.') {
  const fields: Record<string, string> = {
    title: `Title of ${slug}`, slug, category: 'Kidney disease / Tests', tags: '[kidney, tests]',
    summary: 'A short summary.', updated: '2026-10-01', reviewed: '2026-10-01', ...overrides,
  };
  const lines = Object.entries(fields).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}

function tempDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kd-import-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describeEachDatabase('article import and export', (kind) => {
  let env: TestEnv;
  before(async () => { env = await createTestEnv(kind); });
  after(async () => { await env.close(); });

  it('loads the 40 sample articles once, marked as sample content', async () => {
    assert.equal(await loadSampleContentIfEmpty(env.ctx, SAMPLE_DIR), 40);
    assert.equal(await loadSampleContentIfEmpty(env.ctx, SAMPLE_DIR), 0);
    const rows = await env.ctx.db.selectFrom('articles').select(['slug', 'is_sample', 'status']).execute();
    assert.equal(rows.length, 40);
    assert.ok(rows.every((r) => r.is_sample === 1 && r.status === 'published'));
    const bleeding = await env.ctx.db.selectFrom('categories').selectAll().where('path', '=', 'dialysis/complications/bleeding').executeTakeFirstOrThrow();
    assert.equal(bleeding.name, 'Bleeding');
    assert.equal(bleeding.depth, 2);
    const parent = await env.ctx.db.selectFrom('categories').selectAll().where('id', '=', bleeding.parent_id!).executeTakeFirstOrThrow();
    assert.equal(parent.path, 'dialysis/complications');
  });

  it('upserts by slug: a second import updates, an identical one changes nothing', async () => {
    const dir = tempDir({ 'new-one.md': article('new-one') });
    assert.deepEqual(pick(await importArticlesFromDir(env.ctx, dir)), { created: 1, updated: 0, unchanged: 0, failedFiles: 0 });
    assert.deepEqual(pick(await importArticlesFromDir(env.ctx, dir)), { created: 0, updated: 0, unchanged: 1, failedFiles: 0 });
    writeFileSync(path.join(dir, 'new-one.md'), article('new-one', { title: 'A better title', tags: '[tests]' }));
    assert.deepEqual(pick(await importArticlesFromDir(env.ctx, dir)), { created: 0, updated: 1, unchanged: 0, failedFiles: 0 });
    const row = await env.ctx.db.selectFrom('articles').selectAll().where('slug', '=', 'new-one').executeTakeFirstOrThrow();
    assert.equal(row.title, 'A better title');
    const tags = await env.ctx.db.selectFrom('article_tags').select('tag').where('article_id', '=', row.id).execute();
    assert.deepEqual(tags.map((t) => t.tag), ['tests']);
    rmSync(dir, { recursive: true });
  });

  it('reports every bad file as file:line and writes nothing from it, while good files import', async () => {
    const dir = tempDir({
      'good-file.md': article('good-file'),
      'bad-date.md': article('bad-date', { reviewed: '2026-13-01' }),
      'missing-title.md': article('missing-title', { title: '' }),
      'no-front-matter.md': '# Hello\n',
      'nested/dup-a.md': article('dup-a'),
      'dup-b.md': article('dup-a').replace('slug: dup-a', 'slug: dup-b').replace(/^/, ''),
      'other/dup-a.md': article('dup-a', { title: 'Another' }),
      'latin1.md': Buffer.concat([Buffer.from(article('latin1')), Buffer.from([0xe9, 0x0a])]),
      'huge.md': article('huge', {}, 'x'.repeat(1024 * 1024)),
      'README.md': 'not an article',
    });
    const report = await importArticlesFromDir(env.ctx, dir);
    assert.equal(report.created, 2); // good-file and dup-b
    assert.equal(report.failedFiles, 7);
    const lines = report.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    assert.ok(lines.includes('bad-date.md:8: reviewed: "2026-13-01" is not a valid date (YYYY-MM-DD)'), lines.join('\n'));
    assert.ok(lines.includes('missing-title.md:8: missing required field "title"'), lines.join('\n'));
    assert.ok(lines.includes('no-front-matter.md:1: front matter missing: the file must start with a line "---"'));
    assert.ok(lines.some((l) => l.startsWith('nested/dup-a.md:3: duplicate slug "dup-a" (also in other/dup-a.md)')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('latin1.md:') && l.endsWith('file is not valid UTF-8 text')));
    assert.ok(lines.some((l) => l.startsWith('huge.md:1: file is') && l.includes('1 MB')));
    const slugs = (await env.ctx.db.selectFrom('articles').select('slug').execute()).map((r) => r.slug);
    for (const bad of ['bad-date', 'missing-title', 'dup-a', 'latin1', 'huge']) assert.ok(!slugs.includes(bad), `${bad} must not be imported`);
    assert.ok(slugs.includes('good-file'));
    rmSync(dir, { recursive: true });
  });

  it('export then import into an empty database reproduces the same articles', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'kd-export-'));
    const count = await exportArticlesToDir(env.ctx, outDir);
    const before = await readArticlesForExport(env.ctx);
    assert.equal(count, before.length);
    assert.equal(readdirSync(outDir).length, count);
    assert.match(readFileSync(path.join(outDir, 'leg-cramps-during-dialysis.md'), 'utf8'), /^---\ntitle: Leg cramps during dialysis\nslug: leg-cramps-during-dialysis\ncategory: Dialysis \/ Complications\n/);

    const fresh = await createTestEnv(kind);
    try {
      const report = await importArticlesFromDir(fresh.ctx, outDir);
      assert.equal(report.failedFiles, 0, report.problems.map((p) => p.message).join('\n'));
      assert.deepEqual(await readArticlesForExport(fresh.ctx), before);
    } finally {
      await fresh.close();
      rmSync(outDir, { recursive: true });
    }
  });

  it('reports progress for every file', async () => {
    const dir = tempDir({ 'p-one.md': article('p-one'), 'p-two.md': article('p-two', { updated: 'soon' }) });
    const seen: string[] = [];
    await importArticlesFromDir(env.ctx, dir, { onProgress: (done, total, file) => seen.push(`${done}/${total} ${file}`) });
    assert.deepEqual(seen, ['1/2 p-one.md', '2/2 p-two.md']);
    rmSync(dir, { recursive: true });
  });
});

function pick(report: { created: number; updated: number; unchanged: number; failedFiles: number }) {
  return { created: report.created, updated: report.updated, unchanged: report.unchanged, failedFiles: report.failedFiles };
}
