import assert from 'node:assert/strict';
import type { TestApp } from '../../test/test-app.ts';
import { askFields, caseCookie, postAsk } from '../../test/ask-fixtures.ts';
import type { FilePart } from '../../test/multipart.ts';
import { Browser, createMember, signIn, type TestMember } from './staff.fixtures.ts';
import type { StaffRole } from './staff.table.ts';

// Test helpers for the consultation queue and view (not loaded by the app): consultations sent
// through the real ask form, and signed-in staff.

/** App settings that let tests send the ask form at once and as often as they like. */
export const CONSOLE_TEST_ENV: Readonly<Record<string, string>> = { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' };

export interface AskedConsultation {
  readonly id: string;
  readonly reference: string;
  readonly fileIds: readonly string[];
  /** The patient's case-page cookie. */
  readonly cookie: string;
}

/** A consultation sent through /ask (override any form field), with its attachments. */
export async function askConsultation(t: TestApp, fields: Readonly<Record<string, string>>, files: readonly FilePart[] = []): Promise<AskedConsultation> {
  const sent = await postAsk(t.app, askFields(fields), files);
  assert.equal(sent.statusCode, 303, sent.body);
  const email = fields.email ?? askFields().email!;
  const row = await t.ctx.db.selectFrom('consultations').select(['id', 'reference']).where('patient_email', '=', email)
    .orderBy('received_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const fileIds = (await t.ctx.db.selectFrom('consultation_files').select('id').where('consultation_id', '=', row.id).orderBy('created_at').orderBy('id').execute()).map((f) => f.id);
  return { ...row, fileIds, cookie: caseCookie(sent) };
}

export interface SignedInMember {
  readonly member: TestMember;
  readonly browser: Browser;
  /** The console's CSRF token for this session. */
  readonly csrf: string;
}

/** A member of staff signed in through the pages, with their own client address. */
export async function signedIn(t: TestApp, role: StaffRole, at: Date, options: { name?: string; ip?: string } = {}): Promise<SignedInMember> {
  const member = await createMember(t.ctx, { role, ...(options.name ? { name: options.name } : {}) });
  const browser = new Browser(t.app, options.ip ?? '192.0.2.10');
  const csrf = await signIn(browser, member, at);
  return { member, browser, csrf };
}
