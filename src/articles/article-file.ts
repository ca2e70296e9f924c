import type { ArticleStatus } from './article.table.ts';

/** An article as written in a Markdown file, validated. */
export interface ArticleInput {
  readonly slug: string;
  readonly title: string;
  /** Category names from the root, e.g. ['Dialysis', 'Complications']. */
  readonly categoryPath: readonly string[];
  readonly tags: readonly string[];
  readonly summary: string;
  readonly updatedOn: string;
  readonly reviewedOn: string;
  readonly nextReviewOn: string | null;
  readonly reviewedBy: string | null;
  readonly status: ArticleStatus;
  readonly sample: boolean;
  readonly body: string;
}

export interface FileProblem {
  readonly line: number;
  readonly message: string;
}

export type ParseResult = { ok: true; article: ArticleInput } | { ok: false; problems: FileProblem[] };

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_TITLE = 150;
export const MAX_SUMMARY = 200;
export const MAX_TAGS = 12;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const TAG_PATTERN = /^[a-z0-9](?:[a-z0-9 '&+.-]{0,38}[a-z0-9])?$/;
const REQUIRED_KEYS = ['title', 'slug', 'category', 'tags', 'summary', 'updated', 'reviewed'] as const;
const OPTIONAL_KEYS = ['next_review', 'reviewed_by', 'status', 'sample'] as const;
const KNOWN_KEYS = new Set<string>([...REQUIRED_KEYS, ...OPTIONAL_KEYS]);
const STATUSES: readonly ArticleStatus[] = ['draft', 'in_review', 'published', 'unpublished'];
// Control characters other than tab, line feed and carriage return; bidi overrides too.
const BAD_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/**
 * Validates one article file. Every problem found is reported with its line, so an editor
 * can fix them all in one go; nothing is returned for writing unless the whole file is valid.
 */
export function parseArticleFile(bytes: Uint8Array, expectedSlug?: string): ParseResult {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return { ok: false, problems: [{ line: 1, message: `file is ${bytes.byteLength} bytes; the limit is ${MAX_FILE_BYTES} (1 MB)` }] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: [{ line: lineOfInvalidUtf8(bytes), message: 'file is not valid UTF-8 text' }] };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
  const lines = text.split('\n');
  const problems: FileProblem[] = [];

  if (lines[0]?.trim() !== '---') {
    return { ok: false, problems: [{ line: 1, message: 'front matter missing: the file must start with a line "---"' }] };
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return { ok: false, problems: [{ line: 1, message: 'front matter is not closed by a line "---"' }] };

  const fields = new Map<string, { value: string; line: number }>();
  for (let i = 1; i < end; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s(.*)|)$/.exec(line);
    if (!match) {
      problems.push({ line: lineNo, message: `front matter line is not "key: value": ${truncate(line)}` });
      continue;
    }
    const key = match[1]!;
    if (!KNOWN_KEYS.has(key)) {
      problems.push({ line: lineNo, message: `unknown front matter key "${key}" (allowed: ${[...KNOWN_KEYS].join(', ')})` });
      continue;
    }
    if (fields.has(key)) {
      problems.push({ line: lineNo, message: `duplicate front matter key "${key}" (first on line ${fields.get(key)!.line})` });
      continue;
    }
    fields.set(key, { value: (match[2] ?? '').trim(), line: lineNo });
  }
  for (const key of REQUIRED_KEYS) {
    if (!fields.has(key)) problems.push({ line: end + 1, message: `missing required field "${key}"` });
  }

  const scalar = (key: string, max: number): string | undefined => {
    const field = fields.get(key);
    if (!field) return undefined;
    const value = unquote(field.value);
    if (value === undefined) problems.push({ line: field.line, message: `${key}: badly quoted value` });
    else if (value === '') problems.push({ line: field.line, message: `${key}: must not be empty` });
    else if (BAD_CHARS.test(value)) problems.push({ line: field.line, message: `${key}: contains control or bidirectional-override characters` });
    else if ([...value].length > max) problems.push({ line: field.line, message: `${key}: ${[...value].length} characters; the limit is ${max}` });
    else return value;
    return undefined;
  };
  const date = (key: string): string | undefined => {
    const field = fields.get(key);
    if (!field) return undefined;
    const value = unquote(field.value) ?? '';
    if (!isIsoDate(value)) {
      problems.push({ line: field.line, message: `${key}: "${truncate(value)}" is not a valid date (YYYY-MM-DD)` });
      return undefined;
    }
    return value;
  };

  const title = scalar('title', MAX_TITLE);
  const summary = scalar('summary', MAX_SUMMARY);
  const slug = scalar('slug', 100);
  if (slug !== undefined) {
    const line = fields.get('slug')!.line;
    if (!SLUG_PATTERN.test(slug)) problems.push({ line, message: `slug: "${truncate(slug)}" must be lower-case words joined by hyphens` });
    else if (expectedSlug !== undefined && slug !== expectedSlug) problems.push({ line, message: `slug: "${slug}" must match the file name "${expectedSlug}.md"` });
  }
  const categoryRaw = scalar('category', 200);
  let categoryPath: string[] | undefined;
  if (categoryRaw !== undefined) {
    const line = fields.get('category')!.line;
    const parts = categoryRaw.split('/').map((p) => p.trim());
    if (parts.length > 3) problems.push({ line, message: 'category: at most 3 levels, separated by " / "' });
    else if (parts.some((p) => p === '')) problems.push({ line, message: 'category: a level is empty' });
    else if (parts.some((p) => p.length > 60)) problems.push({ line, message: 'category: a level is longer than 60 characters' });
    else if (parts.some((p) => categorySlug(p) === '')) problems.push({ line, message: 'category: each level needs at least one letter or digit' });
    else categoryPath = parts;
  }
  let tags: string[] | undefined;
  const tagsField = fields.get('tags');
  if (tagsField) {
    const parsed = parseFlowList(tagsField.value);
    if (!parsed) problems.push({ line: tagsField.line, message: 'tags: expected a list like [dialysis, cramps]' });
    else {
      const bad = parsed.find((t) => !TAG_PATTERN.test(t));
      if (bad !== undefined) problems.push({ line: tagsField.line, message: `tags: "${truncate(bad)}" must be lower-case letters, digits and spaces` });
      else if (parsed.length > MAX_TAGS) problems.push({ line: tagsField.line, message: `tags: at most ${MAX_TAGS} tags` });
      else if (new Set(parsed).size !== parsed.length) problems.push({ line: tagsField.line, message: 'tags: a tag is listed twice' });
      else tags = parsed;
    }
  }
  const updatedOn = date('updated');
  const reviewedOn = date('reviewed');
  const nextReviewOn = fields.has('next_review') ? date('next_review') : null;
  const reviewedBy = fields.has('reviewed_by') ? scalar('reviewed_by', 100) : null;
  let status: ArticleStatus = 'published';
  const statusField = fields.get('status');
  if (statusField) {
    const value = unquote(statusField.value) ?? '';
    if ((STATUSES as readonly string[]).includes(value)) status = value as ArticleStatus;
    else problems.push({ line: statusField.line, message: `status: must be one of ${STATUSES.join(', ')}` });
  }
  let sample = false;
  const sampleField = fields.get('sample');
  if (sampleField) {
    const value = unquote(sampleField.value);
    if (value === 'true') sample = true;
    else if (value !== 'false') problems.push({ line: sampleField.line, message: 'sample: must be true or false' });
  }
  if (updatedOn && reviewedOn && nextReviewOn && nextReviewOn < reviewedOn) {
    problems.push({ line: fields.get('next_review')!.line, message: 'next_review: must not be before reviewed' });
  }

  const bodyStart = end + 1;
  const body = lines.slice(bodyStart).join('\n').trim();
  if (body === '') problems.push({ line: bodyStart + 1, message: 'the article body is empty' });
  const badLine = lines.findIndex((l, i) => i >= bodyStart && BAD_CHARS.test(l));
  if (badLine >= 0) problems.push({ line: badLine + 1, message: 'body contains control or bidirectional-override characters' });

  if (problems.length > 0 || !title || !summary || !slug || !categoryPath || !tags || !updatedOn || !reviewedOn
    || nextReviewOn === undefined || reviewedBy === undefined) {
    if (problems.length === 0) problems.push({ line: 1, message: 'invalid front matter' });
    problems.sort((a, b) => a.line - b.line);
    return { ok: false, problems };
  }
  return {
    ok: true,
    article: { slug, title, categoryPath, tags, summary, updatedOn, reviewedOn, nextReviewOn, reviewedBy, status, sample, body },
  };
}

/** Writes an article back as a file that parseArticleFile reads to the same value. */
export function formatArticleFile(article: ArticleInput): string {
  const lines = [
    '---',
    `title: ${quoteIfNeeded(article.title)}`,
    `slug: ${article.slug}`,
    `category: ${quoteIfNeeded(article.categoryPath.join(' / '))}`,
    `tags: [${article.tags.join(', ')}]`,
    `summary: ${quoteIfNeeded(article.summary)}`,
    `updated: ${article.updatedOn}`,
    `reviewed: ${article.reviewedOn}`,
  ];
  if (article.nextReviewOn) lines.push(`next_review: ${article.nextReviewOn}`);
  if (article.reviewedBy) lines.push(`reviewed_by: ${quoteIfNeeded(article.reviewedBy)}`);
  if (article.status !== 'published') lines.push(`status: ${article.status}`);
  if (article.sample) lines.push('sample: true');
  lines.push('---', '', article.body, '');
  return lines.join('\n');
}

/** The URL slug for one category level: "Diet and fluids" → "diet-and-fluids". */
export function categorySlug(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function unquote(raw: string): string | undefined {
  if (raw.startsWith('"')) {
    if (!raw.endsWith('"') || raw.length < 2) return undefined;
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (raw.startsWith("'")) {
    if (!raw.endsWith("'") || raw.length < 2) return undefined;
    return raw.slice(1, -1).replace(/''/g, "'");
  }
  return raw;
}

function quoteIfNeeded(value: string): string {
  return /^["'[{#&*!|>%@`]|: | #|^\s|\s$/.test(value) ? JSON.stringify(value) : value;
}

function parseFlowList(raw: string): string[] | undefined {
  const match = /^\[(.*)\]$/.exec(raw.trim());
  if (!match) return undefined;
  const inner = match[1]!.trim();
  if (inner === '') return [];
  const items: string[] = [];
  for (const part of inner.split(',')) {
    const value = unquote(part.trim());
    if (value === undefined || value === '') return undefined;
    items.push(value);
  }
  return items;
}

function lineOfInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
