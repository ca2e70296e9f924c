import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeEachDatabase } from './databases.ts';
import { useCliDatabase } from './cli-harness.ts';

const ROOT = path.join(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'kidneydesk.js');

describeEachDatabase('kidneydesk command line', (kind) => {
  const cli = useCliDatabase(kind, 'kd_cli');
  const run = cli.run;

  it('migrate applies the schema, then says it is up to date', () => {
    const first = run('migrate');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Applied \d+ migration/);
    const second = run('migrate');
    assert.equal(second.stdout.trim(), 'The database is up to date.');
  });

  it('import prints file:line problems, shows progress and exits non-zero when a file fails', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kd-cli-in-'));
    writeFileSync(path.join(dir, 'fine.md'), '---\ntitle: Fine\nslug: fine\ncategory: Tests\ntags: [a]\nsummary: S.\nupdated: 2026-01-01\nreviewed: 2026-01-01\n---\n\nBody.\n');
    writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: Broken\nslug: broken\ncategory: Tests\ntags: [a]\nsummary: S.\nupdated: yesterday\nreviewed: 2026-01-01\n---\n\nBody.\n');
    const result = run('import', dir);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /broken\.md:7: updated: "yesterday" is not a valid date/);
    assert.match(result.stderr, /\[2\/2\]/);
    assert.match(result.stdout, /Imported 1 new and 0 updated article\(s\); 1 file\(s\) failed/);
    rmSync(dir, { recursive: true });
  });

  it('imports the sample content and exports it again', () => {
    const imported = run('import', path.join(ROOT, 'content', 'sample'), '--sample');
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /Imported 40 new/);
    const out = mkdtempSync(path.join(tmpdir(), 'kd-cli-out-'));
    const exported = run('export', out);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /Exported 41 article/);
    assert.equal(readdirSync(out).length, 41);
    rmSync(out, { recursive: true });
  });

  it('lists every bad configuration key and exits non-zero', () => {
    const result = spawnSync(process.execPath, [BIN, 'migrate'], {
      cwd: cli.dataDir(), env: { PATH: process.env.PATH, PORT: 'x', DATABASE_URL: 'mysql://nope' }, encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /PORT: expected a whole number/);
    assert.match(result.stderr, /DATABASE_URL: must start with postgres:\/\//);
  });

  it('explains unknown commands', () => {
    const result = run('frobnicate');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command "frobnicate"/);
  });
});
