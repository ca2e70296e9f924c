import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestEnv } from '../../test/databases.ts';

// Test helpers for the contact form (not loaded by the app).

/** A routine message (no red flag) that passes every check. */
export const ROUTINE_MESSAGE = 'Is there parking at the clinic, and can my husband come with me to the appointment?';
/** Emergency wording of our own: chest pain and breathlessness on haemodialysis. */
export const EMERGENCY_MESSAGE = 'I have crushing chest pain and I cannot breathe properly since an hour ago. I am on haemodialysis.';

/** The contact form's fields, valid; override what a test is about. */
export function contactFields(overrides: Readonly<Record<string, string | undefined>> = {}): Record<string, string | undefined> {
  return { website: '', name: 'Carl Contact', email: 'carl@example.com', subject: 'Parking at the clinic', message: ROUTINE_MESSAGE, ...overrides };
}

/** The signed fill-time stamp of a freshly served /contact form. */
export async function contactStamp(app: FastifyInstance): Promise<string> {
  const form = await app.inject({ method: 'GET', url: '/contact' });
  const stamp = /name="started" value="([^"]+)"/.exec(form.body)?.[1];
  assert.ok(stamp, 'the form carries a fill-time stamp');
  return stamp;
}

/** POSTs the contact form URL-encoded, as a browser does (a field set to undefined is left out). */
export async function postContact(
  app: FastifyInstance,
  fields: Readonly<Record<string, string | undefined>>,
  options: { stamp?: string; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  const form = new URLSearchParams({ started: options.stamp ?? await contactStamp(app) });
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value);
  return app.inject({
    method: 'POST', url: '/contact', payload: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

/** The thank-you page as the sender's browser gets it after the redirect. */
export async function followToSent(app: FastifyInstance, response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  assert.equal(response.statusCode, 303, response.body.slice(0, 300));
  assert.equal(response.headers.location, '/contact/sent');
  const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  return app.inject({ method: 'GET', url: '/contact/sent', cookies });
}

async function counts(env: TestEnv): Promise<{ messages: number; replies: number; outbox: number }> {
  const count = async (table: 'contact_messages' | 'contact_replies' | 'outbox') =>
    Number((await env.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { messages: await count('contact_messages'), replies: await count('contact_replies'), outbox: await count('outbox') };
}

/** Asserts that `act` stores and queues nothing. */
export async function assertContactStoresNothing<T>(env: TestEnv, act: () => Promise<T>): Promise<T> {
  const before = await counts(env);
  const result = await act();
  assert.deepEqual(await counts(env), before, 'nothing stored, nothing queued');
  return result;
}
