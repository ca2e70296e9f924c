import { html, jsonForScript, type SafeHtml } from './html.ts';
import { assetUrl } from './assets.ts';

export interface Crumb {
  readonly label: string;
  readonly href?: string | undefined;
}

export interface PageOptions {
  readonly site: SiteInfo;
  readonly title: string;
  readonly description?: string | undefined;
  /** Path of the canonical URL, e.g. `/articles/x`; absolute URLs are built from the site's base URL. */
  readonly path: string;
  readonly body: SafeHtml;
  readonly breadcrumbs?: readonly Crumb[] | undefined;
  readonly ogType?: 'website' | 'article';
  readonly jsonLd?: unknown;
  readonly noindex?: boolean;
  readonly scripts?: readonly string[];
  /** Extra `<link>` elements, e.g. feeds and rel=prev/next. */
  readonly links?: readonly { rel: string; href: string; type?: string; title?: string }[];
  /** Hide the small header search box (the home page has its own large one). */
  readonly hideHeaderSearch?: boolean;
}

export interface SiteInfo {
  readonly name: string;
  readonly baseUrl: string;
  readonly emergencyNumber: string;
}

/** Navigation shown in the header on every page. */
export const MAIN_NAV: readonly { label: string; href: string }[] = [
  { label: 'Topics', href: '/topics' },
  { label: 'Creatinine', href: '/resources/creatinine' },
  { label: 'Treatment', href: '/resources/treatment' },
  { label: 'Experts', href: '/resources/experts' },
];

/** Wraps page content in the site's HTML document. */
export function renderPage(options: PageOptions): string {
  const { site } = options;
  const canonical = site.baseUrl + options.path;
  const fullTitle = options.title === site.name ? site.name : `${options.title} | ${site.name}`;
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
${options.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="canonical" href="${canonical}">
<link rel="stylesheet" href="${assetUrl('site.css')}">
<link rel="stylesheet" href="${assetUrl('print.css')}" media="print">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<link rel="alternate" type="application/rss+xml" title="${site.name} articles (RSS)" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${site.name} articles (Atom)" href="/atom.xml">
${(options.links ?? []).map((l) => html`<link rel="${l.rel}" href="${l.href}"${l.type ? html` type="${l.type}"` : ''}${l.title ? html` title="${l.title}"` : ''}>`)}
<meta property="og:site_name" content="${site.name}">
<meta property="og:title" content="${options.title}">
<meta property="og:type" content="${options.ogType ?? 'website'}">
<meta property="og:url" content="${canonical}">
${options.description ? html`<meta property="og:description" content="${options.description}">` : ''}
<meta name="twitter:card" content="summary">
${options.jsonLd ? html`<script type="application/ld+json">${jsonForScript(options.jsonLd)}</script>` : ''}
${['suggest.js', ...(options.scripts ?? [])].map((s) => html`<script src="${assetUrl(s)}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="/"><img src="${assetUrl('favicon.svg')}" alt="" width="32" height="32"><span>${site.name}</span></a>
    <nav class="main-nav" aria-label="Main">
      <ul>
        ${MAIN_NAV.map((item) => html`<li><a href="${item.href}"${isCurrent(options.path, item.href) ? html` aria-current="page"` : ''}>${item.label}</a></li>`)}
        <li><a class="nav-ask" href="/ask">Ask an expert</a></li>
      </ul>
    </nav>
    ${options.hideHeaderSearch ? '' : html`<form class="header-search" action="/search" method="get" role="search">
      <label for="header-q" class="visually-hidden">Search the knowledge base</label>
      <input id="header-q" name="q" type="search" placeholder="Search" maxlength="200" autocomplete="off">
      <button type="submit">Search</button>
    </form>`}
  </div>
</header>
${options.breadcrumbs && options.breadcrumbs.length > 0 ? renderBreadcrumbs(options.breadcrumbs) : ''}
<main id="main" class="wrap" tabindex="-1">
${options.body}
</main>
<footer class="site-footer">
  <div class="wrap footer-grid">
    <section aria-labelledby="footer-urgent">
      <h2 id="footer-urgent">In an emergency</h2>
      <p>If you have chest pain, severe breathlessness, heavy bleeding from your access or you collapse, call <strong>${site.emergencyNumber}</strong> now. Do not wait for an online answer.</p>
    </section>
    <nav aria-labelledby="footer-links">
      <h2 id="footer-links">Quick links</h2>
      <ul>
        <li><a href="/topics">All topics</a></li>
        <li><a href="/ask">Ask an expert</a></li>
        <li><a href="/experts">Our experts</a></li>
        <li><a href="/stories">Patient stories</a></li>
        <li><a href="/contact">Contact us</a></li>
        <li><a href="/tools/egfr">eGFR calculator</a></li>
        <li><a href="/privacy">Privacy notice</a></li>
        <li><a href="/accessibility">Accessibility statement</a></li>
        <li><a href="/site-map">Site map</a></li>
        <li><a href="/feed.xml">RSS feed</a></li>
      </ul>
    </nav>
    <section aria-labelledby="footer-about">
      <h2 id="footer-about">About this site</h2>
      <p>${site.name} explains kidney disease and dialysis in plain language. It does not replace advice from your own kidney team.</p>
    </section>
  </div>
</footer>
</body>
</html>
`;
  return doc.value;
}

function isCurrent(pagePath: string, href: string): boolean {
  return pagePath === href || pagePath.startsWith(`${href}/`);
}

/** The breadcrumb trail; the last crumb is the current page and is not a link. */
export function renderBreadcrumbs(crumbs: readonly Crumb[]): SafeHtml {
  return html`<nav class="breadcrumbs wrap" aria-label="Breadcrumb"><ol>
    ${crumbs.map((c, i) => (i === crumbs.length - 1 || !c.href
      ? html`<li><span aria-current="${i === crumbs.length - 1 ? 'page' : 'false'}">${c.label}</span></li>`
      : html`<li><a href="${c.href}">${c.label}</a></li>`))}
  </ol></nav>`;
}

/** A GET search form, used on the home page and the 404 page. */
export function renderQuestionBox(options: { id: string; value?: string; large?: boolean; label?: string }): SafeHtml {
  return html`<form class="question-box${options.large ? ' question-box--large' : ''}" action="/search" method="get" role="search">
    <label for="${options.id}">${options.label ?? 'Type your question'}</label>
    <div class="question-row">
      <input id="${options.id}" name="q" type="search" value="${options.value ?? ''}" maxlength="200" autocomplete="off"
        placeholder="e.g. leg cramps on dialysis" aria-describedby="${options.id}-hint" data-suggest>
      <button type="submit">GO</button>
      <ul id="${options.id}-suggestions" class="suggestions" role="listbox" aria-label="Suggested articles" hidden></ul>
    </div>
    <p id="${options.id}-hint" class="hint">Describe it in your own words. Spelling does not have to be perfect.</p>
    <p id="${options.id}-status" class="visually-hidden" role="status" aria-live="polite"></p>
  </form>`;
}
