import { html, type SafeHtml } from '../web/html.ts';
import type { ArticleSummary, Paged } from './article.repository.ts';

// Pieces shared by every page that lists articles: the list itself, pagination and dates.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-09-14` → "14 September 2026" (fixed English format, whatever the server's locale). */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/** A `<time>` element for a YYYY-MM-DD date. */
export function renderDate(isoDate: string): SafeHtml {
  return html`<time datetime="${isoDate}">${formatDate(isoDate)}</time>`;
}

/** Adds calendar months to a YYYY-MM-DD date; the 31st becomes the last day of a shorter month. */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** URL of one page of a paged list; page 1 has no query, so it has one address. */
export function pageUrl(basePath: string, page: number): string {
  return page <= 1 ? basePath : `${basePath}?page=${page}`;
}

/**
 * A list of articles with their summaries. `headingLevel` keeps the outline right where the
 * list sits under an h2; `currentCategory` hides the category name where it would repeat the page.
 */
export function renderArticleList(
  articles: readonly ArticleSummary[],
  options: { headingLevel: 2 | 3; currentCategory?: string } = { headingLevel: 2 },
): SafeHtml {
  return html`<ul class="article-list">
    ${articles.map((a) => {
      const link = html`<a href="/articles/${a.slug}">${a.title}</a>`;
      return html`<li>
        ${options.headingLevel === 2 ? html`<h2>${link}</h2>` : html`<h3>${link}</h3>`}
        <p>${a.summary}</p>
        <p class="meta">Updated ${renderDate(a.updatedOn)}${a.category.path !== options.currentCategory
          ? html` · <a href="/topics/${a.category.path}">${a.category.name}</a>` : ''}</p>
      </li>`;
    })}
  </ul>`;
}

/** Previous/next navigation for a paged list; nothing when everything fits on one page. */
export function renderPagination(basePath: string, paged: Paged<unknown>): SafeHtml {
  if (paged.pageCount <= 1) return html``;
  const { page, pageCount } = paged;
  return html`<nav class="pagination" aria-label="Pagination">
    ${page > 1 ? html`<a href="${pageUrl(basePath, page - 1)}" rel="prev">Previous page</a>` : ''}
    <span>Page ${page} of ${pageCount}</span>
    ${page < pageCount ? html`<a href="${pageUrl(basePath, page + 1)}" rel="next">Next page</a>` : ''}
  </nav>`;
}

/** `<link rel=prev/next>` entries for the page head. */
export function paginationLinks(basePath: string, paged: Paged<unknown>): { rel: string; href: string }[] {
  const links: { rel: string; href: string }[] = [];
  if (paged.page > 1) links.push({ rel: 'prev', href: pageUrl(basePath, paged.page - 1) });
  if (paged.page < paged.pageCount) links.push({ rel: 'next', href: pageUrl(basePath, paged.page + 1) });
  return links;
}

/** The heading suffix for page 2 onwards, e.g. " (page 2 of 3)". */
export function pageSuffix(paged: Paged<unknown>): string {
  return paged.page > 1 ? ` (page ${paged.page} of ${paged.pageCount})` : '';
}
