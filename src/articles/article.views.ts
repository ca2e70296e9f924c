import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type Crumb, type SiteInfo } from '../web/layout.ts';
import type { Article, ArticleLink } from './article.repository.ts';
import { addMonths, renderDate } from './article-list.views.ts';
import { renderArticleBody } from './markdown.ts';
import type { RelatedArticle } from './related-articles.ts';

/** The reviewer's published expert profile, credited on the article page. */
export interface ReviewerCredit {
  readonly name: string;
  readonly credentials: string;
  /** Site-relative address of the profile, `/experts/<slug>`. */
  readonly href: string;
}

export interface ArticlePageModel {
  readonly article: Article;
  readonly reviewer?: ReviewerCredit | undefined;
  readonly previous?: ArticleLink | undefined;
  readonly next?: ArticleLink | undefined;
  readonly related: readonly RelatedArticle[];
}

// Ids this page uses itself; headings in the article body must not take them.
const PAGE_IDS: ReadonlySet<string> = new Set(['article-title', 'toc-heading', 'tags-heading', 'related-heading', 'ask-heading']);
const REVIEW_INTERVAL_MONTHS = 12;

/** When the article is next due for medical review: the date set for it, else a year after the last review. */
export function nextReviewDue(article: Pick<Article, 'nextReviewOn' | 'reviewedOn'>): string | null {
  return article.nextReviewOn ?? (article.reviewedOn ? addMonths(article.reviewedOn, REVIEW_INTERVAL_MONTHS) : null);
}

/** Home › each category level › the article. */
export function articleCrumbs(article: Article): Crumb[] {
  return [
    { label: 'Home', href: '/' },
    ...article.categoryChain.map((c) => ({ label: c.name, href: `/topics/${c.path}` })),
    { label: article.title },
  ];
}

/** The article page. */
export function renderArticlePage(site: SiteInfo, model: ArticlePageModel): string {
  const { article } = model;
  const path = `/articles/${article.slug}`;
  const crumbs = articleCrumbs(article);
  const body = renderArticleBody(article.body, { reservedIds: PAGE_IDS });
  const sections = body.headings.filter((h) => h.level === 2);
  const reviewDue = nextReviewDue(article);
  const category = article.categoryChain.at(-1) ?? article.category;
  return renderPage({
    site,
    path,
    title: article.title,
    description: article.summary,
    breadcrumbs: crumbs,
    ogType: 'article',
    jsonLd: articleJsonLd(site, article, crumbs),
    body: html`<div class="layout-2col">
      <article class="article" aria-labelledby="article-title">
        <h1 id="article-title">${article.title}</h1>
        <p class="summary">${article.summary}</p>
        ${article.isSample ? html`<p class="sample-notice"><strong>Sample content — not medical advice.</strong>
          This article is example text that shows how the site works. Always follow the advice of your own kidney team.</p>` : ''}
        <ul class="article-dates">
          <li>Published ${renderDate(article.publishedOn)}</li>
          ${article.updatedOn !== article.publishedOn ? html`<li>Last updated ${renderDate(article.updatedOn)}</li>` : ''}
          ${article.reviewedOn ? html`<li>Last reviewed ${renderDate(article.reviewedOn)}</li>` : ''}
          ${reviewDue ? html`<li>Next review due ${renderDate(reviewDue)}</li>` : ''}
          ${model.reviewer ? html`<li class="reviewer-credit">Reviewed by <a href="${model.reviewer.href}">${model.reviewer.name}</a>${model.reviewer.credentials ? `, ${model.reviewer.credentials}` : ''}</li>`
            : article.reviewedBy ? html`<li>Reviewed by ${article.reviewedBy}</li>` : ''}
        </ul>
        ${sections.length >= 3 ? html`<nav class="toc" aria-labelledby="toc-heading">
          <h2 id="toc-heading" class="toc-title">On this page</h2>
          <ul>${sections.map((h) => html`<li><a href="#${h.id}">${h.text}</a></li>`)}</ul>
        </nav>` : ''}
        <div class="article-body">${body.html}</div>
        ${article.tags.length > 0 ? html`<nav class="article-tags" aria-labelledby="tags-heading">
          <h2 id="tags-heading">Tags</h2>
          <ul class="tag-list">${article.tags.map((t) => html`<li><a href="/tags/${encodeURIComponent(t)}">${t}</a></li>`)}</ul>
        </nav>` : ''}
        ${renderPreviousNext(category.name, model)}
      </article>
      ${model.related.length > 0 ? html`<aside class="related" aria-labelledby="related-heading">
        <h2 id="related-heading">Related articles</h2>
        <ul class="article-list">
          ${model.related.map((r) => html`<li><h3><a href="/articles/${r.slug}">${r.title}</a></h3><p>${r.excerpt}</p></li>`)}
        </ul>
      </aside>` : ''}
    </div>
    <section class="cta" aria-labelledby="ask-heading">
      <h2 id="ask-heading">Still have a question?</h2>
      <p>Our kidney experts can answer questions this article does not cover, in plain language and in private.</p>
      <p><a class="button" href="/ask">Ask an expert</a></p>
    </section>`,
  });
}

function renderPreviousNext(categoryName: string, model: ArticlePageModel): SafeHtml {
  if (!model.previous && !model.next) return html``;
  return html`<nav aria-label="More in ${categoryName}">
    <ul class="prev-next">
      ${model.previous ? html`<li class="prev"><a href="/articles/${model.previous.slug}" rel="prev"><span class="meta">Previous:</span> ${model.previous.title}</a></li>` : ''}
      ${model.next ? html`<li class="next"><a href="/articles/${model.next.slug}" rel="next"><span class="meta">Next:</span> ${model.next.title}</a></li>` : ''}
    </ul>
  </nav>`;
}

/** schema.org MedicalWebPage data for search engines, matching what the page shows. */
export function articleJsonLd(site: SiteInfo, article: Article, crumbs: readonly Crumb[]): Record<string, unknown> {
  const url = `${site.baseUrl}/articles/${article.slug}`;
  const about = [...new Map([article.category.name, ...article.tags].map((n) => [n.toLowerCase(), n])).values()];
  return {
    '@context': 'https://schema.org',
    '@type': 'MedicalWebPage',
    name: article.title,
    headline: article.title,
    description: article.summary,
    url,
    inLanguage: 'en',
    datePublished: article.publishedOn,
    dateModified: article.updatedOn,
    ...(article.reviewedOn ? { lastReviewed: article.reviewedOn } : {}),
    ...(article.reviewedBy ? { reviewedBy: { '@type': 'Person', name: article.reviewedBy } } : {}),
    about: about.map((name) => ({ '@type': 'Thing', name })),
    keywords: article.tags.join(', '),
    publisher: { '@type': 'Organization', name: site.name, url: site.baseUrl },
    breadcrumb: {
      '@type': 'BreadcrumbList',
      itemListElement: crumbs.map((c, i) => ({
        '@type': 'ListItem',
        position: i + 1,
        name: c.label,
        item: `${site.baseUrl}${c.href ?? `/articles/${article.slug}`}`,
      })),
    },
  };
}
