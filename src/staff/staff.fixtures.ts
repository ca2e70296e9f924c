import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../context.ts';
import { newId } from '../db/index.ts';
import { hashPassword } from './password.ts';
import { seal } from './staff-keys.ts';
import { base32Decode, newTotpSecret, totpCode } from './totp.ts';
import { insertStaff, updateStaff } from './staff.repository.ts';
import type { StaffRole } from './staff.table.ts';

// Test helpers for the staff console (not loaded by the app): accounts made straight in the
// database, and a tiny cookie-keeping browser over app.inject.

export interface TestMember {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: StaffRole;
  /** The TOTP secret, when the account has one. */
  readonly totp: Buffer | undefined;
}

export const TEST_PASSWORD = 'blue kidney lantern 42';

/** An account that is fully set up: password, and TOTP when the role needs it (or `totp: true`). */
export async function createMember(ctx: AppContext, options: { role: StaffRole; email?: string; name?: string; reviewer?: boolean; totp?: boolean; disabled?: boolean }): Promise<TestMember> {
  const now = ctx.now();
  const id = newId(now.getTime());
  const email = options.email ?? `${options.role}-${id.slice(-6)}@clinic.example`;
  const withTotp = options.totp ?? options.role !== 'editor';
  const totp = withTotp ? newTotpSecret() : undefined;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await ctx.db.transaction().execute(async (trx) => {
    await insertStaff(trx, { id, email, name: options.name ?? `Test ${options.role}`, role: options.role, isReviewer: options.reviewer ?? false, now });
    await updateStaff(trx, id, {
      password_hash: passwordHash,
      ...(totp ? { totp_secret: seal(ctx.staffSecret, totp, id), totp_enabled: 1 } : {}),
      ...(options.disabled ? { disabled_at: now.toISOString() } : {}),
    }, now);
  });
  return { id, email, password: TEST_PASSWORD, role: options.role, totp };
}

/** A cookie-keeping client for one person. */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly #app: FastifyInstance;
  readonly #ip: string;
  /** `ip`: the client address the app sees (sign-in throttling counts per address). */
  constructor(app: FastifyInstance, ip = '127.0.0.1') {
    this.#app = app;
    this.#ip = ip;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.#keep(await this.#app.inject({ method: 'GET', url, remoteAddress: this.#ip, headers: { ...headers, cookie: this.#cookieHeader() } }));
  }

  async post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.#keep(await this.#app.inject({
      method: 'POST', url, remoteAddress: this.#ip, payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, cookie: this.#cookieHeader() },
    }));
  }

  #cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }
}

/** The CSRF token in a page's first form. */
export function csrfIn(body: string): string {
  const token = /name="csrf" value="([^"]+)"/.exec(body)?.[1];
  assert.ok(token, 'the page has a CSRF field');
  return token;
}

/** Signs a member in through the pages (password, then code when they have TOTP); returns the console's CSRF token. */
export async function signIn(browser: Browser, member: TestMember, at: Date): Promise<string> {
  const login = await browser.get('/staff/login');
  const sent = await browser.post('/staff/login', { email: member.email, password: member.password, csrf: csrfIn(login.body) });
  assert.equal(sent.statusCode, 303, sent.body);
  if (member.totp) {
    assert.equal(sent.headers.location, '/staff/login');
    const codePage = await browser.get('/staff/login');
    const done = await browser.post('/staff/login/code', { code: totpCode(member.totp, at), csrf: csrfIn(codePage.body) });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, '/staff');
  }
  const home = await browser.get('/staff');
  assert.equal(home.statusCode, 200);
  return csrfIn(home.body);
}

/** The TOTP secret shown on a set-up page, for typing into an "app". */
export function secretShownIn(body: string): Buffer {
  const text = /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(body)?.[1];
  assert.ok(text, 'the set-up page shows the key');
  return base32Decode(text);
}
