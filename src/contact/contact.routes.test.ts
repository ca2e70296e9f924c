import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { catchMail, fieldError, fieldsWithErrors, shownValue, type MailCatcher } from '../../test/ask-fixtures.ts';
import { escapeHtml } from '../web/html.ts';
import {
  assertContactStoresNothing, contactFields, contactStamp, EMERGENCY_MESSAGE, followToSent, postContact, ROUTINE_MESSAGE,
} from './contact.fixtures.ts';

// The contact form by HTTP on both databases: sending a message (stored, acknowledged by e-mail
// on a real SMTP server, the thank-you page with the urgent notice when it reads like an
// emergency), every rule's message beside its field, and the same abuse controls as /ask.

const T0 = Date.parse('2026-11-22T09:00:00Z');
const MINUTE = 60_000;

describeEachDatabase('contact form', (kind) => {
  describe('sending and validation', () => {
    let t: TestApp;
    let mail: MailCatcher;
    let stamp: string;
    before(async () => {
      t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' }, now: () => new Date(T0) });
      mail = await catchMail(t);
      stamp = await contactStamp(t.app);
    });
    after(async () => {
      await mail?.close();
      await t?.close();
    });

    it('GET /contact: the form with its four fields, linked from the footer and the site map', async () => {
      const res = await t.app.inject({ url: '/contact' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Contact us<\/h1>/);
      for (const field of ['name', 'email', 'subject', 'message']) assert.ok(res.body.includes(`id="${field}"`), field);
      assert.ok(res.body.includes('<a href="/contact">Contact us</a>'), 'footer quick link');
      assert.ok((await t.app.inject({ url: '/site-map' })).body.includes('href="/contact"'), 'the site map lists it');
      assert.ok((await t.app.inject({ url: '/sitemap.xml' })).body.includes('<loc>http://kidneydesk.test/contact</loc>'), 'the sitemap lists it');
    });

    it('a message: 303 to the thank-you page, stored, acknowledged by e-mail without repeating it', async () => {
      const res = await postContact(t.app, contactFields({ email: 'happy@example.com', name: 'Hanna Happy' }), { stamp });
      const sent = await followToSent(t.app, res);
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /<h1>Thank you for your message<\/h1>/);
      assert.ok(!sent.body.includes('Get urgent help now'), 'no urgent notice for a routine message');
      const reference = /Your reference: <strong>(M-[2-9A-Z]{6})<\/strong>/.exec(sent.body)?.[1];
      assert.ok(reference, 'the page shows the reference');

      const row = await t.ctx.db.selectFrom('contact_messages').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
      assert.deepEqual(
        { name: row.name, email: row.email, subject: row.subject, message: row.message, triage: row.triage_level, handled: row.handled_at },
        { name: 'Hanna Happy', email: 'happy@example.com', subject: 'Parking at the clinic', message: ROUTINE_MESSAGE, triage: 'routine', handled: null },
      );
      const delivered = await mail.deliver();
      assert.equal(delivered.length, 1);
      const ack = delivered[0]!;
      assert.deepEqual(ack.envelopeTo, ['happy@example.com']);
      assert.match(ack.text, /Hello Hanna Happy,/);
      assert.ok(ack.text.includes(`Your reference is ${reference}.`));
      assert.ok(!ack.text.includes('parking') && !ack.text.includes('Parking'), 'neither the message nor its subject is in the mail');
    });

    it('a message that reads like an emergency: the urgent notice leads the thank-you page, flagged in the row', async () => {
      const res = await postContact(t.app, contactFields({ subject: 'Help', message: EMERGENCY_MESSAGE, email: 'urgent@example.com' }), { stamp });
      const sent = await followToSent(t.app, res);
      const notice = sent.body.indexOf('Get urgent help now');
      assert.ok(notice !== -1 && notice < sent.body.indexOf('<h1>'), 'the notice comes first');
      assert.ok(sent.body.includes('Call 999 now'));
      const row = await t.ctx.db.selectFrom('contact_messages').select(['triage_level', 'triage_reasons']).where('email', '=', 'urgent@example.com').executeTakeFirstOrThrow();
      assert.equal(row.triage_level, 'emergency');
      assert.ok(JSON.parse(row.triage_reasons).length > 0);
      await mail.deliver();
    });

    it('the thank-you page without a message just sent says thank you, with no reference or notice', async () => {
      const res = await t.app.inject({ url: '/contact/sent', cookies: { kd_contact_sent: 'emergency.<script>' } });
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes('Your reference') && !res.body.includes('Get urgent help now') && !res.body.includes('<script>'));
    });

    const rejected = async (overrides: Record<string, string | undefined>, field: string, message: string | RegExp, status = 422) => {
      const res = await assertContactStoresNothing(t, () => postContact(t.app, contactFields(overrides), { stamp }));
      assert.equal(res.statusCode, status, `${JSON.stringify(overrides).slice(0, 80)} → ${status}`);
      assert.deepEqual(fieldsWithErrors(res.body), [field], 'one problem, beside its own field');
      const shown = fieldError(res.body, field);
      if (typeof message === 'string') assert.equal(shown, message);
      else assert.match(shown ?? '', message);
      assert.ok(res.body.includes('<title>Error: Contact us'), 'the title says there is an error');
      assert.ok(res.body.includes(`<li><a href="#${field}">${escapeHtml(shown!)}</a></li>`), 'the error summary links to the field');
      return res;
    };

    it('each rule: the message beside its field, the typed values kept, nothing stored', async () => {
      await rejected({ name: '' }, 'name', 'Please tell us your name.');
      await rejected({ name: undefined }, 'name', 'Please tell us your name.');
      await rejected({ name: 'N'.repeat(101) }, 'name', 'Please keep your name to 100 characters.');
      await rejected({ name: 'Carl\tContact' }, 'name', /Please type it on one line/);
      await rejected({ email: '' }, 'email', 'Please give your e-mail address so we can reply to you.');
      await rejected({ email: 'carl@example' }, 'email', 'Please enter one e-mail address, like name@example.com.');
      await rejected({ subject: '   ' }, 'subject', 'Please give your message a subject.');
      await rejected({ subject: 'S'.repeat(151) }, 'subject', 'Please keep the subject to 150 characters.');
      await rejected({ subject: 'Parking\u202e' }, 'subject', /Please type it on one line/);
      await rejected({ message: 'Too short, sorry.' }, 'message', 'Please write a little more (at least 20 characters).');
      await rejected({ message: 'M'.repeat(10_001) }, 'message', 'Please shorten your message to 10,000 characters (it has 10,001).');
      await rejected({ message: 'A bell \u0007 rings in my message text' }, 'message', 'Your message contains hidden control characters. Please retype it.');
      await rejected({ message: `A NUL \u0000 in my message, which is long enough` }, 'message', /cannot accept/, 400);
    });

    it('everything wrong at once: every message beside its field, in page order, and the typed values shown again', async () => {
      const typed = { website: '', name: '', email: 'not-an-address', subject: 'Line one\nline two', message: 'Help <b>please</b>' };
      const res = await assertContactStoresNothing(t, () => postContact(t.app, typed, { stamp }));
      assert.equal(res.statusCode, 422);
      assert.deepEqual(fieldsWithErrors(res.body), ['name', 'email', 'subject', 'message']);
      assert.ok(res.body.includes('Please check 4 things'));
      assert.equal(shownValue(res.body, 'email'), typed.email);
      assert.equal(shownValue(res.body, 'message'), typed.message);
      assert.ok(!res.body.includes('<b>please</b>'), 'typed text is escaped');
    });

    it('the limits themselves are accepted: 20 and 10,000 characters, a 150-character subject, NFC', async () => {
      for (const overrides of [
        { message: 'Q'.repeat(20) },
        { message: '李'.repeat(10_000) },
        { subject: 'S'.repeat(150) },
        { message: `  ${'é'.repeat(19)}\u0065\u0301  ` },
      ]) {
        const res = await postContact(t.app, contactFields(overrides), { stamp });
        assert.equal(res.statusCode, 303, `${JSON.stringify(overrides).slice(0, 60)}: ${fieldsWithErrors(res.body).join(',')}`);
      }
      const nfc = await t.ctx.db.selectFrom('contact_messages').select('message').where('message', '=', 'é'.repeat(20)).executeTakeFirst();
      assert.ok(nfc, 'stored NFC-normalised and trimmed');
    });
  });

  describe('abuse controls, as on /ask', () => {
    let t: TestApp;
    let clock = T0;
    before(async () => {
      t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '5', ASK_RATE_PER_HOUR: '2', ASK_RATE_PER_DAY: '3' }, now: () => new Date(clock) });
    });
    after(async () => {
      await t?.close();
    });

    it('a filled-in honeypot is refused like a mistake, and the value is not shown back', async () => {
      const stamp = await contactStamp(t.app);
      clock += 10_000;
      const res = await assertContactStoresNothing(t, () => postContact(t.app, contactFields({ website: 'https://cheap-pills.example' }), { stamp, remoteAddress: '192.0.2.50' }));
      assert.equal(res.statusCode, 422);
      assert.equal(fieldError(res.body, 'message'), 'We could not accept this form. Please check your answers and send it again.');
      assert.ok(!res.body.includes('cheap-pills'));
    });

    it('too fast, forged or expired stamps are refused with the values kept; the same form later is accepted', async () => {
      const stamp = await contactStamp(t.app);
      clock += 2_000;
      const fast = await assertContactStoresNothing(t, () => postContact(t.app, contactFields({ name: 'Quick Quentin' }), { stamp, remoteAddress: '192.0.2.51' }));
      assert.equal(fast.statusCode, 422);
      assert.equal(fieldError(fast.body, 'message'), 'That was very quick. Please check your message, then send it again.');
      assert.equal(shownValue(fast.body, 'name'), 'Quick Quentin');
      // The forgery changes the last character (to one it is not already).
      for (const bad of ['', 'not-a-stamp', `${stamp.slice(0, -1)}${stamp.endsWith('A') ? 'B' : 'A'}`]) {
        const res = await assertContactStoresNothing(t, () => postContact(t.app, contactFields(), { stamp: bad, remoteAddress: '192.0.2.51' }));
        assert.equal(res.statusCode, 422, bad);
        assert.match(fieldError(res.body, 'message') ?? '', /expired/);
      }
      clock += 4_000;
      assert.equal((await postContact(t.app, contactFields({ name: 'Quick Quentin' }), { stamp, remoteAddress: '192.0.2.51' })).statusCode, 303);
    });

    it('a 1,000,000-character message is refused with 413 before it is parsed, the message beside the field', async () => {
      const stamp = await contactStamp(t.app);
      clock += 10_000;
      const res = await assertContactStoresNothing(t, () => postContact(t.app, contactFields({ message: 'X'.repeat(1_000_000) }), { stamp, remoteAddress: '192.0.2.52' }));
      assert.equal(res.statusCode, 413);
      assert.deepEqual(fieldsWithErrors(res.body), ['message']);
      assert.equal(fieldError(res.body, 'message'), 'Please shorten your message to 10,000 characters.');
    });

    it('per-IP limits: 429 with Retry-After and a friendly page past the hourly limit; other IPs unaffected; /ask has its own budget', async () => {
      const from = async (ip: string) => {
        const stamp = await contactStamp(t.app);
        clock += 10_000;
        return postContact(t.app, contactFields(), { stamp, remoteAddress: ip });
      };
      assert.equal((await from('198.51.100.7')).statusCode, 303);
      clock += 10 * MINUTE;
      assert.equal((await from('198.51.100.7')).statusCode, 303);
      clock += 10 * MINUTE;
      const limited = await assertContactStoresNothing(t, () => from('198.51.100.7'));
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 3600);
      assert.equal(limited.headers['cache-control'], 'no-store');
      assert.ok(limited.body.includes('<h1>Please wait before sending another message</h1>'));
      assert.ok(limited.body.includes('In an emergency call 999'));
      assert.equal((await from('203.0.113.9')).statusCode, 303, 'another IP may still write');
      assert.ok(t.ctx.formLimiter.check('198.51.100.7', new Date(clock)).allowed, 'the ask form’s budget is untouched');
    });
  });
});
