import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { filePart } from '../../test/multipart.ts';
import { buildPdf } from '../../test/fixtures/upload-fixtures.ts';
import { askFields, askStamp, assertStoresNothing, fieldError, fieldsWithErrors, postAsk, shownValue } from '../../test/ask-fixtures.ts';

// The ask form's abuse controls by HTTP, on both databases: the honeypot, the minimum fill time
// (signed stamp), per-IP limits per hour and per day (429, Retry-After, a friendly page), and a
// description far over the limit. A refused submission stores and mails nothing.

const T0 = Date.parse('2026-11-22T09:00:00Z');
const MINUTE = 60_000;

describeEachDatabase('ask form abuse controls', (kind) => {
  describe('honeypot, fill time and oversize text', () => {
    let t: TestApp;
    let clock = T0;
    before(async () => {
      t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '5', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' }, now: () => new Date(clock) });
    });
    after(async () => {
      await t?.close();
    });

    it('a filled-in honeypot is refused like a mistake, with the report discarded', async () => {
      const stamp = await askStamp(t.app);
      clock += 10_000;
      const res = await assertStoresNothing(t, () => postAsk(t.app, askFields({ website: 'https://cheap-pills.example' }), [filePart('report.pdf', buildPdf())], { stamp }));
      assert.equal(res.statusCode, 422);
      assert.equal(fieldError(res.body, 'description'), 'We could not accept this form. Please check your answers and send it again.');
      assert.ok(!res.body.includes('cheap-pills'), 'the honeypot value is not shown back');
    });

    it('a form sent faster than FORM_MIN_FILL_SECONDS is refused with the values kept; the same form later is accepted', async () => {
      const stamp = await askStamp(t.app);
      clock += 2_000;
      const fast = await assertStoresNothing(t, () => postAsk(t.app, askFields({ name: 'Quick Quentin' }), [filePart('report.pdf', buildPdf())], { stamp }));
      assert.equal(fast.statusCode, 422);
      assert.equal(fieldError(fast.body, 'description'), 'That was very quick. Please check your answers, then send the form again.');
      assert.equal(shownValue(fast.body, 'name'), 'Quick Quentin');
      const fresh = /name="started" value="([^"]+)"/.exec(fast.body)![1]!;
      assert.notEqual(fresh, stamp, 'the page comes back with a new stamp');
      clock += 4_000;
      assert.equal((await postAsk(t.app, askFields({ name: 'Quick Quentin' }), [], { stamp })).statusCode, 303, '6 s after the form was shown');
    });

    it('a missing, forged or day-old stamp is refused', async () => {
      const stamp = await askStamp(t.app);
      clock += 10_000;
      const [time, signature] = stamp.split('.') as [string, string];
      const forged = [`${Number(time) - 60_000}.${signature}`, `${time}.${signature.slice(1)}A`, '', 'not-a-stamp'];
      for (const bad of forged) {
        const res = await assertStoresNothing(t, () => postAsk(t.app, askFields(), [], { stamp: bad }));
        assert.equal(res.statusCode, 422, bad);
        assert.equal(fieldError(res.body, 'description'), 'This form had expired. Please check your answers and send it again.');
      }
      clock += 25 * 3_600_000;
      const old = await assertStoresNothing(t, () => postAsk(t.app, askFields(), [], { stamp }));
      assert.equal(old.statusCode, 422);
      assert.match(fieldError(old.body, 'description') ?? '', /expired/);
    });

    it('a 1,000,000-character description is refused with 413 as soon as that field is read, the rest left unread', async () => {
      const stamp = await askStamp(t.app);
      clock += 10_000;
      const res = await assertStoresNothing(t, () => postAsk(t.app, askFields({ description: 'X'.repeat(1_000_000) }), [filePart('report.pdf', buildPdf())], { stamp }));
      assert.equal(res.statusCode, 413);
      assert.equal(res.headers.connection, 'close');
      assert.deepEqual(fieldsWithErrors(res.body), ['description']);
      assert.equal(fieldError(res.body, 'description'), 'Please shorten your text to 10,000 characters.');
      assert.equal(shownValue(res.body, 'name'), 'Ann Patient', 'fields before it are kept');

      const urlEncoded = await assertStoresNothing(t, () => t.app.inject({
        method: 'POST', url: '/ask', payload: new URLSearchParams({ ...askFields({ description: 'X'.repeat(1_000_000) }), started: stamp }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }));
      assert.equal(urlEncoded.statusCode, 413, 'URL-encoded: refused by the body limit before parsing');
    });
  });

  describe('per-IP limits', () => {
    let t: TestApp;
    let clock = T0;
    before(async () => {
      t = await createTestApp(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '2', ASK_RATE_PER_DAY: '3' }, now: () => new Date(clock) });
    });
    after(async () => {
      await t?.close();
    });

    const from = (ip: string, email = 'limits@example.com') => postAsk(t.app, askFields({ email }), [filePart('a.pdf', buildPdf()), filePart('b.pdf', buildPdf())], { remoteAddress: ip });

    it('past the hourly limit: 429, Retry-After, a friendly page, nothing stored; other IPs are unaffected', async () => {
      assert.equal((await from('198.51.100.7')).statusCode, 303);
      clock += 10 * MINUTE;
      assert.equal((await from('198.51.100.7')).statusCode, 303);
      clock += 10 * MINUTE;
      const limited = await assertStoresNothing(t, () => from('198.51.100.7'));
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['retry-after'], String(40 * 60), 'until the first of the two drops out of the hour');
      assert.equal(limited.headers['cache-control'], 'no-store');
      assert.equal(limited.headers.connection, 'close', 'the upload is not read');
      assert.ok(limited.body.includes('<h1>Please wait before sending another question</h1>'));
      assert.ok(limited.body.includes('please try again in about 40 minutes'));
      assert.ok(limited.body.includes('In an emergency call 999'));
      assert.equal((await from('203.0.113.9', 'other@example.com')).statusCode, 303, 'another IP may still ask');
    });

    it('past the daily limit: 429 in hours, while the hourly window is clear', async () => {
      clock = T0 + 61 * MINUTE;
      assert.equal((await from('198.51.100.7')).statusCode, 303, 'the hour has moved on');
      clock = T0 + 125 * MINUTE;
      const limited = await assertStoresNothing(t, () => from('198.51.100.7'));
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['retry-after'], String(24 * 3600 - 125 * 60));
      assert.ok(limited.body.includes('please try again in about 22 hours'));
      clock = T0 + 24 * 3_600_000 + MINUTE;
      assert.equal((await from('198.51.100.7')).statusCode, 303, 'a day later');
    });

    it('"resend my link" has its own per-IP budget and answers 429 when it is spent', async () => {
      const resend = () => t.app.inject({ method: 'POST', url: '/case/resend', payload: { email: 'limits@example.com' }, remoteAddress: '192.0.2.1' });
      assert.equal((await resend()).statusCode, 200);
      assert.equal((await resend()).statusCode, 200);
      const limited = await resend();
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
    });
  });
});
