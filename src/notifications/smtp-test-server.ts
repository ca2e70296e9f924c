import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

// Test helpers: a real SMTP server on 127.0.0.1 that collects what it receives, and a small
// RFC 822 / MIME reader for the messages KidneyDesk sends (multipart/alternative, QP or base64).

export interface ParsedMail {
  /** Header values by lower-case name, unfolded, encoded words decoded. */
  readonly headers: ReadonlyMap<string, string>;
  readonly text: string;
  readonly html: string;
}

export interface ReceivedMail extends ParsedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly raw: string;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Addresses answered with 550 at RCPT TO. */
  readonly rejected: Set<string>;
  /** Addresses answered with 451 (try again later) at RCPT TO. */
  readonly deferred: Set<string>;
  /**
   * The next this-many messages are received whole (and listed in `received`), then the connection
   * is cut before the 250 reply: the sender cannot know the message arrived (a lost acknowledgement).
   */
  dropAfterData: number;
  /** Closes the listening port (connections are refused) until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 (port 0: a free one) that accepts everything but `rejected`. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const rejected = new Set<string>();
  const deferred = new Set<string>();
  const sockets = new Map<number, Socket>();
  let server: SMTPServer | undefined;
  let port = 0;
  let dropAfterData = 0;

  const listen = async () => {
    const current = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      // No DNS look-up of 127.0.0.1 per connection (it can take a while where there is no resolver).
      disableReverseLookup: true,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (deferred.has(address.address)) {
          const error: SMTPServerError = new Error('4.2.0 mailbox busy, try again later');
          error.responseCode = 451;
          return callback(error);
        }
        if (!rejected.has(address.address)) return callback();
        const error: SMTPServerError = new Error('5.1.1 mailbox unavailable');
        error.responseCode = 550;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          received.push({
            ...parseMail(raw),
            raw,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          });
          if (dropAfterData > 0) {
            dropAfterData--;
            sockets.get(session.remotePort)?.destroy();
            return;
          }
          callback();
        });
      },
    });
    current.server.on('connection', (socket: Socket) => {
      const remotePort = socket.remotePort ?? 0;
      sockets.set(remotePort, socket);
      socket.once('close', () => sockets.delete(remotePort));
    });
    current.listen(port, '127.0.0.1');
    await once(current.server, 'listening');
    port = (current.server.address() as AddressInfo).port;
    server = current;
  };
  await listen();

  return {
    get port() { return port; },
    received,
    rejected,
    deferred,
    get dropAfterData() { return dropAfterData; },
    set dropAfterData(count: number) { dropAfterData = count; },
    stop: async () => {
      const current = server;
      server = undefined;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: listen,
  };
}

/** Reads the headers and the text and HTML parts of a message. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitEntity(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const parts = boundary ? multipartParts(body, boundary) : [raw];
  for (const part of parts) {
    const entity = splitEntity(part);
    const type = entity.headers.get('content-type') ?? 'text/plain';
    const decoded = decodeBody(entity.body, entity.headers.get('content-transfer-encoding') ?? '7bit');
    if (/^text\/plain/i.test(type)) text = decoded;
    else if (/^text\/html/i.test(type)) html = decoded;
  }
  return { headers, text, html };
}

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const normalised = raw.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? '' : normalised.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function multipartParts(body: string, boundary: string): string[] {
  const sections = body.split(`--${boundary}`);
  return sections.slice(1).filter((s) => !s.startsWith('--')).map((s) => s.replace(/^\n/, ''));
}

function decodeBody(body: string, encoding: string): string {
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, mode: string, data: string) => mode.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}

/** Waits (up to `timeoutMs`) for a mail to `to` whose subject matches `subject`, as a sender delivers it. */
export async function waitForMail(server: TestSmtpServer, to: string, subject: RegExp = /./, timeoutMs = 10_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = server.received.find((m) => m.envelopeTo.includes(to) && subject.test(m.headers.get('subject') ?? ''));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
