import { html, trustedHtml, type SafeHtml } from '../web/html.ts';
import { renderPage, renderQuestionBox, type SiteInfo } from '../web/layout.ts';
import type { SearchResponse } from './search.service.ts';

const TYPE_LABEL: Record<string, string> = { article: 'Article', answer: 'Answered question' };

/** The /search page: results, "did you mean", and an honest "no good match" with a way to ask an expert. */
export function renderSearchPage(site: SiteInfo, rawQuery: string, response: SearchResponse | undefined): string {
  const query = response?.query ?? '';
  const askHref = `/ask?q=${encodeURIComponent(query)}`;
  let body: SafeHtml;
  if (!response || query === '') {
    body = html`<h1>Search the knowledge base</h1>
      ${renderQuestionBox({ id: 'search-q', value: rawQuery.trim().slice(0, 200), large: true })}
      <p>Type your question in your own words, for example “cramps on dialysis” or “what does eGFR mean”.</p>`;
  } else {
    const count = response.results.length;
    body = html`<h1>Results for “${query}”</h1>
      ${renderQuestionBox({ id: 'search-q', value: query, large: true, label: 'Search again' })}
      ${response.didYouMean ? html`<p class="did-you-mean">Did you mean <a href="/search?q=${encodeURIComponent(response.didYouMean)}">${response.didYouMean}</a>? We have included results for it.</p>` : ''}
      ${response.confident ? '' : html`<section class="no-match" aria-labelledby="no-match-title">
        <h2 id="no-match-title">We could not find an article that clearly answers this</h2>
        <p>Our experts can answer you privately, usually within 24 hours.</p>
        <p><a class="button" href="${askHref}">Ask an expert about this</a></p>
        <p class="meta">If you feel very unwell, have chest pain, heavy bleeding or trouble breathing, call ${site.emergencyNumber} now.</p>
      </section>`}
      ${count === 0 ? '' : html`<h2 class="${response.confident ? 'visually-hidden' : ''}">${response.confident ? 'Results' : 'These articles might still help'}</h2>
      <p class="meta" role="status">${count} ${count === 1 ? 'result' : 'results'}</p>
      <ol class="article-list search-results">
        ${response.results.map((r) => html`<li>
          <p class="meta"><span class="result-type">${TYPE_LABEL[r.type] ?? r.type}</span>${r.breadcrumb ? html` · ${r.breadcrumb}` : ''}</p>
          <h3><a href="${r.url}">${r.title}</a></h3>
          <p>${trustedHtml(r.snippetHtml)}</p>
        </li>`)}
      </ol>`}
      ${response.confident ? html`<aside class="cta" aria-labelledby="ask-title"><h2 id="ask-title">Still worried?</h2>
        <p>If these articles do not answer your question, ask one of our kidney experts privately.</p>
        <p><a class="button" href="${askHref}">Ask an expert</a></p></aside>` : ''}`;
  }
  return renderPage({
    site, path: '/search', title: query ? `Search: ${query}` : 'Search', noindex: true, hideHeaderSearch: true, body,
  });
}
