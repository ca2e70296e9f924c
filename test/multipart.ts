import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';

// multipart/form-data bodies for tests: whole, for `app.inject`, or streamed, for a real HTTP
// request that sends gigabytes without holding them (chunked, no Content-Length).

/** A text field. */
export interface FieldPart {
  readonly name: string;
  readonly value: string;
}

/** A file part; `content` may be a stream (only in `multipartStream`). */
export interface FilePart {
  readonly name: string;
  readonly filename: string;
  readonly contentType?: string;
  readonly content: Buffer | Readable;
  /** Replaces the whole Content-Disposition value, to send malformed or duplicated parameters. */
  readonly disposition?: string;
}

export type Part = FieldPart | FilePart;

/** A file for the ask form's `files` input. */
export function filePart(filename: string, content: Buffer | Readable, contentType = 'application/pdf'): FilePart {
  return { name: 'files', filename, contentType, content };
}

/** Fields in insertion order as parts (a value that is an array becomes repeated parts). */
export function fieldParts(fields: Readonly<Record<string, string | readonly string[]>>): FieldPart[] {
  return Object.entries(fields).flatMap(([name, value]) => (typeof value === 'string' ? [value] : value).map((v) => ({ name, value: v })));
}

/** A boundary that cannot occur in test content by accident. */
export function newBoundary(): string {
  return `----kdtest${randomBytes(12).toString('hex')}`;
}

function partHead(part: Part, boundary: string): Buffer {
  if (!('filename' in part)) {
    return Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"\r\n\r\n`, 'utf8');
  }
  const disposition = part.disposition ?? `form-data; name="${quoted(part.name)}"; filename="${quoted(part.filename)}"`;
  return Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`, 'utf8');
}

// What browsers do (WHATWG "multipart/form-data encoding algorithm"): percent-encode ", CR and LF.
function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export interface MultipartBody {
  readonly contentType: string;
  readonly payload: Buffer;
}

/** The whole body as one buffer, with its Content-Type (boundary included). */
export function multipartBody(parts: readonly Part[], boundary = newBoundary()): MultipartBody {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    if ('filename' in part && !Buffer.isBuffer(part.content)) throw new TypeError('multipartBody takes buffers only; use multipartStream');
    pieces.push(partHead(part, boundary), 'filename' in part ? part.content as Buffer : Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, payload: Buffer.concat(pieces) };
}

export interface MultipartStream {
  readonly contentType: string;
  readonly stream: Readable;
  /** Bytes handed to the consumer so far. */
  readonly sent: () => number;
}

/** The body as a stream, file contents pulled lazily from their own streams (never buffered whole). */
export function multipartStream(parts: readonly Part[], boundary = newBoundary()): MultipartStream {
  let sent = 0;
  async function* generate(): AsyncGenerator<Buffer> {
    for (const part of parts) {
      yield partHead(part, boundary);
      if (!('filename' in part)) yield Buffer.from(part.value, 'utf8');
      else if (Buffer.isBuffer(part.content)) yield part.content;
      else for await (const chunk of part.content) yield chunk as Buffer;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  const source = generate();
  const stream = new Readable({
    async read() {
      try {
        const next = await source.next();
        if (next.done) this.push(null);
        else {
          sent += next.value.length;
          this.push(next.value);
        }
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      void source.return(undefined).finally(() => callback(error));
    },
  });
  return { contentType: `multipart/form-data; boundary=${boundary}`, stream, sent: () => sent };
}

export interface HttpAnswer {
  readonly status: number;
  /** Header values by lower-case name (the last one wins). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface StreamedPost {
  /**
   * The answer, if it reached the client. A server that answers early and closes with part of
   * the body unread makes the kernel send a reset, which can destroy the answer in flight
   * (Node has no lingering close); so callers check the status the server recorded as well.
   */
  readonly response: HttpAnswer | undefined;
  /** Bytes of the request body written when the answer began (or when the connection closed). */
  readonly sentBeforeResponse: number;
  /** True when the connection ended before the whole body was written: the server stopped reading. */
  readonly cutOff: boolean;
}

/**
 * POSTs a streamed body over a raw loopback connection (HTTP/1.1, chunked unless `contentLength`
 * is given), writing with backpressure and reading between writes. An early answer stops the
 * writing. Resolves when the connection closes.
 */
export function postStream(url: string, body: MultipartStream, options: { contentLength?: number; headers?: Record<string, string> } = {}): Promise<StreamedPost> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname, port: Number(target.port) });
    const chunked = options.contentLength === undefined;
    const head = [
      `POST ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, `Content-Type: ${body.contentType}`,
      chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.contentLength}`, 'Connection: close',
      ...Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`), '', '',
    ].join('\r\n');
    const received: Buffer[] = [];
    let sentAtResponse: number | undefined;
    let finishedWriting = false;
    socket.on('data', (chunk: Buffer) => {
      sentAtResponse ??= body.sent();
      received.push(chunk);
    });
    socket.on('error', () => {}); // EPIPE/ECONNRESET once the server stops reading: expected here
    socket.on('close', () => {
      body.stream.destroy();
      resolve({ response: parseResponse(Buffer.concat(received)), sentBeforeResponse: sentAtResponse ?? body.sent(), cutOff: !finishedWriting });
    });
    socket.once('connect', async () => {
      try {
        if (!socket.write(head)) await drained(socket);
        for await (const chunk of body.stream) {
          // Let the event loop read what the server sent before writing more.
          await new Promise((resolve) => setImmediate(resolve));
          if (socket.destroyed || sentAtResponse !== undefined) return;
          const bytes = chunk as Buffer;
          const framed = chunked ? [Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')] : [bytes];
          let ok = true;
          for (const piece of framed) ok = socket.write(piece) && ok;
          if (!ok) await drained(socket);
        }
        if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
        finishedWriting = !socket.destroyed;
      } catch {
        // The socket broke while writing; 'close' reports what was received.
      }
    });
  });
}

/** Resolves when the socket can take more, or has closed. */
function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

function parseResponse(raw: Buffer): HttpAnswer | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let rest = raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const pieces: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      const size = lineEnd === -1 ? 0 : parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (!size) break;
      pieces.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    rest = Buffer.concat(pieces);
  }
  return { status, headers, body: rest.toString('utf8') };
}
