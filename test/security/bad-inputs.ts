import { readFileSync } from 'node:fs';
import path from 'node:path';

// The shared list of hostile inputs (../shared/security/bad-inputs.json beside the clone) and
// the small readers every security test uses on it.

export type Expectation = 'rejected' | 'stored-escaped' | 'ignored';

export interface BadInput {
  readonly field: string;
  readonly value: string;
  readonly kind: string;
  readonly expect: Expectation;
  readonly repeat?: number;
  readonly note?: string;
}

/** The repository's root (test/security/../..). */
export const REPO_ROOT = path.join(import.meta.dirname, '..', '..');

/** Where CI keeps the shared list: ../shared beside the clone. */
export const BAD_INPUTS_PATH = path.join(REPO_ROOT, '..', 'shared', 'security', 'bad-inputs.json');

/** Every entry of the shared list, in file order. */
export const BAD_INPUTS: readonly BadInput[] = JSON.parse(readFileSync(BAD_INPUTS_PATH, 'utf8')) as BadInput[];

/** An entry's value as sent: `value` repeated `repeat` times. */
export function valueOf(entry: BadInput): string {
  return entry.value.repeat(entry.repeat ?? 1);
}

/** A short printable label: field, kind and the value (shortened, with its length when long). */
export function labelOf(entry: BadInput): string {
  const value = valueOf(entry);
  const shown = value.length > 40 ? `${value.slice(0, 24)}… (${value.length} chars)` : value;
  return `${entry.field}/${entry.kind} ${JSON.stringify(shown)}`;
}

/**
 * Markup on a page that could run script or load something: script elements other than our own
 * same-origin files, on* attributes, javascript:/vbscript:/data: URLs, script-capable elements.
 */
export function activeMarkup(html: string): string[] {
  const found: string[] = [];
  const ownScript = /^<script src="\/static\/[a-z0-9-]+\.js\?v=[0-9a-f]+"( defer)?>$|^<script type="application\/ld\+json">$/;
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) if (!ownScript.test(m[0])) found.push(m[0]);
  // Attributes are read tag by tag, so escaped text inside a value ("&lt;svg onload=") is not one.
  for (const tag of html.matchAll(/<([a-z][a-z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/gi)) {
    if (/^(iframe|svg|object|embed|foreignobject|math|base)$/i.test(tag[1]!)) found.push(tag[0]);
    for (const attr of tag[2]!.matchAll(/\s([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = attr[1]!.toLowerCase();
      const value = (attr[2] ?? '').replace(/^["']|["']$/g, '').replace(/&#0*58;|&colon;/gi, ':').trim().toLowerCase();
      if (name.startsWith('on')) found.push(tag[0]);
      else if (/^(href|src|action|formaction|xlink:href|srcdoc)$/.test(name) && (name === 'srcdoc' || /^(javascript|vbscript|data):/.test(value.replace(/[\s\u0000-\u001f]/g, '')))) found.push(tag[0]);
      else if (tag[1]!.toLowerCase() === 'img' && name === 'src' && value === 'x') found.push(tag[0]);
    }
  }
  return found;
}

/** Counts of inputs tried, by target and expectation, printed as a table at the end of a run. */
export class TriedTable {
  readonly #rows = new Map<string, Record<Expectation, number>>();

  add(target: string, expect: Expectation): void {
    const row = this.#rows.get(target) ?? { rejected: 0, 'stored-escaped': 0, ignored: 0 };
    row[expect] += 1;
    this.#rows.set(target, row);
  }

  /** The table as text (one line per target, then the totals). */
  render(title: string): string {
    const head = ['target', 'rejected', 'stored-escaped', 'ignored', 'total'];
    const lines = [...this.#rows].map(([target, r]) => [target, r.rejected, r['stored-escaped'], r.ignored, r.rejected + r['stored-escaped'] + r.ignored].map(String));
    const sum = (i: number) => String(lines.reduce((n, l) => n + Number(l[i]), 0));
    lines.push(['TOTAL', sum(1), sum(2), sum(3), sum(4)]);
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const row = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return [title, row(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
  }
}
