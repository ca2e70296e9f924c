import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { EMERGENCY_QUESTION, SAME_DAY_QUESTION } from '../../test/ask-fixtures.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type AskedConsultation, type SignedInMember } from './consultation-console.fixtures.ts';

// The consultation queue on both databases: what comes first, the clock in words, the filters
// and their counts, the refresh fragment, and that no health text beyond the condition shows.

const T0 = Date.parse('2026-11-22T09:00:00Z');
const MIN = 60_000;

describeEachDatabase('the consultation queue', (kind) => {
  let t: TestApp;
  let clock = T0;
  let expert: SignedInMember;
  let admin: SignedInMember;
  let editor: SignedInMember;
  const c: Record<string, AskedConsultation> = {};

  const set = (id: string, values: Record<string, string | null>) => t.ctx.db.updateTable('consultations').set(values).where('id', '=', id).execute();
  const iso = (ms: number) => new Date(ms).toISOString();
  /** References in the order the table lists them. */
  const order = (body: string) => [...body.matchAll(/<th scope="row"><a href="\/staff\/consultations\/[0-9a-z]{26}">([^<]+)<\/a>/g)].map((m) => m[1]);
  const ref = (...names: string[]) => names.map((n) => c[n]!.reference);
  const queue = async (query = '') => {
    const response = await expert.browser.get(`/staff/consultations${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.body;
  };

  before(async () => {
    t = await createTestApp(kind, { env: CONSOLE_TEST_ENV, now: () => new Date(clock) });
    // Received in this order; the queue must not simply follow it.
    c.routineLate = await askConsultation(t, { email: 'r1@example.com', name: 'Rita Routine' });
    clock += MIN;
    c.emergency = await askConsultation(t, { email: 'e@example.com', description: EMERGENCY_QUESTION, condition: 'haemodialysis' });
    clock += MIN;
    c.sameDay = await askConsultation(t, { email: 's@example.com', description: SAME_DAY_QUESTION, condition: 'peritoneal-dialysis' });
    clock += MIN;
    c.routineSoon = await askConsultation(t, { email: 'r2@example.com', condition: 'transplant' });
    c.paused = await askConsultation(t, { email: 'p@example.com' });
    c.answered = await askConsultation(t, { email: 'a@example.com' });
    c.closed = await askConsultation(t, { email: 'c@example.com' });
    clock = T0 + 60 * MIN;
    // Signed in now: a session idles out after 30 minutes.
    expert = await signedIn(t, 'expert', new Date(clock), { name: 'Dr Eva Expert', ip: '192.0.2.11' });
    admin = await signedIn(t, 'admin', new Date(clock), { name: 'Ada Admin', ip: '192.0.2.12' });
    editor = await signedIn(t, 'editor', new Date(clock), { ip: '192.0.2.13' });
    await set(c.routineLate!.id, { due_at: iso(clock + 5 * 60 * MIN + 12 * MIN + 30_000) });
    await set(c.routineSoon!.id, { due_at: iso(clock - 63 * MIN), assigned_to: expert.member.id, assigned_at: iso(clock) });
    await set(c.paused!.id, { status: 'in_progress', due_at: iso(clock + 3 * 60 * MIN), clock_paused_at: iso(clock - 30 * MIN), assigned_to: admin.member.id });
    await set(c.answered!.id, { status: 'answered', first_answered_at: iso(clock), due_at: iso(clock) });
    await set(c.closed!.id, { status: 'closed', closed_at: iso(clock) });
  });
  after(async () => {
    await t?.close();
  });

  it('lists open consultations emergency first, then same-day, then by deadline', async () => {
    const body = await queue();
    assert.deepEqual(order(body), ref('emergency', 'sameDay', 'routineSoon', 'paused', 'routineLate'));
    assert.ok(!body.includes(c.answered!.reference) && !body.includes(c.closed!.reference), 'answered and closed ones are not open');
  });

  it('says the time left, the time overdue (highlighted) and a paused clock in words', async () => {
    const body = await queue();
    const row = (name: string) => {
      const start = body.indexOf(`>${c[name]!.reference}</a>`);
      return body.slice(start, body.indexOf('</tr>', start));
    };
    assert.match(row('routineLate'), /<span class="clock clock--left">5 h 12 min left<\/span>/);
    assert.match(row('routineSoon'), /<strong class="clock clock--overdue"><span aria-hidden="true">⚠ <\/span>Overdue by 1 h 3 min<\/strong>/);
    assert.match(row('paused'), /<span class="clock clock--paused">Paused \(3 h 30 min left\)<\/span>/);
    assert.match(row('paused'), /<td>Waiting for patient<\/td>/);
    assert.match(row('paused'), /<td>Ada Admin<\/td>/);
    assert.match(row('routineSoon'), /<td>Dr Eva Expert<\/td>/);
    assert.match(row('routineLate'), /<span class="meta">Unassigned<\/span>/);
    assert.match(row('emergency'), /<span class="badge badge--emergency"><span aria-hidden="true">⚑ <\/span>Emergency<\/span>/);
    assert.match(row('sameDay'), /Same day<\/span>/);
    assert.match(row('routineSoon'), /<td>Kidney transplant<\/td>/);
    assert.match(row('routineLate'), /22 Nov 2026, 09:00 UTC/);
    // Twenty minutes later the deadlines are twenty minutes closer; the paused one has not moved.
    clock += 20 * MIN;
    try {
      const later = await queue();
      assert.ok(later.includes('4 h 52 min left'));
      assert.ok(later.includes('Overdue by 1 h 23 min'));
      assert.ok(later.includes('Paused (3 h 30 min left)'));
    } finally {
      clock -= 20 * MIN;
    }
  });

  it('shows no patient names, contact details or descriptions', async () => {
    const body = await queue('?status=all');
    for (const text of ['Rita Routine', 'Ann Patient', 'r1@example.com', '+44 20 7946', 'creatinine went up', 'crushing chest pain', 'PD fluid has been cloudy']) {
      assert.ok(!body.toLowerCase().includes(text.toLowerCase()), text);
    }
  });

  it('filters by status, by expert and by condition, with counts, as plain GET links', async () => {
    assert.deepEqual(order(await queue('?status=waiting')), ref('paused'));
    assert.deepEqual(order(await queue('?status=answered')), ref('answered'));
    assert.deepEqual(order(await queue('?status=closed')), ref('closed'));
    assert.deepEqual(order(await queue('?status=received')), ref('emergency', 'sameDay', 'routineSoon', 'routineLate'));
    assert.deepEqual(order(await queue('?status=in_progress')), []);
    assert.deepEqual(order(await queue('?status=all')), ref('emergency', 'sameDay', 'routineSoon', 'paused', 'routineLate', 'answered', 'closed'));
    assert.deepEqual(order(await queue('?assignee=mine')), ref('routineSoon'));
    assert.deepEqual(order(await queue('?assignee=unassigned')), ref('emergency', 'sameDay', 'routineLate'));
    assert.deepEqual(order(await queue('?condition=transplant')), ref('routineSoon'));
    assert.deepEqual(order(await queue('?condition=haemodialysis&assignee=unassigned')), ref('emergency'));
    const empty = await queue('?condition=transplant&assignee=unassigned');
    assert.ok(empty.includes('No consultations match these filters.'));

    const body = await queue();
    assert.match(body, /<a href="\/staff\/consultations" aria-current="true" class="filter--current">Open <span class="count">\(5\)<\/span><\/a>/);
    assert.match(body, /href="\/staff\/consultations\?status=waiting">Waiting for patient <span class="count">\(1\)<\/span>/);
    assert.match(body, /href="\/staff\/consultations\?status=all">All <span class="count">\(7\)<\/span>/);
    assert.match(body, /href="\/staff\/consultations\?assignee=mine">Mine <span class="count">\(1\)<\/span>/);
    assert.match(body, /href="\/staff\/consultations\?assignee=unassigned">Unassigned <span class="count">\(3\)<\/span>/);
    const mine = await queue('?assignee=mine');
    assert.match(mine, /href="\/staff\/consultations\?status=all&amp;assignee=mine">All <span class="count">\(1\)<\/span>/);
    assert.match(mine, /<input type="hidden" name="assignee" value="mine">/, 'the condition form keeps the other filters');
  });

  it('ignores filter values it does not know, however odd', async () => {
    for (const query of ['?status=%3Cscript%3Ealert(1)%3C/script%3E', "?assignee=' OR 1=1--", '?condition=%25_%25', '?status=toString&assignee=__proto__']) {
      const response = await expert.browser.get(`/staff/consultations${query}`);
      assert.equal(response.statusCode, 200, query);
      assert.deepEqual(order(response.body), ref('emergency', 'sameDay', 'routineSoon', 'paused', 'routineLate'), query);
      assert.ok(!response.body.includes('<script>alert'), query);
    }
  });

  it('gives the table rows alone for the refresh script, which loads from a file (no inline script)', async () => {
    const page = await queue();
    assert.match(page, /<script src="\/static\/queue-refresh\.js\?v=[0-9a-f]{10}" defer><\/script>/);
    assert.match(page, /<table class="staff-table queue-table" data-queue-refresh="45">/);
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(page.replace(/<script type="application\/ld\+json">/g, '')), 'no inline script');
    const fragment = await expert.browser.get('/staff/consultations?format=fragment&assignee=unassigned');
    assert.equal(fragment.statusCode, 200);
    assert.match(String(fragment.headers['content-type']), /^text\/html/);
    assert.equal(fragment.headers['cache-control'], 'no-store');
    assert.ok(fragment.body.trimStart().startsWith('<tr'), 'rows only');
    assert.ok(!fragment.body.includes('<html') && !fragment.body.includes('<tbody'));
    assert.deepEqual(order(fragment.body), ref('emergency', 'sameDay', 'routineLate'));
    const script = await t.app.inject({ method: 'GET', url: '/static/queue-refresh.js' });
    assert.equal(script.statusCode, 200);
    assert.match(script.body, /visibilitychange/);
    assert.match(script.body, /document\.hidden/);
  });

  it('is linked from the console home and navigation for experts and admins, not editors', async () => {
    for (const who of [expert, admin]) {
      const home = await who.browser.get('/staff');
      assert.match(home.body, /<h2><a href="\/staff\/consultations">Consultation queue<\/a><\/h2>/);
      assert.match(home.body, /<li><a href="\/staff\/consultations">Consultations<\/a><\/li>/);
    }
    const editorHome = await editor.browser.get('/staff');
    assert.ok(!editorHome.body.includes('/staff/consultations'));
    assert.equal((await editor.browser.get('/staff/consultations')).statusCode, 403);
    const nav = await queue();
    assert.match(nav, /<a href="\/staff\/consultations" aria-current="page">Consultations<\/a>/);
  });
});
