import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import { renderArticleBody, renderArticleList, type ArticleSummary } from '../articles/index.ts';
import type { ExpertProfile } from './expert.repository.ts';

// The public pages: the list of experts and one expert's profile.

const PROFILE_IDS: ReadonlySet<string> = new Set(['expert-name', 'about-heading', 'reviewed-heading', 'answers-heading', 'ask-heading']);

function photo(profile: ExpertProfile, className: string): SafeHtml | '' {
  const p = profile.photo;
  return p ? html`<img class="${className}" src="${p.url}" alt="${p.alt}" width="${p.width}" height="${p.height}" loading="lazy">` : '';
}

function specialtyList(profile: ExpertProfile, label: string): SafeHtml | '' {
  return profile.specialties.length > 0
    ? html`<ul class="specialty-list" aria-label="${label}">${profile.specialties.map((s) => html`<li>${s}</li>`)}</ul>` : '';
}

/** /experts: everyone whose profile is published, with photo, role, credentials and specialties. */
export function renderExpertsPage(site: SiteInfo, profiles: readonly ExpertProfile[]): string {
  const body = html`<h1>Our kidney experts</h1>
    <p class="lead">The nurses, dietitians and doctors who review our articles and answer your questions.</p>
    ${profiles.length === 0 ? html`<p>Profiles of our experts will appear here soon.</p>` : html`<ul class="expert-list">
      ${profiles.map((p) => html`<li class="card expert-card">
        ${photo(p, 'expert-photo expert-photo--small')}
        <h2><a href="/experts/${p.slug}">${p.name}</a></h2>
        <p class="expert-role">${p.roleTitle}</p>
        ${p.credentials ? html`<p class="meta">${p.credentials}</p>` : ''}
        ${specialtyList(p, `Specialties of ${p.name}`)}
      </li>`)}
    </ul>`}
    <section class="cta" aria-labelledby="ask-heading">
      <h2 id="ask-heading">Have a question?</h2>
      <p>Our experts answer in writing and in private, in plain language.</p>
      <p><a class="button" href="/ask">Ask an expert</a></p>
    </section>`;
  return renderPage({
    site, path: '/experts', title: 'Our kidney experts', body,
    description: 'The kidney nurses, dietitians and doctors who review our articles and answer patients\u2019 questions.',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Our experts' }],
  });
}

/** One expert: profile, the articles they reviewed, and how many answers they have written (a number only). */
export function renderExpertPage(site: SiteInfo, profile: ExpertProfile, reviewed: readonly ArticleSummary[], answers: number): string {
  const bio = profile.biography === '' ? undefined : renderArticleBody(profile.biography, { reservedIds: PROFILE_IDS });
  const body = html`<article class="expert-profile" aria-labelledby="expert-name">
      ${photo(profile, 'expert-photo')}
      <h1 id="expert-name">${profile.name}</h1>
      <p class="expert-role">${profile.roleTitle}</p>
      ${profile.credentials ? html`<p class="meta">Credentials: ${profile.credentials}</p>` : ''}
      ${specialtyList(profile, 'Specialties')}
      ${bio ? html`<section aria-labelledby="about-heading">
        <h2 id="about-heading">About ${profile.name}</h2>
        <div class="article-body">${bio.html}</div>
      </section>` : ''}
      <section aria-labelledby="reviewed-heading">
        <h2 id="reviewed-heading">Articles reviewed</h2>
        ${reviewed.length > 0 ? renderArticleList(reviewed, { headingLevel: 3 }) : html`<p>No published articles name ${profile.name} as their reviewer yet.</p>`}
      </section>
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">Answers to patients</h2>
        <p>${answers === 0 ? 'No answers written yet.' : `${answers.toLocaleString('en')} answer${answers === 1 ? '' : 's'} written to patients\u2019 questions.`}</p>
      </section>
    </article>
    <section class="cta" aria-labelledby="ask-heading">
      <h2 id="ask-heading">Have a question?</h2>
      <p>Our kidney experts answer in private, in plain language.</p>
      <p><a class="button" href="/ask">Ask an expert</a></p>
    </section>`;
  return renderPage({
    site, path: `/experts/${profile.slug}`, title: profile.name, body,
    description: `${profile.name}, ${profile.roleTitle}${profile.credentials ? ` (${profile.credentials})` : ''}.`,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Our experts', href: '/experts' }, { label: profile.name }],
    jsonLd: {
      '@context': 'https://schema.org', '@type': 'Person', name: profile.name, jobTitle: profile.roleTitle,
      ...(profile.credentials ? { hasCredential: profile.credentials } : {}), url: `${site.baseUrl}/experts/${profile.slug}`,
    },
  });
}
