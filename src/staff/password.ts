import { argon2, randomBytes, timingSafeEqual, type Argon2Parameters } from 'node:crypto';

// Staff passwords: argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane), stored
// as a PHC string so the parameters travel with each hash and can be raised later.

export interface Argon2Cost {
  /** KiB. */
  readonly memory: number;
  readonly passes: number;
  readonly parallelism: number;
}

export const PASSWORD_COST: Argon2Cost = { memory: 19_456, passes: 2, parallelism: 1 };
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
const SALT_BYTES = 16;
const TAG_BYTES = 32;
const PHC = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,64})\$([A-Za-z0-9+/]{22,128})$/;

function derive(password: string, salt: Buffer, cost: Argon2Cost, tagLength: number): Promise<Buffer> {
  const parameters: Argon2Parameters = { message: password.normalize('NFC'), nonce: salt, tagLength, ...cost };
  return new Promise((resolve, reject) => {
    argon2('argon2id', parameters, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password to `$argon2id$v=19$m=…,t=…,p=…$salt$hash` (unpadded base64). */
export async function hashPassword(password: string, cost: Argon2Cost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, TAG_BYTES);
  return `$argon2id$v=19$m=${cost.memory},t=${cost.passes},p=${cost.parallelism}$${b64(salt)}$${b64(key)}`;
}

/** True when `password` matches the PHC string; compares in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const match = PHC.exec(phc);
  if (!match) return false;
  const cost = { memory: Number(match[1]), passes: Number(match[2]), parallelism: Number(match[3]) };
  // Bounds keep a tampered row from making one verification take minutes or gigabytes.
  if (cost.memory < 8 * cost.parallelism || cost.memory > 262_144 || cost.passes < 1 || cost.passes > 10 || cost.parallelism < 1 || cost.parallelism > 16) return false;
  const salt = Buffer.from(match[4]!, 'base64');
  const expected = Buffer.from(match[5]!, 'base64');
  if (password.length > PASSWORD_MAX_LENGTH * 4) return false;
  const actual = await derive(password, salt, cost, expected.length);
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification for nothing, so an unknown e-mail answers as slowly as a known one. */
export async function dummyVerify(password: string): Promise<false> {
  dummyHash ??= hashPassword('kidneydesk dummy password');
  await verifyPassword(password, await dummyHash);
  return false;
}

/** True when a hash was made with weaker parameters than today's, so it should be replaced at the next sign-in. */
export function needsRehash(phc: string, cost: Argon2Cost = PASSWORD_COST): boolean {
  const match = PHC.exec(phc);
  return !match || Number(match[1]) < cost.memory || Number(match[2]) < cost.passes;
}

// Passwords people pick that meet the length rule; compared case-insensitively, ignoring spaces.
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567890qwerty', '111111111111', '000000000000',
  '123123123123', '121212121212', '123412341234', 'password1234', 'password12345', 'password123456', 'password1234567',
  'passwordpassword', 'password123!', 'password2024', 'password2025', 'password2026', 'qwertyuiop12', 'qwertyuiop123',
  'qwertyuiopasdf', 'qwerty123456', 'qwertyqwerty', '1qaz2wsx3edc', '1q2w3e4r5t6y', 'q1w2e3r4t5y6', 'zaq12wsxcde3',
  'asdfghjkl123', 'asdfasdfasdf', 'abc123abc123', 'abcdefghijkl', 'abcd1234abcd', 'iloveyou1234', 'letmein12345',
  'welcome12345', 'welcome123456', 'changeme1234', 'administrator', 'administrator1', 'admin1234567', 'adminadmin12',
  'trustno1trustno1', 'football1234', 'baseball1234', 'superman1234', 'sunshine1234', 'princess1234', 'starwars1234',
  'monkey123456', 'dragon123456', 'master123456', 'michael12345', 'liverpool123', 'chelsea12345', 'arsenal12345',
  'kidneydesk123', 'kidneydesk1234', 'kidneydesk2026', 'kidneyclinic1', 'nephrology123', 'dialysis1234', 'hospital1234',
  'doctor123456', 'nurse1234567', 'summer202526', 'winter2026!!', 'correcthorsebatterystaple', 'thisismypassword',
  'mypassword123', 'mypassword1234', 'secretpassword', 'supersecret123', 'p@ssw0rd1234', 'p@ssword1234', 'passw0rd1234',
]);

/** The first reason a new password is not acceptable, or undefined when it is. */
export function passwordProblem(password: string, email: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/[\u0000-\u001F\u007F]/.test(password)) return 'Use letters, numbers, spaces and symbols only.';
  const folded = password.toLowerCase().replace(/\s+/g, '');
  const address = email.trim().toLowerCase();
  if (folded === address || folded === address.split('@')[0]) return 'Do not use your e-mail address as your password.';
  if (COMMON_PASSWORDS.has(folded) || /^(.)\1+$/.test(folded)) return 'That password is too common. Choose a longer phrase only you would think of.';
  return undefined;
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
