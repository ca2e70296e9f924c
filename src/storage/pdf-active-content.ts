/**
 * A streaming scan of a PDF's raw bytes for active content. It never inflates a stream (a
 * FlateDecode bomb costs nothing here) and keeps a few dozen bytes of state, so a pattern that
 * straddles two chunks is still found and memory stays constant.
 *
 * What it looks at:
 * - PDF name tokens (`/JavaScript`, `/J#61vaScript` decodes to the same name), wherever they are:
 *   in dictionaries, strings, comments and stream data. Scanning strings and comments as well is
 *   deliberately conservative: it costs a false positive only in a PDF that spells such a name
 *   out in uncompressed text, and it leaves no lexer disagreement for an attacker to exploit.
 * - Short names (`/JS`, `/EF`) are checked only outside stream data, because three random bytes
 *   in a 10 MB image stream would match them in a few percent of ordinary PDFs. That opens no gap:
 *   a JavaScript action also needs `/S /JavaScript` (or `/Rendition`), an embedded file needs
 *   `/EmbeddedFile(s)` or a file spec whose `/EF` sits in a dictionary, and long names are
 *   checked everywhere.
 * - HTML polyglot markers (`<script`, `<html`, `<iframe`, `javascript:`), case-insensitively,
 *   anywhere in the file.
 * - `%%EOF`, so a cut-off upload is reported as corrupt.
 *
 * - Object streams (`/Type /ObjStm`, PDF 1.5+), which pack ordinary objects (actions, file specs)
 *   into a compressed stream where the raw scan cannot see them. Their bytes are collected (at
 *   most 4 MB), inflated when the filter is FlateDecode (at most 16 MB out: a bomb is refused, not
 *   expanded) and scanned by a nested scanner, short names included. An object stream we cannot
 *   inspect (another filter, predictors, bad data, over the limits) is refused as `ObjStm`.
 * Every other stream is never inflated.
 */

import { inflateSync } from 'node:zlib';

/** Object streams are small in real PDFs; these bound the work an upload can ask for. */
const OBJSTM_MAX_COMPRESSED = 4 * 1024 * 1024;
const OBJSTM_MAX_INFLATED = 16 * 1024 * 1024;
/** The finding for an object stream that could not be inspected. */
const OPAQUE_OBJSTM: PdfFinding = { kind: 'name', name: 'ObjStm' };

/** Names that make a PDF active or opaque: rejected wherever they appear. */
const BLOCKED_NAMES = new Set([
  'JavaScript', // document-level scripts and JavaScript actions (/S /JavaScript)
  'Launch', // runs a program or opens a file
  'EmbeddedFile', // attached files (possibly executables)
  'EmbeddedFiles',
  'Encrypt', // password-protected: the content cannot be inspected
  'RichMedia', // Flash/3D/video annotations
  'XFA', // XML forms with their own scripting
  'Rendition', // rendition actions may carry /JS
  'GoToE', // jumps into an embedded file
]);

/** Short names: rejected only outside stream data (see the header comment). */
const BLOCKED_OUTSIDE_STREAMS = new Set(['JS', 'EF']);

const LONGEST_BLOCKED_NAME = Math.max(...[...BLOCKED_NAMES, ...BLOCKED_OUTSIDE_STREAMS].map((n) => n.length));

const POLYGLOT_MARKERS = ['<script', '<html', '<iframe', 'javascript:'];

/** What the scanner found; `null` while the file is clean so far. */
export type PdfFinding = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'marker'; readonly marker: string };

export interface PdfScanner {
  /** Scans the next chunk; returns the first finding, or null. After a finding, stop feeding it. */
  push(chunk: Uint8Array): PdfFinding | null;
  /** Ends the scan: returns a finding from the last bytes, or null; `sawEof` says whether `%%EOF` occurred. */
  finish(): { finding: PdfFinding | null; sawEof: boolean };
}

const REGULAR = new Uint8Array(256).fill(1);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) REGULAR[b] = 0;
for (const c of '()<>[]{}/%') REGULAR[c.charCodeAt(0)] = 0;

const SLASH = 0x2f;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/**
 * A multi-pattern byte automaton (Aho–Corasick, flattened into a 256-wide transition table), so
 * each byte costs one table lookup however many patterns there are, and matches across chunk
 * boundaries need no buffering. `output[state]` is 1 + the index of the pattern that ends there, or 0.
 */
interface Automaton {
  readonly next: Uint16Array;
  readonly output: Uint8Array;
}

function buildAutomaton(patterns: readonly string[]): Automaton {
  const goto: Map<number, number>[] = [new Map()];
  const out: number[] = [0];
  patterns.forEach((pattern, index) => {
    let state = 0;
    for (const ch of pattern) {
      const b = ch.charCodeAt(0);
      let to = goto[state]!.get(b);
      if (to === undefined) {
        to = goto.length;
        goto.push(new Map());
        out.push(0);
        goto[state]!.set(b, to);
      }
      state = to;
    }
    out[state] = index + 1;
  });
  const next = new Uint16Array(goto.length * 256);
  const fail = new Array<number>(goto.length).fill(0);
  const queue: number[] = [];
  for (let b = 0; b < 256; b++) {
    const to = goto[0]!.get(b) ?? 0;
    next[b] = to;
    if (to !== 0) queue.push(to);
  }
  while (queue.length > 0) {
    const state = queue.shift()!;
    if (out[state] === 0) out[state] = out[fail[state]!]!;
    for (let b = 0; b < 256; b++) {
      const to = goto[state]!.get(b);
      if (to === undefined) {
        next[state * 256 + b] = next[fail[state]! * 256 + b]!;
      } else {
        fail[to] = next[fail[state]! * 256 + b]!;
        next[state * 256 + b] = to;
        queue.push(to);
      }
    }
  }
  return { next, output: Uint8Array.from(out) };
}

// Markers are matched on lower-cased bytes; the structural keywords are case-sensitive.
const MARKERS = buildAutomaton(POLYGLOT_MARKERS);
const KEYWORDS = buildAutomaton(['%%EOF', 'endstream', 'endobj']);
const KEYWORD_EOF = 1;
const KEYWORD_ENDSTREAM = 2;
const KEYWORD_ENDOBJ = 3;
// Names recorded in the dictionary before a stream, to know an object stream and its filters.
const DICTIONARY_NAMES = new Set(['ObjStm', 'Filter', 'FlateDecode', 'DecodeParms', 'ASCIIHexDecode', 'ASCII85Decode', 'LZWDecode', 'RunLengthDecode', 'Crypt', 'DCTDecode', 'JPXDecode', 'JBIG2Decode', 'CCITTFaxDecode']);
const LOWER = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));
const STREAM = Array.from('stream', (c) => c.charCodeAt(0));

/**
 * Creates a scanner for one PDF upload. `nested`: the inflated content of an object stream, which
 * holds objects and never stream data, so short names count everywhere and no `%%EOF` is expected.
 */
export function createPdfScanner(options: { nested?: boolean } = {}): PdfScanner {
  // Names of the current object's dictionary that matter for an object stream, and its bytes.
  let dictionaryNames = new Set<string>();
  let objStm: Buffer | null = null;
  let objStmBytes = 0;
  let markerState = 0;
  let keywordState = 0;
  let sawEof = false;
  let inStream = false;
  // Name token state: null when not inside a name.
  let name: string | null = null;
  let nameTooLong = false;
  let hexDigits = -1; // -1: no escape; 0: just read '#'; 1: read one hex digit
  let hexHigh = 0;
  let hexRaw = '';
  // The current keyword outside names, only to spot `stream`: its length, and whether it is a prefix of "stream".
  let wordLength = 0;
  let wordIsStream = true;

  function appendToName(ch: string): void {
    if (nameTooLong) return;
    name += ch;
    if ((name as string).length > LONGEST_BLOCKED_NAME) {
      nameTooLong = true;
      name = '';
    }
  }

  function endName(): PdfFinding | null {
    const complete = hexDigits >= 0 ? (name as string) + hexRaw : (name as string);
    const tooLong = nameTooLong || complete.length > LONGEST_BLOCKED_NAME;
    name = null;
    nameTooLong = false;
    hexDigits = -1;
    hexRaw = '';
    if (tooLong) return null;
    if (!inStream && DICTIONARY_NAMES.has(complete)) dictionaryNames.add(complete);
    if (BLOCKED_NAMES.has(complete)) return { kind: 'name', name: complete };
    if ((!inStream || options.nested) && BLOCKED_OUTSIDE_STREAMS.has(complete)) return { kind: 'name', name: complete };
    return null;
  }

  function step(b: number): PdfFinding | null {
    markerState = MARKERS.next[markerState * 256 + LOWER[b]!]!;
    const marker = MARKERS.output[markerState]!;
    if (marker !== 0) return { kind: 'marker', marker: POLYGLOT_MARKERS[marker - 1]! };
    keywordState = KEYWORDS.next[keywordState * 256 + b]!;
    const keyword = KEYWORDS.output[keywordState]!;
    if (keyword === KEYWORD_EOF) sawEof = true;
    else if (keyword === KEYWORD_ENDSTREAM && inStream) {
      inStream = false;
      wordLength = 0;
      wordIsStream = true;
      if (objStm !== null) {
        const finding = inspectObjectStream(objStm.subarray(0, objStmBytes), dictionaryNames);
        objStm = null;
        if (finding) return finding;
      }
      dictionaryNames = new Set();
    } else if (keyword === KEYWORD_ENDOBJ && !inStream) {
      dictionaryNames = new Set();
    }
    if (objStm !== null) {
      if (objStmBytes === OBJSTM_MAX_COMPRESSED) return OPAQUE_OBJSTM;
      if (objStmBytes === objStm.length) {
        const grown = Buffer.allocUnsafe(Math.min(OBJSTM_MAX_COMPRESSED, objStm.length * 2));
        objStm.copy(grown, 0, 0, objStmBytes);
        objStm = grown;
      }
      objStm[objStmBytes++] = b;
    }

    if (name !== null) {
      if (REGULAR[b] === 1) {
        if (hexDigits === 0) {
          const v = hexValue(b);
          if (v < 0) {
            // Not an escape after all: keep the '#' literally, as readers do.
            appendToName('#');
            hexDigits = -1;
            hexRaw = '';
            appendToName(String.fromCharCode(b));
          } else {
            hexHigh = v;
            hexDigits = 1;
            hexRaw += String.fromCharCode(b);
          }
        } else if (hexDigits === 1) {
          const v = hexValue(b);
          if (v < 0) appendToName(hexRaw + String.fromCharCode(b));
          else appendToName(String.fromCharCode(hexHigh * 16 + v));
          hexDigits = -1;
          hexRaw = '';
        } else if (b === HASH) {
          hexDigits = 0;
          hexRaw = '#';
        } else {
          appendToName(String.fromCharCode(b));
        }
        return null;
      }
      const finding = endName();
      if (finding) return finding;
      // The delimiter that ended the name is handled below (it may start the next name).
    }

    if (b === SLASH) {
      name = '';
      wordLength = 0;
      wordIsStream = true;
      return null;
    }
    if (inStream) return null;
    if (REGULAR[b] === 1) {
      if (wordIsStream && (wordLength >= STREAM.length || b !== STREAM[wordLength])) wordIsStream = false;
      wordLength++;
      return null;
    }
    if (wordIsStream && wordLength === STREAM.length && (b === CR || b === LF)) {
      inStream = true;
      if (dictionaryNames.has('ObjStm')) {
        objStm = Buffer.allocUnsafe(4096);
        objStmBytes = 0;
      }
    }
    wordLength = 0;
    wordIsStream = true;
    return null;
  }

  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const finding = step(chunk[i]!);
        if (finding) return finding;
      }
      return null;
    },
    finish() {
      const finding = name !== null ? endName() : null;
      return { finding, sawEof };
    },
  };
}

/**
 * Scans the content of one object stream (its raw bytes up to and including `endstream`):
 * inflated when its filter is FlateDecode, as is when it has none. Anything else cannot be
 * inspected and is refused.
 */
function inspectObjectStream(raw: Buffer, names: ReadonlySet<string>): PdfFinding | null {
  // `raw` runs from `stream`'s end-of-line to just before the final `m` of `endstream`: drop the
  // rest of the keyword and the leading end-of-line. The end-of-line after the data stays: zlib
  // stops at the end of the deflate data, and for unfiltered objects it is only white space.
  let data = raw.subarray(0, Math.max(0, raw.length - ('endstream'.length - 1)));
  while (data[0] === LF || data[0] === CR) data = data.subarray(1);
  const otherFilter = [...names].some((n) => n !== 'ObjStm' && n !== 'Filter' && n !== 'FlateDecode');
  if (otherFilter) return OPAQUE_OBJSTM;
  if (names.has('FlateDecode')) {
    try {
      data = inflateSync(data, { maxOutputLength: OBJSTM_MAX_INFLATED });
    } catch {
      return OPAQUE_OBJSTM; // not deflate data, or it inflates beyond the limit
    }
  } else if (names.has('Filter')) {
    return OPAQUE_OBJSTM;
  }
  const inner = createPdfScanner({ nested: true });
  return inner.push(data) ?? inner.finish().finding;
}
