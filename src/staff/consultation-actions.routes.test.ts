import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fieldError, getWithCase, shownValue } from '../../test/ask-fixtures.ts';
import { Browser, createMember, signIn } from './staff.fixtures.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type AskedConsultation, type SignedInMember } from './consultation-console.fixtures.ts';

// What experts do to a consultation, on both databases: claim, assign, unassign, internal notes,
// status changes and the answer clock. Each change is a consultation event and an audit row,
// moves updated_at, and comes back to the view with a notice; refusals say why beside the field.

interface BadInput { field: string; value: string; kind: string; expect: 'stored-escaped' | 'rejected' | 'ignored'; repeat?: number }
const BAD_INPUTS: BadInput[] = JSON.parse(readFileSync(new URL('../../../shared/security/bad-inputs.json', import.meta.url), 'utf8'));

const MIN = 60_000;
const HOUR = 60 * MIN;

describeEachDatabase('expert actions on a consultation', (kind) => {
  let t: TestApp;
  let clock = Date.parse('2026-11-22T09:00:00Z');
  let expert: SignedInMember;
  let other: SignedInMember;
  let c: AskedConsultation;

  const row = () => t.ctx.db.selectFrom('consultations').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
  const events = () => t.ctx.db.selectFrom('consultation_events').selectAll().where('consultation_id', '=', c.id).orderBy('at').orderBy('id').execute();
  const audits = (action: string) => t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  const post = (who: SignedInMember, action: string, form: Record<string, string> = {}) =>
    who.browser.post(`/staff/consultations/${c.id}/${action}`, { csrf: who.csrf, ...form });
  /** Posts an action, expects the 303 back with its notice, and returns the page it lands on. */
  const act = async (who: SignedInMember, action: string, form: Record<string, string>, done: string): Promise<string> => {
    clock += MIN;
    const response = await post(who, action, form);
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, `/staff/consultations/${c.id}?done=${done}`);
    return (await who.browser.get(String(response.headers.location))).body;
  };
  const lastEvent = async () => (await events()).at(-1)!;
  /** Sessions idle out after 30 minutes: after a jump of the clock, the expert signs in again. */
  const signInAgain = async () => {
    const browser = new Browser(t.app, '192.0.2.33');
    expert = { member: expert.member, browser, csrf: await signIn(browser, expert.member, new Date(clock)) };
  };

  before(async () => {
    t = await createTestApp(kind, { env: CONSOLE_TEST_ENV, now: () => new Date(clock) });
    c = await askConsultation(t, { email: 'pat@example.com', name: 'Pat Patient' });
    expert = await signedIn(t, 'expert', new Date(clock), { name: 'Dr Eva Expert', ip: '192.0.2.31' });
    other = await signedIn(t, 'admin', new Date(clock), { name: 'Ada Admin', ip: '192.0.2.32' });
  });
  after(async () => {
    await t?.close();
  });

  it('claim assigns to me; a second claim by someone else is refused with who has it', async () => {
    const was = await row();
    const page = await act(expert, 'claim', {}, 'claimed');
    assert.ok(page.includes('You have this consultation now.'));
    assert.ok(page.includes('<dt>Expert</dt><dd>Dr Eva Expert'));
    assert.ok(page.includes('Dr Eva Expert claimed the consultation.'), 'the history says so');
    const now = await row();
    assert.equal(now.assigned_to, expert.member.id);
    assert.notEqual(now.updated_at, was.updated_at);
    const event = await lastEvent();
    assert.deepEqual([event.kind, event.actor_id], ['claimed', expert.member.id]);
    assert.deepEqual((await audits('consultation.claimed')).map((r) => [r.actor_id, r.subject_id]), [[expert.member.id, c.id]]);

    const refused = await post(other, 'claim');
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.body.includes('Dr Eva Expert already has this consultation.'));
    assert.equal((await row()).assigned_to, expert.member.id);
  });

  it('assign hands it to an active expert or admin; editors, disabled accounts and odd values are refused beside the select', async () => {
    const editor = await createMember(t.ctx, { role: 'editor', name: 'Ed Editor' });
    const gone = await createMember(t.ctx, { role: 'expert', name: 'Gone Expert', disabled: true });
    const view = (await expert.browser.get(`/staff/consultations/${c.id}`)).body;
    const select = view.slice(view.indexOf('<select id="assignee"'), view.indexOf('</select>', view.indexOf('<select id="assignee"')));
    assert.ok(select.includes('Ada Admin') && select.includes('Dr Eva Expert (me)'));
    assert.ok(!select.includes('Ed Editor') && !select.includes('Gone Expert'), 'only active experts and admins are offered');

    const before = await row();
    const eventCount = (await events()).length;
    const bad: [string, string][] = [
      [editor.id, 'Ed Editor is an editor and cannot take consultations. Choose an expert or admin.'],
      [gone.id, 'Gone Expert\'s account is disabled. Choose an active expert or admin.'],
      ...['', '0'.repeat(26), ...BAD_INPUTS.filter((b) => b.field === 'name' && b.expect !== 'rejected' && !b.repeat).map((b) => b.value), 'x\u0000y']
        .map((v): [string, string] => [v, 'Choose an active expert or admin from the list.']),
    ];
    for (const [value, message] of bad) {
      clock += MIN;
      const response = await post(expert, 'assign', { assignee: value });
      assert.equal(response.statusCode, 422, JSON.stringify(value));
      assert.equal(fieldError(response.body, 'assignee'), message);
      assert.ok(!response.body.includes('<script>alert'), 'nothing echoed raw');
    }
    assert.deepEqual(await row(), before, 'nothing changed');
    assert.equal((await events()).length, eventCount);

    const page = await act(expert, 'assign', { assignee: other.member.id }, 'assigned');
    assert.ok(page.includes('<dt>Expert</dt><dd>Ada Admin'));
    assert.ok(page.includes('Dr Eva Expert assigned the consultation to Ada Admin.'));
    assert.equal((await row()).assigned_to, other.member.id);
    const event = await lastEvent();
    assert.deepEqual([event.kind, event.actor_id, JSON.parse(event.detail)], ['assigned', expert.member.id, { to: other.member.id, from: expert.member.id }]);
    assert.equal((await audits('consultation.assigned')).length, 1);
    // The same person again changes nothing and records nothing.
    await act(expert, 'assign', { assignee: other.member.id }, 'unchanged');
    assert.equal((await events()).length, eventCount + 1);
  });

  it('unassign leaves it with nobody', async () => {
    const page = await act(expert, 'unassign', {}, 'unassigned');
    assert.ok(page.includes('<dt>Expert</dt><dd>Unassigned</dd>'));
    assert.ok(page.includes('Dr Eva Expert unassigned Ada Admin.'));
    const now = await row();
    assert.deepEqual([now.assigned_to, now.assigned_at], [null, null]);
    assert.deepEqual([(await lastEvent()).kind, JSON.parse((await lastEvent()).detail)], ['unassigned', { from: other.member.id }]);
    assert.equal((await audits('consultation.unassigned')).length, 1);
  });

  it('an internal note is kept, shown escaped to staff, and never on the patient\'s page', async () => {
    const note = 'Called the dialysis unit: <b>potassium</b> 6.1 — **recheck** tomorrow.\nSecond line.';
    const page = await act(expert, 'notes', { note }, 'noted');
    assert.ok(page.includes('Note added. Only staff can see it.'));
    assert.ok(page.includes('Called the dialysis unit: &lt;b&gt;potassium&lt;/b&gt; 6.1 — **recheck** tomorrow.<br>Second line.'));
    assert.ok(page.includes('<strong>Internal note</strong> by <bdi>Dr Eva Expert</bdi>'));
    const stored = await t.ctx.db.selectFrom('consultation_notes').selectAll().where('consultation_id', '=', c.id).execute();
    assert.deepEqual(stored.map((n) => [n.body, n.author_id]), [[note, expert.member.id]]);
    assert.deepEqual([(await lastEvent()).kind, JSON.parse((await lastEvent()).detail)], ['note_added', { noteId: stored[0]!.id }]);
    assert.equal((await audits('consultation.note_added')).length, 1);

    const patient = await getWithCase(t.app, '/case', c.cookie);
    assert.equal(patient.statusCode, 200);
    assert.ok(patient.body.includes(c.reference), 'this is the patient\'s own page');
    assert.ok(!patient.body.includes('Called the dialysis unit') && !patient.body.includes('potassium'), 'no note on the patient\'s page');
  });

  it('the note field: every bad input is stored verbatim and shown escaped, or refused with a message (never a 500)', async () => {
    const inputs = BAD_INPUTS.filter((b) => b.field === 'description' || b.field === 'markdown');
    assert.ok(inputs.length >= 15);
    for (const input of inputs) {
      const value = input.value.repeat(input.repeat ?? 1);
      const label = `${input.field}/${input.kind}: ${input.value.slice(0, 30)}${input.repeat ? ` ×${input.repeat}` : ''}`;
      const count = async () => (await t.ctx.db.selectFrom('consultation_notes').select('id').execute()).length;
      const before = await count();
      clock += MIN;
      const started = Date.now();
      const response = await post(expert, 'notes', { note: value });
      assert.ok(response.statusCode < 500, label);
      // The note limit is 10,000 characters, so the 50,000-character Markdown entry is refused too.
      const fits = [...value.replace(/\r\n?/g, '\n').trim()].length <= 10_000;
      if (input.expect === 'stored-escaped' && fits) {
        assert.equal(response.statusCode, 303, label);
        assert.ok(Date.now() - started < 5_000, `${label}: no time-based injection`);
        const latest = await t.ctx.db.selectFrom('consultation_notes').select('body').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
        assert.equal(latest.body, value.replace(/\r\n?/g, '\n').trim(), `${label}: stored as typed`);
        const page = (await expert.browser.get(`/staff/consultations/${c.id}`)).body;
        assert.ok(!page.includes(value.trim().split('\n')[0]!.slice(0, 200)) || !/[<>"'&]/.test(value), `${label}: never raw`);
        assert.ok(!/<script>alert|<img src=x|<svg><foreignObject|href="javascript:|href="data:/i.test(page), `${label}: no active markup`);
        if (input.kind === 'unicode') assert.match(page, /<div class="message-body" dir="auto"><p>Creatinine rose \u202e\.laimroN\u202c after the biopsy<\/p><\/div>/);
      } else {
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${label}: refused (${response.statusCode})`);
        if (response.statusCode !== 413) {
          assert.ok(fieldError(response.body, 'note'), `${label}: a message beside the field`);
          if (input.kind === 'oversize') assert.equal(shownValue(response.body, 'note').length, value.length, `${label}: what was typed is kept`);
        }
        assert.equal(await count(), before, `${label}: nothing stored`);
      }
    }
    const empty = await post(expert, 'notes', { note: '   \n ' });
    assert.equal(empty.statusCode, 422);
    assert.equal(fieldError(empty.body, 'note'), 'Please write the note.');
  });

  it('status: received → in progress → closed → reopened with a fresh deadline; anything else is refused', async () => {
    await act(expert, 'status', { status: 'in_progress' }, 'status');
    assert.equal((await row()).status, 'in_progress');
    assert.deepEqual(JSON.parse((await lastEvent()).detail), { from: 'received', to: 'in_progress' });

    for (const [value, message] of [
      ['in_progress', 'A consultation that is in progress cannot be made in progress here.'],
      ['answered', 'Choose one of the statuses in the list.'],
      ['received', 'Choose one of the statuses in the list.'],
      ['<script>alert(1)</script>', 'Choose one of the statuses in the list.'],
      ['', 'Choose one of the statuses in the list.'],
    ] as const) {
      const refused = await post(expert, 'status', { status: value });
      assert.equal(refused.statusCode, 422, value);
      assert.equal(fieldError(refused.body, 'status'), message);
    }
    assert.equal((await row()).status, 'in_progress');

    const closedPage = await act(expert, 'status', { status: 'closed' }, 'status');
    assert.ok(closedPage.includes('Dr Eva Expert changed the status from in progress to closed.'));
    const closed = await row();
    assert.equal(closed.status, 'closed');
    assert.equal(closed.closed_at, new Date(clock).toISOString());
    assert.ok(closedPage.includes('<option value="in_progress">Reopen (in progress)</option>'));

    clock += 3 * HOUR;
    await signInAgain();
    await t.ctx.db.updateTable('consultations').set({ reminder_sent_at: new Date(clock).toISOString(), breached_at: new Date(clock).toISOString() }).where('id', '=', c.id).execute();
    await act(expert, 'status', { status: 'in_progress' }, 'status');
    const reopened = await row();
    assert.deepEqual([reopened.status, reopened.closed_at, reopened.reminder_sent_at, reopened.breached_at], ['in_progress', null, null, null]);
    assert.equal(reopened.due_at, new Date(clock + 24 * HOUR).toISOString(), 'a fresh deadline');
    assert.equal((await audits('consultation.status_changed')).length, 3);
  });

  it('pause stops the clock ("Waiting for patient"); restarting moves the deadline on by the pause', async () => {
    const before = await row();
    const paused = await act(expert, 'pause', {}, 'paused');
    assert.ok(paused.includes('Clock paused: waiting for information from the patient.'));
    assert.ok(paused.includes('<strong>Waiting for patient</strong>'));
    assert.ok(paused.includes('Restart the clock'));
    const pausedAt = clock;
    assert.equal((await row()).clock_paused_at, new Date(pausedAt).toISOString());
    assert.equal((await lastEvent()).kind, 'clock_paused');
    const queue = (await expert.browser.get('/staff/consultations?status=waiting')).body;
    assert.ok(queue.includes(c.reference) && queue.includes('Paused ('));

    // A second pause changes nothing.
    await act(expert, 'pause', {}, 'unchanged');
    clock += 2 * HOUR;
    await signInAgain();
    await t.ctx.db.updateTable('consultations').set({ reminder_sent_at: new Date(clock).toISOString() }).where('id', '=', c.id).execute();
    const resumed = await act(expert, 'resume', {}, 'resumed');
    assert.ok(resumed.includes('Dr Eva Expert restarted the clock after 2 h 2 min.'));
    const now = await row();
    const pausedFor = clock - pausedAt;
    assert.equal(now.clock_paused_at, null);
    assert.equal(now.due_at, new Date(Date.parse(before.due_at) + pausedFor).toISOString());
    assert.equal(now.paused_seconds, before.paused_seconds + pausedFor / 1000);
    assert.equal(now.reminder_sent_at, null, 'the deadline is more than 4 hours away again');
    assert.deepEqual([(await lastEvent()).kind, JSON.parse((await lastEvent()).detail)], ['clock_resumed', { pausedSeconds: pausedFor / 1000 }]);
    assert.equal((await audits('consultation.clock_paused')).length, 1);
    assert.equal((await audits('consultation.clock_resumed')).length, 1);
    await act(expert, 'resume', {}, 'unchanged');
  });

  it('every action needs the form token and the right role', async () => {
    const before = await row();
    for (const action of ['claim', 'assign', 'unassign', 'notes', 'status', 'pause', 'resume']) {
      const forged = await expert.browser.post(`/staff/consultations/${c.id}/${action}`, { csrf: 'x'.repeat(43), note: 'forged', status: 'closed', assignee: expert.member.id });
      assert.equal(forged.statusCode, 403, action);
    }
    const editor = await signedIn(t, 'editor', new Date(clock), { ip: '192.0.2.34' });
    for (const action of ['claim', 'notes', 'status', 'pause']) {
      assert.equal((await post(editor, action, { note: 'editor note', status: 'closed' })).statusCode, 403, action);
    }
    assert.deepEqual(await row(), before);
  });
});
