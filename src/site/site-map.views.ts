import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import type { CategoryNode } from '../articles/index.ts';
import type { Resource } from './resources.ts';
import { SITE_PAGES } from './site-pages.ts';

/** /site-map: every public page and topic, for people (search engines read /sitemap.xml). */
export function renderSiteMapPage(site: SiteInfo, model: { topics: readonly CategoryNode[]; resources: readonly Resource[] }): string {
  return renderPage({
    site,
    path: '/site-map',
    title: 'Site map',
    description: `Every part of ${site.name}: topics, resources, tools and information pages.`,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Site map' }],
    body: html`<h1>Site map</h1>
      <section aria-labelledby="map-main">
        <h2 id="map-main">Main pages</h2>
        <ul>
          <li><a href="/">Home</a></li>
          <li><a href="/topics">All topics</a></li>
          <li><a href="/search">Search</a></li>
          <li><a href="/ask">Ask an expert</a></li>
          ${SITE_PAGES.filter((p) => p.group === 'tool').map((p) => html`<li><a href="${p.path}">${p.label}</a></li>`)}
        </ul>
      </section>
      <section aria-labelledby="map-resources">
        <h2 id="map-resources">Resources</h2>
        <ul>${model.resources.map((r) => html`<li><a href="/resources/${r.slug}">${r.title}</a></li>`)}</ul>
      </section>
      <section aria-labelledby="map-topics">
        <h2 id="map-topics">Topics</h2>
        ${model.topics.length === 0 ? html`<p>There are no articles yet.</p>` : topicList(model.topics)}
      </section>
      <section aria-labelledby="map-about">
        <h2 id="map-about">About this site</h2>
        <ul>
          ${SITE_PAGES.filter((p) => p.group === 'about' && p.path !== '/site-map').map((p) => html`<li><a href="${p.path}">${p.label}</a></li>`)}
          <li><a href="/feed.xml">Articles as an RSS feed</a></li>
          <li><a href="/atom.xml">Articles as an Atom feed</a></li>
          <li><a href="/sitemap.xml">Sitemap for search engines (XML)</a></li>
        </ul>
      </section>`,
  });
}

function topicList(nodes: readonly CategoryNode[]): SafeHtml {
  return html`<ul>${nodes.map((n) => html`<li><a href="/topics/${n.path}">${n.name}</a> (${n.articleCount} ${n.articleCount === 1 ? 'article' : 'articles'})${n.children.length > 0 ? topicList(n.children) : ''}</li>`)}</ul>`;
}
