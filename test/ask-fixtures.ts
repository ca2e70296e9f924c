import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTransport, startMailSender } from '../src/notifications/index.ts';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../src/notifications/smtp-test-server.ts';
import type { TestApp } from './test-app.ts';
import type { TestEnv } from './databases.ts';
import { fieldParts, multipartBody, type FilePart } from './multipart.ts';

// Builders and HTML readers for the ask-an-expert and case-page tests.

/** A routine question (no red flag) that passes every check. */
export const ROUTINE_QUESTION = 'My creatinine went up from 120 to 150 in a month. Should I worry about my kidneys?';
/** Emergency wording of our own: chest pain and breathlessness on haemodialysis. */
export const EMERGENCY_QUESTION = 'I have crushing chest pain and I cannot breathe properly since an hour ago. I am on haemodialysis.';
/** Same-day wording of our own: cloudy PD fluid and tummy pain. */
export const SAME_DAY_QUESTION = 'My PD fluid has been cloudy since this morning and my tummy hurts when I drain.';

/** The case-session cookie name for a BASE_URL that is neither https nor localhost (the test apps' http://kidneydesk.test). */
export const CASE_COOKIE = 'kd_case';

/** The ask form's text fields, valid; override what a test is about. */
export function askFields(overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    website: '', name: 'Ann Patient', email: 'ann@example.com', phone: '+44 20 7946 0000', condition: 'ckd-3',
    creatinine: '150', creatinineUnit: 'umol/L', creatinineDate: '2026-11-01', description: ROUTINE_QUESTION, consent: 'yes',
    ...overrides,
  };
}

/** The signed fill-time stamp of a freshly served /ask form. */
export async function askStamp(app: FastifyInstance): Promise<string> {
  const form = await app.inject({ method: 'GET', url: '/ask' });
  const stamp = /name="started" value="([^"]+)"/.exec(form.body)?.[1];
  assert.ok(stamp, 'the form carries a fill-time stamp');
  return stamp;
}

/**
 * The ask form as a browser sends it: the stamp, the text fields in page order, the files, then
 * the consent box (which follows the file input on the page). A field set to undefined is left out.
 */
export function askParts(stamp: string, fields: Readonly<Record<string, string | undefined>>, files: readonly FilePart[] = []) {
  const { consent, ...text } = fields;
  const present = (entries: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
  return [...fieldParts(present({ started: stamp, ...text })), ...files, ...fieldParts(present({ consent }))];
}

/** POSTs the ask form by app.inject (from `remoteAddress`, default 127.0.0.1). */
export async function postAsk(
  app: FastifyInstance,
  fields: Readonly<Record<string, string | undefined>>,
  files: readonly FilePart[] = [],
  options: { stamp?: string; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  const body = multipartBody(askParts(options.stamp ?? await askStamp(app), fields, files));
  return app.inject({
    method: 'POST', url: '/ask', headers: { 'content-type': body.contentType }, payload: body.payload,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

/** The case-session cookie a response set. */
export function caseCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === CASE_COOKIE);
  assert.ok(cookie, `a ${CASE_COOKIE} cookie is set`);
  return cookie.value;
}

/** GET with the case cookie. */
export function getWithCase(app: FastifyInstance, url: string, cookie: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, cookies: { [CASE_COOKIE]: cookie } });
}

/** The case page's form token (the same in every form on the page). */
export function csrfOf(html: string): string {
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the case page carries a form token');
  return token;
}

/** Undoes escapeHtml. */
export function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/**
 * The form control with id `field` and the markup of its field block before it (from the block's
 * opening `<div class="field`), or undefined when the page has no such control.
 */
function fieldBlock(html: string, field: string): { block: string; control: string } | undefined {
  const at = html.search(new RegExp(`<(input|select|textarea) id="${field}"`));
  if (at === -1) return undefined;
  const start = html.lastIndexOf('<div class="field', at);
  const end = html.indexOf('>', at);
  return { block: html.slice(start, at), control: html.slice(at, end + 1) };
}

/**
 * The error message shown beside a field: inside the field's own block, just before its control,
 * with the control marked invalid and described by it. Undefined when the field has no error.
 */
export function fieldError(html: string, field: string): string | undefined {
  const found = fieldBlock(html, field);
  assert.ok(found, `the page has a control #${field}`);
  const match = new RegExp(`<p id="${field}-error" class="field-error"><span class="visually-hidden">Error:</span> ([^<]*)</p>`).exec(found.block);
  if (!match) return undefined;
  assert.match(found.control, /aria-invalid="true"/, `#${field} is marked invalid`);
  assert.match(found.control, new RegExp(`aria-describedby="[^"]*${field}-error`), `#${field} is described by its error`);
  return unescapeHtml(match[1]!);
}

/** Every field that shows an error, in page order. */
export function fieldsWithErrors(html: string): string[] {
  return [...html.matchAll(/<p id="([A-Za-z]+)-error" class="field-error">/g)].map((m) => m[1]!);
}

/** The value a re-rendered form shows in a field (text input, textarea, select or checkbox). */
export function shownValue(html: string, field: string): string {
  const found = fieldBlock(html, field);
  assert.ok(found, `the page has a control #${field}`);
  const at = html.indexOf(found.control);
  if (found.control.startsWith('<textarea')) return unescapeHtml(html.slice(at + found.control.length, html.indexOf('</textarea>', at)));
  if (found.control.startsWith('<select')) {
    const options = html.slice(at, html.indexOf('</select>', at));
    return unescapeHtml(/<option value="([^"]*)" selected>/.exec(options)?.[1] ?? '');
  }
  if (/type="checkbox"/.test(found.control)) return / checked/.test(found.control) ? 'yes' : '';
  return unescapeHtml(/ value="([^"]*)"/.exec(found.control)?.[1] ?? '');
}

/** Row counts and files on disk: compared before and after a request that must store nothing. */
export interface StoredState {
  readonly consultations: number;
  readonly messages: number;
  readonly files: number;
  readonly tokens: number;
  readonly outbox: number;
  readonly blobs: readonly string[];
  readonly temp: readonly string[];
}

/** What is stored now: rows of every consultation table and the outbox, blob and temp files under DATA_DIR/files. */
export async function storedState(env: TestEnv): Promise<StoredState> {
  const count = async (table: 'consultations' | 'consultation_messages' | 'consultation_files' | 'case_access_tokens' | 'outbox') =>
    Number((await env.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    consultations: await count('consultations'),
    messages: await count('consultation_messages'),
    files: await count('consultation_files'),
    tokens: await count('case_access_tokens'),
    outbox: await count('outbox'),
    blobs: await listFiles(path.join(env.dataDir, 'files', 'blobs')),
    temp: await listFiles(path.join(env.dataDir, 'files', 'tmp')),
  };
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
}

/** Asserts that `act` stores nothing: no row in any consultation table or the outbox, no blob, no temp file. */
export async function assertStoresNothing<T>(env: TestEnv, act: () => Promise<T>): Promise<T> {
  const before = await storedState(env);
  const result = await act();
  assert.deepEqual(await storedState(env), before, 'nothing stored, nothing queued');
  return result;
}

/** A real SMTP server and a mail sender that delivers the test app's outbox to it on demand. */
export interface MailCatcher {
  readonly smtp: TestSmtpServer;
  /** Delivers every due message; resolves to the mails received since the last call. */
  deliver(): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function catchMail(t: TestApp): Promise<MailCatcher> {
  const smtp = await startTestSmtpServer();
  const transport = createTransport({ ...t.config, smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
  const quiet = { info() {}, warn() {}, error() {} };
  const sender = startMailSender({ db: t.ctx.db, transport, clock: t.ctx.now, log: quiet, pollMs: 3_600_000 });
  let seen = 0;
  return {
    smtp,
    deliver: async () => {
      await sender.runOnce();
      const fresh = smtp.received.slice(seen);
      seen = smtp.received.length;
      return fresh;
    },
    close: async () => {
      await sender.stop();
      transport.close();
      await smtp.stop();
    },
  };
}

/** The private case link in a mail's plain-text body. */
export function caseLinkIn(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+\/case\/access\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  assert.ok(link, 'the mail carries a private case link');
  return link;
}
