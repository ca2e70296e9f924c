import { html } from './html.ts';
import { renderPage, renderQuestionBox, type SiteInfo } from './layout.ts';
import type { AppError } from '../platform/errors.ts';

/** The 404 page: says so plainly and offers a search box. */
export function renderNotFoundPage(site: SiteInfo, path: string): string {
  return renderPage({
    site, path, title: 'Page not found', noindex: true, hideHeaderSearch: true,
    body: html`<h1>We could not find that page</h1>
      <p>The page may have moved, or the address may have a typo. Try searching for what you need:</p>
      ${renderQuestionBox({ id: 'notfound-q', label: 'Search the knowledge base' })}
      <ul>
        <li><a href="/">Go to the home page</a></li>
        <li><a href="/topics">Browse all topics</a></li>
        <li><a href="/ask">Ask one of our experts</a></li>
      </ul>`,
  });
}

/** Any other error page; never shows internals. */
export function renderErrorPage(site: SiteInfo, path: string, error: AppError, requestId: string): string {
  const title = error.status >= 500 ? 'Something went wrong' : 'There was a problem with that request';
  return renderPage({
    site, path, title, noindex: true,
    body: html`<h1>${title}</h1>
      <p>${error.message}</p>
      ${error.status >= 500 ? html`<p class="meta">If this keeps happening, contact the clinic and quote reference <code>${requestId}</code>.</p>` : ''}
      <p><a href="/">Go to the home page</a></p>`,
  });
}
