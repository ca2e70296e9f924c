import { html } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import { renderArticleList, type ArticleSummary } from '../articles/index.ts';
import type { Resource } from './resources.ts';

/** A resource section: its introduction, the articles that belong to it and a way to ask. */
export function renderResourcePage(site: SiteInfo, resource: Resource, articles: readonly ArticleSummary[]): string {
  return renderPage({
    site,
    path: `/resources/${resource.slug}`,
    title: resource.title,
    description: resource.teaser,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: resource.label }],
    body: html`<h1>${resource.title}</h1>
      <div class="resource-intro">${resource.intro.map((p) => html`<p>${p}</p>`)}</div>
      ${resource.steps ? html`<section aria-labelledby="steps-heading">
        <h2 id="steps-heading">${resource.steps.heading}</h2>
        <ol class="steps">${resource.steps.items.map((s) => html`<li>${s}</li>`)}</ol>
      </section>` : ''}
      ${resource.emergencyNote ? html`<p class="urgent-note"><strong>In an emergency, do not wait for an online answer.</strong>
        Contact your kidney unit or call ${site.emergencyNumber}.</p>` : ''}
      ${resource.tool ? html`<section class="card resource-tool" aria-labelledby="resource-tool">
        <h2 id="resource-tool"><a href="${resource.tool.href}">${resource.tool.title}</a></h2>
        <p>${resource.tool.text}</p>
      </section>` : ''}
      ${articles.length > 0 ? html`<section aria-labelledby="resource-articles">
        <h2 id="resource-articles">${resource.articlesHeading}</h2>
        ${renderArticleList(articles, { headingLevel: 3 })}
      </section>` : ''}
      <section class="cta" aria-labelledby="ask-heading">
        <h2 id="ask-heading">${resource.askHeading}</h2>
        <p>${resource.askText}</p>
        <p><a class="button" href="/ask">Ask an expert</a></p>
      </section>`,
  });
}
