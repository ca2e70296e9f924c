import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fieldError, shownValue } from '../../test/ask-fixtures.ts';
import { signedIn, type SignedInMember } from './consultation-console.fixtures.ts';

// Reply templates on both databases: create, edit, delete (each audited), refused forms keep what
// was typed, and the name, subject, description and markdown entries of bad-inputs.json in the
// title and the body.

interface BadInput { field: string; value: string; kind: string; expect: 'rejected' | 'stored-escaped' | 'ignored'; repeat?: number; note?: string }
const ALL = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'shared', 'security', 'bad-inputs.json'), 'utf8')) as BadInput[];
const valueOf = (input: BadInput) => input.value.repeat(input.repeat ?? 1);
const VALID_BODY = 'Thank you for your question.';

describeEachDatabase('reply templates', (kind) => {
  let t: TestApp;
  let clock = Date.parse('2026-11-23T09:00:00Z');
  let expert: SignedInMember;

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(clock) });
    expert = await signedIn(t, 'expert', new Date(clock));
  });
  after(async () => {
    await t?.close();
  });

  const create = (title: string, body: string) => expert.browser.post('/staff/templates', { csrf: expert.csrf, title, body });
  const rows = () => t.ctx.db.selectFrom('reply_templates').selectAll().orderBy('created_at').orderBy('id').execute();
  const audit = (action: string) => t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  it('creates, edits and deletes a template, auditing each with ids only', async () => {
    const created = await create('Dialysis diet opening', 'Thank you for asking about your **diet**.');
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/staff/templates?done=created');
    const [row] = await rows();
    assert.ok(row);
    assert.deepEqual([row.title, row.body, row.created_by], ['Dialysis diet opening', 'Thank you for asking about your **diet**.', expert.member.id]);
    const list = await expert.browser.get('/staff/templates?done=created');
    assert.ok(list.body.includes('Template added.') && list.body.includes('Dialysis diet opening'));

    clock += 60_000;
    const edited = await expert.browser.post(`/staff/templates/${row.id}`, { csrf: expert.csrf, title: 'Diet opening', body: 'New text.' });
    assert.equal(edited.statusCode, 303);
    const after = (await rows()).find((r) => r.id === row.id)!;
    assert.deepEqual([after.title, after.body, after.updated_at], ['Diet opening', 'New text.', new Date(clock).toISOString()]);

    // A refused edit shows that template's form open, with what was typed and the message beside the field.
    const refused = await expert.browser.post(`/staff/templates/${row.id}`, { csrf: expert.csrf, title: '', body: 'Kept text' });
    assert.equal(refused.statusCode, 422);
    assert.equal(fieldError(refused.body, `title-${row.id}`), 'Give the template a title.');
    assert.equal(shownValue(refused.body, `body-${row.id}`), 'Kept text');
    assert.equal((await rows()).find((r) => r.id === row.id)!.title, 'Diet opening');

    const deleted = await expert.browser.post(`/staff/templates/${row.id}/delete`, { csrf: expert.csrf });
    assert.equal(deleted.statusCode, 303);
    assert.equal((await rows()).length, 0);
    assert.equal((await expert.browser.post(`/staff/templates/${row.id}/delete`, { csrf: expert.csrf })).statusCode, 404);
    assert.equal((await expert.browser.post(`/staff/templates/${row.id}`, { csrf: expert.csrf, title: 'X', body: 'Y' })).statusCode, 404);

    for (const action of ['template.created', 'template.updated', 'template.deleted']) {
      const entries = await audit(action);
      assert.equal(entries.length, 1, action);
      assert.deepEqual([entries[0]!.actor_id, entries[0]!.subject_type, entries[0]!.subject_id], [expert.member.id, 'reply_template', row.id]);
    }
  });

  it('refuses an empty or over-long title or body with the message beside the field, keeping the text', async () => {
    const empty = await create('', '');
    assert.equal(empty.statusCode, 422);
    assert.equal(fieldError(empty.body, 'title'), 'Give the template a title.');
    assert.equal(fieldError(empty.body, 'body'), 'Write the template before sending it.');
    const long = await create('T'.repeat(201), 'B'.repeat(20_001));
    assert.equal(long.statusCode, 422);
    assert.equal(fieldError(long.body, 'title'), 'The title can be at most 200 characters.');
    assert.match(fieldError(long.body, 'body')!, /at most 20,000/);
    assert.equal(shownValue(long.body, 'title'), 'T'.repeat(201));
    assert.equal(shownValue(long.body, 'body'), 'B'.repeat(20_001));
    assert.equal((await create('T'.repeat(200), 'B'.repeat(20_000))).statusCode, 303, 'the limits themselves are fine');
  });

  it('handles the name and subject entries of bad-inputs.json in the title', async () => {
    for (const input of ALL.filter((i) => i.field === 'name' || i.field === 'subject')) {
      const value = valueOf(input);
      const label = `${input.field}/${input.kind}: ${input.note ?? input.value.slice(0, 30)}`;
      clock += 1000;
      const response = await create(value, VALID_BODY);
      if (input.expect === 'rejected') {
        assert.ok(response.statusCode === 422 || response.statusCode === 413, `${label}: ${response.statusCode}`);
        continue;
      }
      assert.equal(response.statusCode, 303, `${label}: ${response.statusCode}`);
      const stored = (await rows()).at(-1)!;
      assert.equal(stored.title, value.normalize('NFC').trim(), label);
    }
    const page = await expert.browser.get('/staff/templates');
    assert.ok(!page.body.includes('<script>alert(1)</script>') && !page.body.includes('<img src=x'), 'titles are escaped');
    assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.body.includes('{{7*7}}') && page.body.includes('=?utf-8?b?QmNjOiBhdHRhY2tlckBldmlsLmV4YW1wbGU=?='));
    assert.ok(page.body.includes('\u00e1'.repeat(40)), 'combining accents stored composed');
  });

  it('handles the markdown and description entries of bad-inputs.json in the body', async () => {
    for (const input of ALL.filter((i) => i.field === 'markdown' || i.field === 'description')) {
      const value = valueOf(input);
      const label = `${input.field}/${input.kind}: ${input.note ?? input.value.slice(0, 30)}`;
      clock += 1000;
      const response = await create(`Body ${input.kind}`, value);
      if ([...value].length > 200_000) assert.equal(response.statusCode, 413, label);
      else if (value.includes('\u0000') || [...value].length > 20_000) assert.equal(response.statusCode, 422, label);
      else {
        assert.equal(response.statusCode, 303, `${label}: ${response.statusCode}`);
        assert.equal((await rows()).at(-1)!.body, value.replace(/\r\n?/g, '\n').normalize('NFC'), label);
      }
    }
    const page = await expert.browser.get('/staff/templates');
    assert.equal(page.statusCode, 200);
    assert.ok(!/<script>alert|<img src=x|<svg>|<iframe/i.test(page.body), 'bodies are shown as text');
  });
});
