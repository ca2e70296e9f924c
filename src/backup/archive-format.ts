import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { BackupError } from './backup-error.ts';

/**
 * The backup archive, format version 1 (see README.md in this folder for the table):
 *
 *   "KDBACKUP" | u16 version
 *   records:  tag u8 | u16 name length | name (UTF-8) | u64 data length | data
 *             tag 'E' = an entry, 'M' = the manifest (JSON; exactly one, after every entry)
 *   trailer:  tag 'Z' | SHA-256 of every byte before the digest
 *
 * All integers are big-endian. Nothing may follow the trailer. The manifest lists every entry
 * with its size and SHA-256, so a reader checks each entry, the manifest and the whole file.
 */

export const ARCHIVE_MAGIC = Buffer.from('KDBACKUP', 'ascii');
export const ARCHIVE_FORMAT_VERSION = 1;
const TAG_ENTRY = 0x45;
const TAG_MANIFEST = 0x4d;
const TAG_END = 0x5a;
const MAX_NAME_BYTES = 1024;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;

export interface ArchiveEntry {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ArchiveWriter {
  /** Appends one entry, streaming `source` (a file path) into the archive. */
  addFile(name: string, source: string): Promise<ArchiveEntry>;
  addBuffer(name: string, data: Buffer): Promise<ArchiveEntry>;
  /** Writes the manifest (given the entries written) and the trailer, fsyncs and closes. */
  finish(manifest: (entries: readonly ArchiveEntry[]) => object): Promise<{ bytes: number }>;
  /** Closes without finishing (the caller removes the file). */
  abort(): Promise<void>;
}

/** Creates `path` (which must not exist) with mode 0600 and returns a writer for it. */
export async function createArchiveWriter(path: string): Promise<ArchiveWriter> {
  const handle = await open(path, 'wx', 0o600);
  const whole = createHash('sha256');
  const entries: ArchiveEntry[] = [];
  let position = 0;
  let closed = false;

  const write = async (bytes: Buffer) => {
    whole.update(bytes);
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position);
      done += bytesWritten;
      position += bytesWritten;
    }
  };
  const recordHeader = (tag: number, name: string, length: number) => {
    const nameBytes = Buffer.from(name, 'utf8');
    if (nameBytes.length === 0 || nameBytes.length > MAX_NAME_BYTES) throw new Error(`bad archive entry name: ${name}`);
    const header = Buffer.alloc(1 + 2 + nameBytes.length + 8);
    header.writeUInt8(tag, 0);
    header.writeUInt16BE(nameBytes.length, 1);
    nameBytes.copy(header, 3);
    header.writeBigUInt64BE(BigInt(length), 3 + nameBytes.length);
    return header;
  };

  const magic = Buffer.alloc(ARCHIVE_MAGIC.length + 2);
  ARCHIVE_MAGIC.copy(magic);
  magic.writeUInt16BE(ARCHIVE_FORMAT_VERSION, ARCHIVE_MAGIC.length);
  await write(magic);

  return {
    async addFile(name, source) {
      const input = await open(source, 'r');
      try {
        const { size } = await input.stat();
        await write(recordHeader(TAG_ENTRY, name, size));
        const hash = createHash('sha256');
        const buffer = Buffer.alloc(CHUNK);
        let copied = 0;
        while (copied < size) {
          const { bytesRead } = await input.read(buffer, 0, Math.min(CHUNK, size - copied), copied);
          if (bytesRead === 0) throw new Error(`${name} shrank while it was being archived`);
          const chunk = buffer.subarray(0, bytesRead);
          hash.update(chunk);
          await write(chunk);
          copied += bytesRead;
        }
        const entry = { name, bytes: size, sha256: hash.digest('hex') };
        entries.push(entry);
        return entry;
      } finally {
        await input.close();
      }
    },
    async addBuffer(name, data) {
      await write(recordHeader(TAG_ENTRY, name, data.length));
      await write(data);
      const entry = { name, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
      entries.push(entry);
      return entry;
    },
    async finish(manifest) {
      const json = Buffer.from(`${JSON.stringify(manifest(entries), null, 2)}\n`, 'utf8');
      await write(recordHeader(TAG_MANIFEST, 'manifest.json', json.length));
      await write(json);
      await write(Buffer.from([TAG_END]));
      const digest = whole.digest();
      await handle.write(digest, 0, digest.length, position);
      position += digest.length;
      await handle.sync();
      await handle.close();
      closed = true;
      return { bytes: position };
    },
    async abort() {
      if (!closed) await handle.close();
      closed = true;
    },
  };
}

/** What a reader hands an entry's consumer: its name, size and chunks as they are read. */
export interface EntrySink {
  write(chunk: Buffer): Promise<void>;
  /** Called once the entry's bytes are read (before they are checked against the manifest). */
  close(): Promise<void>;
}

export interface ReadArchiveResult {
  readonly manifest: Record<string, unknown>;
  readonly entries: readonly ArchiveEntry[];
  readonly bytes: number;
}

/**
 * Reads and checks a whole archive: the magic and version, each record's framing, the trailer's
 * digest of the whole file, and each entry against the manifest's size and SHA-256. `sink`, when
 * given, receives every entry's bytes (extraction); the caller must discard what it wrote if this
 * rejects. Rejects with a BackupError (`ARCHIVE_*`) naming what is wrong.
 */
export async function readArchive(path: string, sink?: (name: string, bytes: number) => Promise<EntrySink>): Promise<ReadArchiveResult> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new BackupError('ARCHIVE_UNREADABLE', `cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const { size } = await handle.stat();
    const reader = new PositionalReader(handle, size);
    const head = await reader.take(ARCHIVE_MAGIC.length + 2, 'the header');
    if (!head.subarray(0, ARCHIVE_MAGIC.length).equals(ARCHIVE_MAGIC)) throw new BackupError('ARCHIVE_NOT_BACKUP', `${path} is not a KidneyDesk backup`);
    const version = head.readUInt16BE(ARCHIVE_MAGIC.length);
    if (version !== ARCHIVE_FORMAT_VERSION) {
      throw new BackupError('ARCHIVE_VERSION', `${path} has archive format ${version}; this KidneyDesk reads format ${ARCHIVE_FORMAT_VERSION} (was it made by a newer version?)`);
    }
    const found: ArchiveEntry[] = [];
    let manifestText: string | undefined;
    for (;;) {
      const tag = (await reader.take(1, 'a record tag'))[0];
      if (tag === TAG_END) break;
      if (tag !== TAG_ENTRY && tag !== TAG_MANIFEST) throw new BackupError('ARCHIVE_CORRUPT', `unknown record tag at byte ${reader.position - 1}`);
      if (manifestText !== undefined) throw new BackupError('ARCHIVE_CORRUPT', 'a record follows the manifest');
      const nameLength = (await reader.take(2, 'a record header')).readUInt16BE(0);
      if (nameLength === 0 || nameLength > MAX_NAME_BYTES) throw new BackupError('ARCHIVE_CORRUPT', `bad name length at byte ${reader.position - 2}`);
      const name = (await reader.take(nameLength, 'a record name')).toString('utf8');
      const length64 = (await reader.take(8, 'a record header')).readBigUInt64BE(0);
      if (length64 > BigInt(size)) throw new BackupError('ARCHIVE_TRUNCATED', `the record "${name}" claims ${length64} bytes but the file is only ${size} bytes`);
      const length = Number(length64);
      if (tag === TAG_MANIFEST) {
        if (length > MAX_MANIFEST_BYTES) throw new BackupError('ARCHIVE_CORRUPT', 'the manifest is too large');
        manifestText = (await reader.take(length, 'the manifest')).toString('utf8');
        continue;
      }
      const out = sink ? await sink(name, length) : undefined;
      const hash = createHash('sha256');
      await reader.stream(length, `the entry "${name}"`, async (chunk) => {
        hash.update(chunk);
        await out?.write(chunk);
      });
      await out?.close();
      found.push({ name, bytes: length, sha256: hash.digest('hex') });
    }
    const expected = reader.digest();
    const digest = await reader.take(32, 'the trailer');
    if (reader.position !== size) throw new BackupError('ARCHIVE_CORRUPT', `${size - reader.position} unexpected byte(s) after the trailer`);
    if (!digest.equals(expected)) throw new BackupError('ARCHIVE_CHECKSUM', 'the archive checksum does not match: the file was altered or damaged');
    if (manifestText === undefined) throw new BackupError('ARCHIVE_CORRUPT', 'the archive has no manifest');
    const manifest = parseManifest(manifestText);
    checkEntries(manifest, found);
    return { manifest, entries: found, bytes: size };
  } finally {
    await handle.close();
  }
}

function parseManifest(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError('ARCHIVE_CORRUPT', 'the manifest is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BackupError('ARCHIVE_CORRUPT', 'the manifest is not an object');
  return value as Record<string, unknown>;
}

function checkEntries(manifest: Record<string, unknown>, found: readonly ArchiveEntry[]): void {
  const listed = manifest.entries;
  if (!Array.isArray(listed)) throw new BackupError('ARCHIVE_CORRUPT', 'the manifest lists no entries');
  if (listed.length !== found.length) throw new BackupError('ARCHIVE_CORRUPT', `the manifest lists ${listed.length} entries; the archive holds ${found.length}`);
  const names = new Set<string>();
  listed.forEach((item: unknown, index) => {
    const actual = found[index]!;
    const entry = item as Partial<ArchiveEntry> | null;
    if (entry?.name !== actual.name) throw new BackupError('ARCHIVE_CORRUPT', `entry ${index + 1} is "${actual.name}", the manifest says "${String(entry?.name)}"`);
    if (names.has(actual.name)) throw new BackupError('ARCHIVE_CORRUPT', `"${actual.name}" appears twice`);
    names.add(actual.name);
    if (entry.bytes !== actual.bytes || entry.sha256 !== actual.sha256) {
      throw new BackupError('ARCHIVE_CHECKSUM', `"${actual.name}" does not match its SHA-256 in the manifest`);
    }
  });
}

/** Sequential reads at explicit offsets, hashing everything read, failing clearly at a short file. */
class PositionalReader {
  readonly #handle: FileHandle;
  readonly #size: number;
  readonly #hash: Hash = createHash('sha256');
  position = 0;

  constructor(handle: FileHandle, size: number) {
    this.#handle = handle;
    this.#size = size;
  }

  async take(length: number, what: string): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    await this.#fill(buffer, what);
    this.#hash.update(buffer);
    return buffer;
  }

  async stream(length: number, what: string, onChunk: (chunk: Buffer) => Promise<void>): Promise<void> {
    let left = length;
    while (left > 0) {
      const chunk = Buffer.alloc(Math.min(CHUNK, left));
      await this.#fill(chunk, what);
      this.#hash.update(chunk);
      await onChunk(chunk);
      left -= chunk.length;
    }
  }

  /** The digest of everything read so far (call once, before reading the trailer's digest). */
  digest(): Buffer {
    return this.#hash.copy().digest();
  }

  async #fill(buffer: Buffer, what: string): Promise<void> {
    if (this.position + buffer.length > this.#size) {
      throw new BackupError('ARCHIVE_TRUNCATED', `the archive ends in ${what} (at byte ${this.#size}): it is truncated`);
    }
    let done = 0;
    while (done < buffer.length) {
      const { bytesRead } = await this.#handle.read(buffer, done, buffer.length - done, this.position + done);
      if (bytesRead === 0) throw new BackupError('ARCHIVE_TRUNCATED', `the archive ends in ${what}: it is truncated`);
      done += bytesRead;
    }
    this.position += buffer.length;
  }
}
