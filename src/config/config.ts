import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import path from 'node:path';

/** Everything KidneyDesk reads from its environment, parsed once and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly baseUrl: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly trustProxy: boolean;
  readonly clinicName: string;
  readonly emergencyNumber: string;
  readonly pageCacheEntries: number;
  /** How long the outbox keeps retrying a message that cannot be delivered before it alerts staff. */
  readonly mailRetryMaxHours: number;
  /** How often the mail sender looks for due messages. */
  readonly mailPollSeconds: number;
  /** Base64 32-byte key that wraps the per-file keys of stored reports; generated into DATA_DIR when unset. */
  readonly masterKey: string | undefined;
  /** Forms submitted faster than this are treated as automated. */
  readonly formMinFillSeconds: number;
  /** Per-IP submission limits for the ask and contact forms (0 = no limit). */
  readonly askRatePerHour: number;
  readonly askRatePerDay: number;
  /** The answer promise: hours from receipt to the first expert answer. */
  readonly answerTargetHours: number;
  /** Working hours after which the expert (or the experts on duty) get a reminder; less than answerTargetHours. */
  readonly reminderAfterHours: number;
  /** How often the reminder and breach checks run. */
  readonly deadlineCheckSeconds: number;
  /** A staff session ends after this many minutes without a request. */
  readonly staffIdleMinutes: number;
  /** A staff session ends this many hours after sign-in, however active. */
  readonly staffSessionHours: number;
  /** Closed consultations are purged, with their files and mail, this many days after closing. */
  readonly retentionDays: number;
  /** An answered consultation with no activity for this many days is closed (then retention applies). */
  readonly autoCloseDays: number;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads an optional `.env` file; variables already set in the environment win. */
export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = parseEnv(text);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** Parses and validates the environment; throws ConfigError listing every bad key. */
export function loadConfig(env: Env, options: { cwd?: string } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const port = read.integer('PORT', 3000, 0, 65535);
  const host = read.string('HOST', '127.0.0.1');
  const dataDir = path.resolve(cwd, read.string('DATA_DIR', './data'));
  const databaseUrl = read.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);
  const baseUrlRaw = read.optionalUrl('BASE_URL', ['http:', 'https:']);
  const smtpUrl = read.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']);
  const mailFrom = read.string('MAIL_FROM', 'KidneyDesk <no-reply@localhost>');
  if (/[\r\n]/.test(mailFrom) || !/@/.test(mailFrom)) problems.push('MAIL_FROM: must be one e-mail address, optionally with a display name');
  const logLevel = read.choice('LOG_LEVEL', LOG_LEVELS, 'info');
  const trustProxy = read.boolean('TRUST_PROXY', false);
  const clinicName = read.string('CLINIC_NAME', 'KidneyDesk');
  const emergencyNumber = read.string('EMERGENCY_NUMBER', '999');
  const pageCacheEntries = read.integer('PAGE_CACHE_ENTRIES', 500, 0, 100_000);
  const mailRetryMaxHours = read.integer('MAIL_RETRY_MAX_HOURS', 72, 1, 24 * 30);
  const mailPollSeconds = read.integer('MAIL_POLL_SECONDS', 5, 1, 3600);
  const masterKey = read.string('MASTER_KEY', '') || undefined;
  const formMinFillSeconds = read.integer('FORM_MIN_FILL_SECONDS', 3, 0, 600);
  const askRatePerHour = read.integer('ASK_RATE_PER_HOUR', 5, 0, 100_000);
  const askRatePerDay = read.integer('ASK_RATE_PER_DAY', 20, 0, 1_000_000);
  const answerTargetHours = read.integer('ANSWER_TARGET_HOURS', 24, 1, 24 * 14);
  // 20 of 24 hours by default; with another target, the same five sixths of it.
  const reminderAfterHours = read.integer('REMINDER_AFTER_HOURS', answerTargetHours === 24 ? 20 : Math.floor(answerTargetHours * 5 / 6), 0, 24 * 14);
  if (reminderAfterHours >= answerTargetHours) problems.push(`REMINDER_AFTER_HOURS: must be less than ANSWER_TARGET_HOURS (${answerTargetHours}), got "${reminderAfterHours}"`);
  const deadlineCheckSeconds = read.integer('DEADLINE_CHECK_SECONDS', 60, 1, 3600);
  const staffIdleMinutes = read.integer('STAFF_IDLE_MINUTES', 30, 1, 24 * 60);
  const staffSessionHours = read.integer('STAFF_SESSION_HOURS', 12, 1, 24 * 7);
  const retentionDays = read.integer('RETENTION_DAYS', 180, 1, 3650);
  const autoCloseDays = read.integer('AUTO_CLOSE_DAYS', 30, 1, 3650);

  if (problems.length > 0) throw new ConfigError(problems);
  const baseUrl = (baseUrlRaw ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return Object.freeze({
    port, host, dataDir, databaseUrl, baseUrl, smtpUrl, mailFrom, logLevel, trustProxy,
    clinicName, emergencyNumber, pageCacheEntries, mailRetryMaxHours, mailPollSeconds,
    masterKey, formMinFillSeconds, askRatePerHour, askRatePerDay, answerTargetHours, reminderAfterHours, deadlineCheckSeconds,
    staffIdleMinutes, staffSessionHours, retentionDays, autoCloseDays,
  });
}

class Reader {
  readonly #env: Env;
  readonly #problems: string[];
  constructor(env: Env, problems: string[]) {
    this.#env = env;
    this.#problems = problems;
  }

  #raw(key: string): string | undefined {
    const value = this.#env[key];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  string(key: string, fallback: string): string {
    return this.#raw(key) ?? fallback;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const raw = this.#raw(key);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.#problems.push(`${key}: expected a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  }

  boolean(key: string, fallback: boolean): boolean {
    const raw = this.#raw(key)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.#problems.push(`${key}: expected true or false, got "${raw}"`);
    return fallback;
  }

  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const raw = this.#raw(key);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.#problems.push(`${key}: expected one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  optionalUrl(key: string, protocols: readonly string[]): string | undefined {
    const raw = this.#raw(key);
    if (raw === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      this.#problems.push(`${key}: not a valid URL`);
      return undefined;
    }
    if (!protocols.includes(url.protocol)) {
      this.#problems.push(`${key}: must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
    return raw;
  }
}
