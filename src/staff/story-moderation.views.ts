import { html } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { conditionLabel } from '../consultations/index.ts';
import { hasPublishableConsent, STORY_LIMITS, type StoryForStaff, type StoryStatus } from '../stories/index.ts';
import { csrfField, errorSummary, formatTime, renderStaffPage, textField } from './staff-layout.ts';
import type { StaffSession } from './staff-session.ts';

// The console pages for moderating patient stories.

const STATUS_LABELS: Record<StoryStatus, string> = {
  submitted: 'Waiting for moderation', published: 'Published', rejected: 'Rejected', withdrawn: 'Withdrawn by its author',
};

/** /staff/stories: submitted first. */
export function renderStoryListPage(site: SiteInfo, me: StaffSession, stories: readonly StoryForStaff[]): string {
  const body = html`<h1>Patient stories</h1>
    ${stories.length === 0 ? html`<p>No stories yet.</p>` : html`<table class="staff-table">
      <caption class="visually-hidden">Patient stories, those waiting for moderation first</caption>
      <thead><tr><th scope="col">Title</th><th scope="col">Name shown</th><th scope="col">Condition</th><th scope="col">State</th><th scope="col">Submitted</th></tr></thead>
      <tbody>${stories.map((s) => html`<tr>
        <td><a href="/staff/stories/${s.id}" dir="auto">${s.title}</a></td><td><bdi>${s.displayName}</bdi></td><td>${conditionLabel(s.condition)}</td>
        <td>${STATUS_LABELS[s.status]}</td><td>${formatTime(s.submittedAt)}</td>
      </tr>`)}</tbody>
    </table>`}`;
  return renderStaffPage(site, { title: 'Patient stories', path: '/staff/stories', body, session: me });
}

export interface StoryPageView {
  readonly story: StoryForStaff;
  readonly values?: { displayName: string; title: string; body: string };
  readonly problems?: readonly FieldProblem[];
  readonly notice?: string | undefined;
}

/** One story: its consent, the edit form and the moderation actions its state allows. */
export function renderStoryModerationPage(site: SiteInfo, me: StaffSession, view: StoryPageView): string {
  const { story } = view;
  const problems = view.problems ?? [];
  const values = view.values ?? { displayName: story.displayName, title: story.title, body: story.body };
  const consent = hasPublishableConsent(story);
  const bodyProblem = problems.find((p) => p.field === 'body')?.message;
  const action = (path: string, label: string) => html`<form class="inline-form" method="post" action="/staff/stories/${story.id}/${path}">${csrfField(me.csrf)}<button class="button" type="submit">${label}</button></form>`;
  const body = html`<h1 dir="auto">${story.title}</h1>
    <p><a href="/staff/stories">All stories</a>${story.status === 'published' ? html` · <a href="/stories/${story.id}">View on the site</a>` : ''}</p>
    ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
    <dl class="facts">
      <dt>State</dt><dd>${STATUS_LABELS[story.status]}</dd>
      <dt>Condition</dt><dd>${conditionLabel(story.condition)}</dd>
      <dt>Consent</dt><dd>${consent ? `Recorded ${formatTime(story.consentedAt)} (wording of ${story.consentVersion})` : story.withdrawnAt ? `Withdrawn ${formatTime(story.withdrawnAt)}` : 'Not recorded: this story cannot be published.'}</dd>
      <dt>Submitted</dt><dd>${formatTime(story.submittedAt)}</dd>
      ${story.publishedAt ? html`<dt>Published</dt><dd>${formatTime(story.publishedAt)}</dd>` : ''}
      <dt>Contact (never shown on the site)</dt><dd>${story.contactEmail}</dd>
    </dl>
    ${story.status === 'withdrawn' ? html`<p>The author withdrew their consent. The story is off the site and cannot be changed or published again.</p>` : html`
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Moderation</h2>
      <div class="actions">
        ${story.status !== 'published' && consent ? action('publish', 'Publish') : ''}
        ${story.status === 'submitted' ? action('reject', 'Reject') : ''}
        ${story.status === 'published' ? action('unpublish', 'Unpublish') : ''}
      </div>
    </section>
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit before publishing</h2>
      <p class="hint">Shorten or correct the story; the author's consent stays as it was recorded.</p>
      ${errorSummary(problems)}
      <form method="post" action="/staff/stories/${story.id}" novalidate>
        ${csrfField(me.csrf)}
        ${textField({ name: 'displayName', label: 'Name shown (first name or initials)', value: values.displayName, problems, maxlength: STORY_LIMITS.displayName })}
        ${textField({ name: 'title', label: 'Title', value: values.title, problems, maxlength: STORY_LIMITS.title })}
        <div class="field${bodyProblem ? ' field--error' : ''}">
          <label for="body">Story</label>
          <p id="body-hint" class="hint">Plain text, ${STORY_LIMITS.bodyMin} to ${STORY_LIMITS.bodyMax.toLocaleString('en')} characters.</p>
          ${bodyProblem ? html`<p id="body-error" class="field-error"><span class="visually-hidden">Error:</span> ${bodyProblem}</p>` : ''}
          <textarea id="body" name="body" rows="14" aria-describedby="body-hint${bodyProblem ? ' body-error' : ''}"${bodyProblem ? html` aria-invalid="true"` : ''}>${values.body}</textarea>
        </div>
        <button class="button" type="submit">Save changes</button>
      </form>
    </section>`}`;
  return renderStaffPage(site, { title: `Story: ${story.title}`, path: `/staff/stories/${story.id}`, body, session: me, hasErrors: problems.length > 0 });
}
