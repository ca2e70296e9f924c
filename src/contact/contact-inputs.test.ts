import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fieldsWithErrors } from '../../test/ask-fixtures.ts';
import { Browser, createMember, signIn } from '../staff/staff.fixtures.ts';
import { escapeHtml } from '../web/html.ts';
import { assertContactStoresNothing, contactFields, contactStamp, followToSent, postContact } from './contact.fixtures.ts';

// Every name, email, subject and description entry of /work/shared/security/bad-inputs.json sent
// to /contact with otherwise valid fields (description → message): refused ones come back with
// the message beside that field and store nothing; accepted ones are stored verbatim (NFC) and
// shown escaped in the staff inbox. Never a 500.

interface BadInput { field: string; value: string; repeat?: number; suffix?: string; expect: 'rejected' | 'stored-escaped' | 'ignored'; kind: string }
const FIELD: Record<string, 'name' | 'email' | 'subject' | 'message'> = { name: 'name', email: 'email', subject: 'subject', description: 'message' };
const INPUTS = (JSON.parse(readFileSync('/work/shared/security/bad-inputs.json', 'utf8')) as BadInput[]).filter((e) => e.field in FIELD);

const valueOf = (e: BadInput) => e.value.repeat(e.repeat ?? 1) + (e.suffix ?? '');
const label = (e: BadInput) => {
  const value = valueOf(e);
  return `${e.field} ${e.kind} ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}… (${value.length})` : value)}`;
};

describeEachDatabase('contact form: the shared bad inputs', (kind) => {
  let t: TestApp;
  let stamp: string;
  const staff = new Map<string, Browser>();
  before(async () => {
    t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' }, now: () => new Date('2026-11-22T09:00:00Z') });
    stamp = await contactStamp(t.app);
    const expert = await createMember(t.ctx, { role: 'expert' });
    const browser = new Browser(t.app, '192.0.2.10');
    await signIn(browser, expert, t.ctx.now());
    staff.set('expert', browser);
  });
  after(async () => {
    await t?.close();
  });

  it('covers every entry for these fields', () => {
    assert.ok(INPUTS.length >= 40, `found ${INPUTS.length}`);
    assert.ok(INPUTS.some((e) => e.field === 'subject') && INPUTS.some((e) => e.field === 'description'));
  });

  for (const entry of INPUTS) {
    it(`${label(entry)} → ${entry.expect}`, async () => {
      const field = FIELD[entry.field]!;
      const value = valueOf(entry);
      if (entry.expect === 'rejected') {
        const res = await assertContactStoresNothing(t, () => postContact(t.app, contactFields({ [field]: value }), { stamp }));
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `4xx, got ${res.statusCode}`);
        if (value.includes('\u0000')) assert.equal(res.statusCode, 400, 'NUL is malformed: 400 on both databases');
        else if (value.length < 500_000) assert.equal(res.statusCode, 422);
        assert.deepEqual(fieldsWithErrors(res.body), [field], 'the message is beside that field');
        assert.ok(!/<script>alert|<img src=x/.test(res.body), 'the echoed value is escaped');
        return;
      }
      // stored-escaped (and, were there any, ignored): accepted harmlessly.
      const email = field === 'email' ? value : `bad-${Math.random().toString(36).slice(2)}@example.com`;
      const started = performance.now();
      const res = await postContact(t.app, contactFields({ [field]: value, email }), { stamp });
      assert.equal(res.statusCode, 303, `accepted, got ${res.statusCode}: ${fieldsWithErrors(res.body).join(',')}`);
      assert.ok(performance.now() - started < 5_000, 'no time-based injection');
      const reference = /Your reference: <strong>([^<]+)</.exec((await followToSent(t.app, res)).body)![1]!;
      const row = await t.ctx.db.selectFrom('contact_messages').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
      const expected = field === 'message' ? value.normalize('NFC').replace(/\r\n?/g, '\n').trim() : value.normalize('NFC').trim();
      assert.equal(row[field], expected, 'stored verbatim (NFC)');

      const browser = staff.get('expert')!;
      const list = (await browser.get('/staff/messages')).body;
      const view = await browser.get(`/staff/messages/${row.id}`);
      assert.equal(view.statusCode, 200);
      for (const page of [list, view.body]) {
        const main = page.slice(page.indexOf('<main'));
        assert.ok(!main.includes('<script>alert'), 'no raw script');
        assert.ok(!/<(img|svg|iframe)[\s>]/i.test(main), 'no raw markup from the sender');
      }
      if (value.includes('{{7*7}}')) assert.ok(view.body.includes('{{7*7}}'), 'rendered literally, never evaluated');
      const shown = field === 'message' ? expected.split('\n') : [expected];
      for (const line of shown) assert.ok(view.body.includes(escapeHtml(line)), `shown escaped in the inbox: ${line.slice(0, 30)}`);
      if (field === 'name' || field === 'subject') assert.ok(list.includes(`<bdi>${escapeHtml(expected)}</bdi>`), 'listed escaped and isolated');
    });
  }
});
