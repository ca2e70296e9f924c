import { errorSummary, antiSpamFields } from '../web/form-parts.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { CONDITIONS, conditionLabel } from '../consultations/index.ts';
import { STORY_CONSENT_TEXT, STORY_LIMITS, type StoryFormValues } from './story-input.ts';
import type { PublicStory } from './story.repository.ts';

// The public story pages. Stories are plain text: each paragraph is escaped and shown with
// dir="auto", so text-direction characters in someone's story stay inside their paragraph.
// The contact address is never passed to these views.

const EXCERPT = 220;
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

function paragraphs(body: string): SafeHtml[] {
  return body.split(/\n{2,}/).map((p) => p.trim()).filter((p) => p !== '')
    .map((p) => html`<p dir="auto">${p.split('\n').map((line, i) => (i === 0 ? line : html`<br>${line}`))}</p>`);
}

function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if ([...flat].length <= EXCERPT) return flat;
  const cut = [...flat].slice(0, EXCERPT).join('');
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT / 2))}\u2026`;
}

function byline(story: PublicStory): SafeHtml {
  return html`<p class="meta"><bdi>${story.displayName}</bdi> · ${conditionLabel(story.condition)}</p>`;
}

/** /stories: published stories, newest first. */
export function renderStoriesPage(site: SiteInfo, stories: readonly PublicStory[]): string {
  const body = html`<h1>Patient stories</h1>
    <p class="lead">People living with kidney disease share what helped them. Every story is published with its author\u2019s consent, under a first name or initials.</p>
    <p><a class="button" href="/stories/share">Share your story</a></p>
    ${stories.length === 0 ? html`<p>No stories have been published yet.</p>` : html`<ul class="article-list">
      ${stories.map((s) => html`<li>
        <h2><a href="/stories/${s.id}" dir="auto">${s.title}</a></h2>
        ${byline(s)}
        <p dir="auto">${excerptOf(s.body)}</p>
      </li>`)}
    </ul>`}
    <p class="meta">Stories describe one person\u2019s experience. They are not medical advice: talk to your own kidney team about your care.</p>`;
  return renderPage({
    site, path: '/stories', title: 'Patient stories', body,
    description: 'Stories from people living with kidney disease, dialysis and transplants, shared with their consent.',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Patient stories' }],
  });
}

/** One published story. */
export function renderStoryPage(site: SiteInfo, story: PublicStory): string {
  const body = html`<article class="article story" aria-labelledby="story-title">
      <h1 id="story-title" dir="auto">${story.title}</h1>
      ${byline(story)}
      <p class="meta">Published ${DATE_FORMAT.format(new Date(story.publishedAt))}</p>
      <div class="article-body">${paragraphs(story.body)}</div>
      <p class="meta">This is one person\u2019s experience, not medical advice. Talk to your own kidney team about your care.</p>
    </article>
    <section class="cta" aria-labelledby="share-heading">
      <h2 id="share-heading">Would you like to share yours?</h2>
      <p>Your story could help someone facing the same thing.</p>
      <p><a class="button" href="/stories/share">Share your story</a></p>
    </section>`;
  return renderPage({
    site, path: `/stories/${story.id}`, title: story.title, body, ogType: 'article',
    description: excerptOf(story.body).slice(0, 160),
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Patient stories', href: '/stories' }, { label: story.title }],
  });
}

export interface ShareFormView {
  readonly values: StoryFormValues;
  readonly problems: readonly FieldProblem[];
  readonly stamp: string;
}

/** The submission form, each problem beside its field and a summary at the top. */
export function renderSharePage(site: SiteInfo, view: ShareFormView): string {
  const { values, problems } = view;
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const described = (field: string, hint = false) => {
    const ids = [hint ? `${field}-hint` : '', problem(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${problem(field) ? html` aria-invalid="true"` : ''}`;
  };
  const error = (field: string) => (problem(field) ? html`<p id="${field}-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem(field)}</p>` : '');
  const field = (name: string) => html`class="field${problem(name) ? ' field--error' : ''}"`;
  const body = html`<h1>Share your story</h1>
    <p class="lead">Tell other patients what living with kidney disease has been like for you, and what helped. We read every story before it is published.</p>
    ${errorSummary(problems)}
    <form class="ask-form" action="/stories/share" method="post" novalidate>
      ${antiSpamFields(view.stamp)}
      <div ${field('displayName')}>
        <label for="displayName">Your first name or initials</label>
        <p id="displayName-hint" class="hint">Shown with your story. To protect your privacy, use your first name or initials only, for example \u201cAnn\u201d or \u201cA. K.\u201d.</p>
        ${error('displayName')}
        <input id="displayName" name="displayName" type="text" autocomplete="given-name" maxlength="${STORY_LIMITS.displayName}" required value="${values.displayName}"${described('displayName', true)}>
      </div>
      <div ${field('condition')}>
        <label for="condition">Your kidney condition</label>
        ${error('condition')}
        <select id="condition" name="condition" required${described('condition')}>
          <option value="">Choose one</option>
          ${CONDITIONS.map((c) => html`<option value="${c.value}"${c.value === values.condition ? ' selected' : ''}>${c.label}</option>`)}
        </select>
      </div>
      <div ${field('title')}>
        <label for="title">A title for your story</label>
        ${error('title')}
        <input id="title" name="title" type="text" maxlength="${STORY_LIMITS.title}" required value="${values.title}"${described('title')}>
      </div>
      <div ${field('body')}>
        <label for="body">Your story</label>
        <p id="body-hint" class="hint">${STORY_LIMITS.bodyMin} to ${STORY_LIMITS.bodyMax.toLocaleString('en')} characters. Please leave out anything that could identify you or others, such as surnames, addresses or the names of hospitals.</p>
        ${error('body')}
        <textarea id="body" name="body" rows="12" maxlength="${STORY_LIMITS.bodyMax}" required${described('body', true)}>${values.body}</textarea>
      </div>
      <div ${field('email')}>
        <label for="email">E-mail address</label>
        <p id="email-hint" class="hint">Never shown. We use it only if we need to ask you about your story, and to send you a private link that withdraws it at any time.</p>
        ${error('email')}
        <input id="email" name="email" type="email" autocomplete="email" maxlength="${STORY_LIMITS.email}" required value="${values.email}"${described('email', true)}>
      </div>
      <div ${field('consent')}>
        ${error('consent')}
        <div class="checkbox">
          <input id="consent" name="consent" type="checkbox" value="yes"${values.consent === 'yes' ? ' checked' : ''}${described('consent')}>
          <label for="consent">${STORY_CONSENT_TEXT}</label>
        </div>
      </div>
      <button class="button" type="submit">Send my story</button>
    </form>`;
  return renderPage({
    site, path: '/stories/share', title: problems.length > 0 ? 'Error: Share your story' : 'Share your story', body,
    description: 'Share your experience of kidney disease with other patients.',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Patient stories', href: '/stories' }, { label: 'Share your story' }],
  });
}

/** After a submission. */
export function renderThanksPage(site: SiteInfo): string {
  const body = html`<h1>Thank you for sharing your story</h1>
    <ul>
      <li>We have sent you an e-mail with a private link. Use it at any time to withdraw your story: it is taken off the site at once.</li>
      <li>A member of our team will read your story before it is published, and may shorten it or correct small mistakes.</li>
    </ul>
    <p><a href="/stories">Read other patients\u2019 stories</a></p>`;
  return renderPage({ site, path: '/stories/share/thanks', title: 'Thank you', body, noindex: true });
}

/** The withdrawal page behind the private link: a confirmation form, or the outcome. */
export function renderWithdrawPage(site: SiteInfo, state: 'confirm' | 'withdrawn' | 'unknown', token: string): string {
  const body = state === 'unknown'
    ? html`<h1>This link does not work</h1><p>The link may be incomplete. Copy the whole address from the e-mail we sent you and try again.</p>`
    : state === 'withdrawn'
      ? html`<h1>Your story has been withdrawn</h1><p>It is no longer on the website and will not be published again. Thank you for having shared it.</p>`
      : html`<h1>Withdraw your story</h1>
        <p>If you withdraw your consent, your story is taken off the website at once and will not be published again. This cannot be undone.</p>
        <form method="post" action="/stories/withdraw/${token}">
          <button class="button" type="submit">Withdraw my story</button>
        </form>`;
  return renderPage({ site, path: '/stories/withdraw', title: state === 'confirm' ? 'Withdraw your story' : state === 'withdrawn' ? 'Story withdrawn' : 'Link not recognised', body, noindex: true });
}

/** When too many forms came from one connection. */
export function renderStoryWaitPage(site: SiteInfo, retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = minutes < 90 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.ceil(minutes / 60)} hours`;
  const body = html`<h1>Please wait before sending another story</h1>
    <p>We have received several forms from your connection recently. To keep the site fair and safe, please try again in about ${wait}.</p>`;
  return renderPage({ site, path: '/stories/share', title: 'Please wait', body, noindex: true });
}
