import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type Crumb, type SiteInfo } from '../web/layout.ts';
import { PAGE_SIZE, type ArticleSummary, type CategoryNode, type CategoryRef, type Paged } from './article.repository.ts';
import { pageSuffix, paginationLinks, renderArticleList, renderPagination } from './article-list.views.ts';

/** The list of every topic, as nested lists. */
export function renderTopicsIndexPage(site: SiteInfo, roots: readonly CategoryNode[]): string {
  return renderPage({
    site,
    path: '/topics',
    title: 'Topics',
    description: `Every topic in the ${site.name} knowledge base, from dialysis to diet and daily life.`,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Topics' }],
    body: html`<h1>Topics</h1>
      <p>Choose a topic to see its articles, or <a href="/search">search</a> for what you want to know.</p>
      ${roots.length === 0 ? html`<p>There are no articles yet.</p>` : renderTopicTree(roots, true)}`,
  });
}

/** Nested topic links with article counts; the top level is shown as cards. */
export function renderTopicTree(nodes: readonly CategoryNode[], top: boolean): SafeHtml {
  return html`<ul class="${top ? 'topic-tree grid' : 'topic-tree'}">
    ${nodes.map((n) => html`<li${top ? html` class="card"` : ''}>
      ${top ? html`<h2><a href="/topics/${n.path}">${n.name}</a></h2>` : html`<a href="/topics/${n.path}">${n.name}</a>`}
      <span class="meta">(${articleCount(n.articleCount)})</span>
      ${n.children.length > 0 ? renderTopicTree(n.children, false) : ''}
    </li>`)}
  </ul>`;
}

export interface TopicPageModel {
  readonly category: CategoryNode;
  readonly chain: readonly CategoryRef[];
  readonly articles: Paged<ArticleSummary>;
}

/** One topic: its sub-topics and one page of its articles (including those in sub-topics). */
export function renderTopicPage(site: SiteInfo, model: TopicPageModel): string {
  const { category, articles } = model;
  const basePath = `/topics/${category.path}`;
  const suffix = pageSuffix(articles);
  const first = (articles.page - 1) * PAGE_SIZE + 1;
  return renderPage({
    site,
    path: articles.page > 1 ? `${basePath}?page=${articles.page}` : basePath,
    title: `${category.name}${suffix}`,
    description: `Articles about ${category.name.toLowerCase()} from the ${site.name} knowledge base.`,
    breadcrumbs: topicCrumbs(model.chain),
    links: [
      ...paginationLinks(basePath, articles),
      { rel: 'alternate', href: `${basePath}/feed.xml`, type: 'application/rss+xml', title: `${category.name} articles (RSS)` },
    ],
    body: html`<h1>${category.name}${suffix}</h1>
      ${category.children.length > 0 ? html`<nav aria-labelledby="subtopics-heading">
        <h2 id="subtopics-heading">Topics within ${category.name}</h2>
        <ul class="sub-categories">
          ${category.children.map((c) => html`<li class="card"><a href="/topics/${c.path}">${c.name}</a> <span class="meta">(${articleCount(c.articleCount)})</span></li>`)}
        </ul>
      </nav>` : ''}
      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading">Articles</h2>
        <p class="meta">${articles.total === 1 ? 'One article' : html`${articles.total} articles`}${articles.pageCount > 1
          ? html`, showing ${first} to ${first + articles.items.length - 1}` : ''}.</p>
        ${renderArticleList(articles.items, { headingLevel: 3, currentCategory: category.path })}
        ${renderPagination(basePath, articles)}
      </section>
      <p><a href="${basePath}/feed.xml">Follow ${category.name} articles by RSS</a></p>`,
  });
}

/** Articles carrying one tag. */
export function renderTagPage(site: SiteInfo, tag: string, articles: Paged<ArticleSummary>): string {
  const basePath = `/tags/${encodeURIComponent(tag)}`;
  const suffix = pageSuffix(articles);
  return renderPage({
    site,
    path: articles.page > 1 ? `${basePath}?page=${articles.page}` : basePath,
    title: `Articles tagged “${tag}”${suffix}`,
    description: `Articles about ${tag} from the ${site.name} knowledge base.`,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Topics', href: '/topics' }, { label: `Tag: ${tag}` }],
    links: paginationLinks(basePath, articles),
    body: html`<h1>Articles tagged “${tag}”${suffix}</h1>
      <p class="meta">${articles.total === 1 ? 'One article' : html`${articles.total} articles`}.</p>
      ${renderArticleList(articles.items, { headingLevel: 2 })}
      ${renderPagination(basePath, articles)}`,
  });
}

/** Home › Topics › each level of the category chain (the last one is the current page). */
export function topicCrumbs(chain: readonly CategoryRef[]): Crumb[] {
  return [
    { label: 'Home', href: '/' },
    { label: 'Topics', href: '/topics' },
    ...chain.map((c) => ({ label: c.name, href: `/topics/${c.path}` })),
  ];
}

function articleCount(n: number): string {
  return n === 1 ? '1 article' : `${n} articles`;
}
