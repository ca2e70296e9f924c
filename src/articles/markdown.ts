import MarkdownIt, { type Token } from 'markdown-it';
import { trustedHtml, type SafeHtml } from '../web/html.ts';
import { categorySlug } from './article-file.ts';

/** A heading found in an article body, with the anchor id it is rendered with. */
export interface BodyHeading {
  readonly id: string;
  readonly text: string;
  readonly level: 2 | 3;
  readonly urgent: boolean;
}

export interface RenderedBody {
  readonly html: SafeHtml;
  readonly headings: readonly BodyHeading[];
}

export interface RenderBodyOptions {
  /** Ids the surrounding page already uses; body headings never take them. */
  readonly reservedIds?: ReadonlySet<string>;
}

// Ids the site layout uses (skip link target, header search, footer regions): a heading called
// "Main" must not steal the skip link's target.
const LAYOUT_IDS: ReadonlySet<string> = new Set(['main', 'header-q', 'footer-urgent', 'footer-links', 'footer-about']);

// Schemes a link may use. An allow-list rather than a block-list: anything a browser might run
// (javascript:, vbscript:, data:, file:, and whatever comes next) is refused by default.
const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto', 'tel']);

const URGENT_HEADING = /\bwhen to (?:get|seek) (?:urgent|emergency) (?:help|advice|care)\b|\bseek(?:ing)? urgent\b|\bget(?:ting)? (?:help|advice|care) urgently\b|\burgent help\b/i;

const EXCERPT_LENGTH = 200;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = isSafeLink;
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  // Absolute links leave the site: the target page gets no handle on ours and no referrer.
  if (/^(?:https?:)?\/\//i.test(String(token.attrGet('href') ?? ''))) token.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

/**
 * Whether a link destination is safe to emit: relative URLs and http(s), mailto and tel only.
 * Links that fail are left as plain text by the parser.
 */
export function isSafeLink(url: string): boolean {
  // Browsers ignore tabs and newlines anywhere in a URL and control characters or spaces at its
  // ends, so "java\tscript:" is javascript: to them; judge the URL as they will read it.
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  return !scheme || ALLOWED_SCHEMES.has(scheme[1]!);
}

/** Whether a heading introduces the "when to get urgent help" section. */
export function isUrgentHeading(text: string): boolean {
  return URGENT_HEADING.test(text);
}

/**
 * Renders an article body to HTML with raw HTML off. h2/h3 headings get stable ids; a
 * "When to get urgent help" section (h2 or h3, up to the next heading of the same or a
 * higher level) is wrapped in `<section class="urgent">` so it stands out as a callout.
 */
export function renderArticleBody(markdown: string, options: RenderBodyOptions = {}): RenderedBody {
  const env = {};
  const tokens = md.parse(markdown, env);
  const headings = assignHeadingIds(tokens, options.reservedIds ?? new Set());
  const byIndex = new Map(headings.map((h) => [h.index, h]));
  let out = '';
  let chunkStart = 0;
  let urgentLevel = 0;
  const flush = (end: number): void => {
    if (end > chunkStart) out += md.renderer.render(tokens.slice(chunkStart, end), md.options, env);
    chunkStart = end;
  };
  for (let i = 0; i < tokens.length; i++) {
    const heading = byIndex.get(i);
    // Only top-level headings open or close a section; one inside a list or quote cannot.
    if (!heading || tokens[i]!.level !== 0) continue;
    if (urgentLevel > 0 && heading.level <= urgentLevel) {
      flush(i);
      out += '</section>\n';
      urgentLevel = 0;
    }
    if (heading.urgent && urgentLevel === 0) {
      flush(i);
      out += `<section class="urgent" aria-labelledby="${heading.id}">\n`;
      urgentLevel = heading.level;
    }
  }
  flush(tokens.length);
  if (urgentLevel > 0) out += '</section>\n';
  return { html: trustedHtml(out), headings: headings.map(({ index: _index, ...h }) => h) };
}

/** The text of every heading in a Markdown document, in order (for search weighting). */
export function extractHeadings(markdown: string): string[] {
  const tokens = md.parse(markdown, {});
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type === 'heading_open') {
      const text = inlineText(tokens[i + 1]);
      if (text !== '') out.push(text);
    }
  }
  return out;
}

/** The readable text of a Markdown document: no markup, no link targets, one line per block. */
export function markdownToPlainText(markdown: string): string {
  const lines: string[] = [];
  for (const token of md.parse(markdown, {})) {
    if (token.type === 'inline') lines.push(inlineText(token));
    else if (token.type === 'code_block' || token.type === 'fence') lines.push(token.content.replace(/\s+/g, ' ').trim());
  }
  return lines.filter((l) => l !== '').join('\n');
}

/** The first paragraph as plain text, cut at a word boundary to about `max` characters. */
export function excerpt(markdown: string, max: number = EXCERPT_LENGTH): string {
  const tokens = md.parse(markdown, {});
  const start = tokens.findIndex((t) => t.type === 'paragraph_open' && t.level === 0);
  const text = start >= 0 ? inlineText(tokens[start + 1]) : markdownToPlainText(markdown).split('\n')[0] ?? '';
  return truncateAtWord(text, max);
}

/** Cuts text to at most `max` characters at a word boundary, adding an ellipsis when cut. */
export function truncateAtWord(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  const head = space > max / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

interface IndexedHeading extends BodyHeading {
  readonly index: number;
}

function assignHeadingIds(tokens: Token[], reserved: ReadonlySet<string>): IndexedHeading[] {
  const used = new Set<string>([...LAYOUT_IDS, ...reserved]);
  const headings: IndexedHeading[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    if (open.type !== 'heading_open') continue;
    // The page title is the only h1; a "# Heading" in a body becomes a section heading.
    if (open.tag === 'h1') {
      open.tag = 'h2';
      for (let j = i + 1; j < tokens.length; j++) {
        if (tokens[j]!.type === 'heading_close') {
          tokens[j]!.tag = 'h2';
          break;
        }
      }
    }
    if (open.tag !== 'h2' && open.tag !== 'h3') continue;
    const text = inlineText(tokens[i + 1]);
    const id = uniqueId(categorySlug(text) || `section-${headings.length + 1}`, used);
    open.attrSet('id', id);
    headings.push({ index: i, id, text, level: open.tag === 'h2' ? 2 : 3, urgent: isUrgentHeading(text) });
  }
  return headings;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function inlineText(token: Token | undefined): string {
  return token?.type === 'inline' ? childrenText(token.children).replace(/\s+/g, ' ').trim() : '';
}

function childrenText(children: readonly Token[] | null): string {
  let text = '';
  for (const child of children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
    // An image's alt text is its children; it reads as part of the sentence.
    else if (child.type === 'image') text += childrenText(child.children);
  }
  return text;
}
