import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** The few log calls the mail code makes; Fastify's `app.log` (pino) fits. Never pass addresses or content. */
export interface MailLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** One message as the sender hands it to a transport. */
export interface OutgoingMail {
  /** The outbox id; names the file of the file transport. */
  readonly id: string;
  /** `<id@host>`, the same on every attempt. */
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
}

/** Delivers one message or throws (nodemailer errors carry `code` and, from SMTP, `responseCode`). */
export interface MailTransport {
  /** Where mail goes: an SMTP server, or `.eml` files under DATA_DIR/mail. */
  readonly kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The configuration a transport needs; the app's Config fits. */
export interface TransportConfig {
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly dataDir: string;
}

export interface TransportOptions {
  readonly log?: MailLog | undefined;
  /** Clock for the file transport's file names. */
  readonly now?: (() => Date) | undefined;
}

const SILENT: MailLog = { info() {}, warn() {}, error() {} };

/**
 * SMTP (nodemailer) when SMTP_URL is set; otherwise a file transport that writes each message as a
 * complete RFC 822 file, `<DATA_DIR>/mail/<timestamp>-<id>.eml`, so a local install works alone.
 */
export function createTransport(config: TransportConfig, options: TransportOptions = {}): MailTransport {
  const log = options.log ?? SILENT;
  if (config.smtpUrl) return smtpTransport(config.smtpUrl, config.mailFrom);
  return fileTransport(path.join(config.dataDir, 'mail'), config.mailFrom, log, options.now ?? (() => new Date()));
}

function smtpTransport(url: string, from: string): MailTransport {
  // Short timeouts: a stuck server should fail an attempt (and be retried later) rather than
  // hold the sender, and a graceful shutdown waits for the send in progress.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  return {
    kind: 'smtp',
    send: async (mail) => {
      await transporter.sendMail(mailOptions(mail, from));
    },
    close: () => transporter.close(),
  };
}

function fileTransport(dir: string, from: string, log: MailLog, now: () => Date): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'file',
    send: async (mail) => {
      const info = await composer.sendMail(mailOptions(mail, from));
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${now().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`;
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const temporary = path.join(dir, `.${name}.tmp`);
      await writeFile(temporary, info.message, { mode: 0o600 });
      await rename(temporary, path.join(dir, name));
      log.info({ outboxId: mail.id, file: name }, 'mail written to a file (no SMTP_URL set)');
    },
    close: () => composer.close(),
  };
}

function mailOptions(mail: OutgoingMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== null ? { html: mail.html } : {}),
    messageId: mail.messageId,
    // RFC 3834: tells mail servers and out-of-office robots not to answer.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
