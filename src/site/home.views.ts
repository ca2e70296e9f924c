import { html } from '../web/html.ts';
import { renderPage, renderQuestionBox, type SiteInfo } from '../web/layout.ts';
import { renderArticleList, type ArticleSummary, type CategoryNode } from '../articles/index.ts';
import type { Resource } from './resources.ts';

export interface HomePageModel {
  readonly topics: readonly CategoryNode[];
  readonly recent: readonly ArticleSummary[];
  readonly resources: readonly Resource[];
}

/** The home page: the question box first, then ways to browse. */
export function renderHomePage(site: SiteInfo, model: HomePageModel): string {
  return renderPage({
    site,
    path: '/',
    title: site.name,
    description: `${site.name} explains kidney disease, dialysis and transplant in plain language, and lets you ask a kidney expert.`,
    hideHeaderSearch: true,
    body: html`<section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">Answers about kidney disease and dialysis, in plain language</h1>
        <p>Search our articles, browse by topic, or ask one of our kidney experts.</p>
        ${renderQuestionBox({ id: 'home-q', large: true })}
      </section>
      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading">Browse by topic</h2>
        ${model.topics.length === 0 ? html`<p>There are no articles yet.</p>` : html`<ul class="grid topic-cards">
          ${model.topics.map((t) => html`<li class="card">
            <h3><a href="/topics/${t.path}">${t.name}</a></h3>
            ${t.children.length > 0 ? html`<ul class="topic-children">
              ${t.children.map((c) => html`<li><a href="/topics/${c.path}">${c.name}</a></li>`)}
            </ul>` : ''}
          </li>`)}
        </ul>`}
        <p><a href="/topics">See all topics</a></p>
      </section>
      ${model.recent.length > 0 ? html`<section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recently updated</h2>
        ${renderArticleList(model.recent, { headingLevel: 3 })}
      </section>` : ''}
      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading">Resources</h2>
        <ul class="resource-links">
          ${model.resources.map((r) => html`<li class="card"><h3><a href="/resources/${r.slug}">${r.label}</a></h3><p>${r.teaser}</p></li>`)}
        </ul>
      </section>
      <section class="cta" aria-labelledby="ask-heading">
        <h2 id="ask-heading">Can’t find your answer?</h2>
        <p>Ask one of our kidney experts. Your question stays private, and you get a reply in plain language.</p>
        <p><a class="button" href="/ask">Ask an expert</a></p>
      </section>`,
  });
}
