import { createHash, randomBytes } from 'node:crypto';
import type { Db, Trx } from '../database.ts';

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Private links stay valid this long; "resend my link" issues a fresh one. */
export const ACCESS_TOKEN_DAYS = 180;
/** A patient's case session (the cookie) lasts this long. */
export const CASE_SESSION_HOURS = 12;

/** A short human case reference such as KD-7F3K-Q2 (30 random bits, no look-alike letters). */
export function newCaseReference(): string {
  const bytes = randomBytes(6);
  const chars = [...bytes].map((b) => REFERENCE_ALPHABET[b % 32]!);
  return `KD-${chars.slice(0, 4).join('')}-${chars.slice(4, 6).join('')}`;
}

/** A 256-bit secret for a link or a cookie, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes of secrets are stored, so a copy of the database opens no case. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** True when the value has the shape of a secret we issue (so garbage is not even looked up). */
export function looksLikeSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** Stores a new private-link token for the consultation and returns the token to send. */
export async function issueAccessToken(trx: Trx, consultationId: string, now: Date): Promise<string> {
  const token = newSecret();
  await trx.insertInto('case_access_tokens').values({
    token_hash: hashSecret(token),
    consultation_id: consultationId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ACCESS_TOKEN_DAYS * 86_400_000).toISOString(),
  }).execute();
  return token;
}

/** The consultation a private-link token opens, if the token is known and not expired. */
export async function findConsultationByToken(db: Db, token: string, now: Date): Promise<string | undefined> {
  if (!looksLikeSecret(token)) return undefined;
  const row = await db.selectFrom('case_access_tokens').select(['consultation_id', 'expires_at'])
    .where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  return row && row.expires_at > now.toISOString() ? row.consultation_id : undefined;
}

/** Starts a case session for the consultation; returns the cookie value. */
export async function startCaseSession(db: Db, consultationId: string, now: Date): Promise<string> {
  const secret = newSecret();
  await db.insertInto('case_sessions').values({
    id_hash: hashSecret(secret),
    consultation_id: consultationId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + CASE_SESSION_HOURS * 3_600_000).toISOString(),
  }).execute();
  // Expired sessions are removed as new ones start, so the table never grows without bound.
  await db.deleteFrom('case_sessions').where('expires_at', '<=', now.toISOString()).execute();
  return secret;
}

/** The consultation a case-session cookie belongs to, if the session is live. */
export async function findConsultationBySession(db: Db, cookie: string | undefined, now: Date): Promise<string | undefined> {
  if (!cookie || !looksLikeSecret(cookie)) return undefined;
  const row = await db.selectFrom('case_sessions').select(['consultation_id', 'expires_at'])
    .where('id_hash', '=', hashSecret(cookie)).executeTakeFirst();
  return row && row.expires_at > now.toISOString() ? row.consultation_id : undefined;
}

/** Ends a case session (sign out of the case page). */
export async function endCaseSession(db: Db, cookie: string): Promise<void> {
  if (looksLikeSecret(cookie)) await db.deleteFrom('case_sessions').where('id_hash', '=', hashSecret(cookie)).execute();
}

/** A form token bound to the case session, so another site cannot post to the case page. */
export function caseFormToken(sessionCookie: string): string {
  return createHash('sha256').update(`case-form:${sessionCookie}`).digest('base64url');
}
