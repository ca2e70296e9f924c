import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const STATIC_DIR = path.join(import.meta.dirname, 'static');

const versions = new Map<string, string>();
for (const name of readdirSync(STATIC_DIR)) {
  const hash = createHash('sha256').update(readFileSync(path.join(STATIC_DIR, name))).digest('hex').slice(0, 10);
  versions.set(name, hash);
}

/** URL of a file in web/static with a content hash, so it can be cached for a year. */
export function assetUrl(name: string): string {
  const version = versions.get(name);
  if (!version) throw new Error(`unknown static asset: ${name}`);
  return `/static/${name}?v=${version}`;
}
