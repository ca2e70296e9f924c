import { html, type SafeHtml } from '../web/html.ts';
import type { SiteInfo } from '../web/layout.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { PROFILE_LIMITS, type ExpertProfile, type ProfileFormValues } from '../experts/index.ts';
import { csrfField, errorSummary, formatTime, renderStaffPage, textField } from './staff-layout.ts';
import type { StaffSession } from './staff-session.ts';

// The console pages for expert profiles: the list, and the form with its photo and publishing.

export interface StaffOption {
  readonly id: string;
  readonly name: string;
}

/** /staff/experts: every profile, published or not. */
export function renderProfileListPage(site: SiteInfo, me: StaffSession, profiles: readonly ExpertProfile[]): string {
  const body = html`<h1>Expert profiles</h1>
    <p><a class="button" href="/staff/experts/new">New profile</a></p>
    ${profiles.length === 0 ? html`<p>No profiles yet.</p>` : html`<table class="staff-table">
      <caption class="visually-hidden">Expert profiles</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Updated</th></tr></thead>
      <tbody>${profiles.map((p) => html`<tr>
        <td><a href="/staff/experts/${p.id}">${p.name}</a></td><td>${p.roleTitle}</td>
        <td>${p.published ? 'Published' : 'Not published'}</td><td>${formatTime(p.updatedAt)}</td>
      </tr>`)}</tbody>
    </table>`}`;
  return renderStaffPage(site, { title: 'Expert profiles', path: '/staff/experts', body, session: me });
}

export interface ProfileFormView {
  readonly profile?: ExpertProfile | undefined;
  readonly values: ProfileFormValues;
  readonly staff: readonly StaffOption[];
  readonly problems?: readonly FieldProblem[];
  /** The photo description typed with a rejected upload. */
  readonly photoAlt?: string;
  readonly notice?: string | undefined;
}

function fieldError(problems: readonly FieldProblem[], field: string): SafeHtml | '' {
  const problem = problems.find((p) => p.field === field)?.message;
  return problem ? html`<p id="${field}-error" class="field-error"><span class="visually-hidden">Error:</span> ${problem}</p>` : '';
}

function describedBy(problems: readonly FieldProblem[], field: string, hint: boolean): SafeHtml {
  const has = problems.some((p) => p.field === field);
  const ids = [hint ? `${field}-hint` : '', has ? `${field}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${has ? html` aria-invalid="true"` : ''}`;
}

/** The profile form (new or edit); for an existing profile also its photo upload and publishing. */
export function renderProfileFormPage(site: SiteInfo, me: StaffSession, view: ProfileFormView): string {
  const { profile, values } = view;
  const problems = view.problems ?? [];
  const action = profile ? `/staff/experts/${profile.id}` : '/staff/experts';
  const title = profile ? `Edit profile: ${profile.name}` : 'New expert profile';
  const cls = (field: string) => `field${problems.some((p) => p.field === field) ? ' field--error' : ''}`;
  const body = html`<h1>${title}</h1>
    <p><a href="/staff/experts">All profiles</a>${profile?.published ? html` · <a href="/experts/${profile.slug}">View on the site</a>` : ''}</p>
    ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
    ${errorSummary(problems)}
    <form method="post" action="${action}" novalidate>
      ${csrfField(me.csrf)}
      ${textField({ name: 'name', label: 'Name', value: values.name, problems, maxlength: PROFILE_LIMITS.name, hint: 'As it should appear on the site, e.g. Dr Ada Lovelace.' })}
      ${textField({ name: 'slug', label: 'Address (slug)', value: values.slug, problems, required: false, hint: 'The profile is at /experts/<slug>. Left empty, it is made from the name.' })}
      ${textField({ name: 'roleTitle', label: 'Role', value: values.roleTitle, problems, maxlength: PROFILE_LIMITS.roleTitle, hint: 'e.g. Consultant nephrologist, Renal dietitian.' })}
      ${textField({ name: 'credentials', label: 'Credentials', value: values.credentials, problems, required: false, maxlength: PROFILE_LIMITS.credentials, hint: 'Shown wherever this person is credited, e.g. MBBS, FRCP.' })}
      ${textField({ name: 'specialties', label: 'Specialties', value: values.specialties, problems, required: false, hint: `Separated by commas; at most ${PROFILE_LIMITS.specialties}.` })}
      <div class="${cls('biography')}">
        <label for="biography">Biography</label>
        <p id="biography-hint" class="hint">Plain text or Markdown (no HTML), at most ${PROFILE_LIMITS.biography.toLocaleString('en')} characters.</p>
        ${fieldError(problems, 'biography')}
        <textarea id="biography" name="biography" rows="10"${describedBy(problems, 'biography', true)}>${values.biography}</textarea>
      </div>
      <div class="${cls('staffId')}">
        <label for="staffId">Staff account</label>
        <p id="staffId-hint" class="hint">Links the profile to the articles this person reviewed and the answers they wrote.</p>
        ${fieldError(problems, 'staffId')}
        <select id="staffId" name="staffId"${describedBy(problems, 'staffId', true)}>
          <option value="">None</option>
          ${view.staff.map((s) => html`<option value="${s.id}"${s.id === values.staffId ? ' selected' : ''}>${s.name}</option>`)}
        </select>
      </div>
      ${textField({ name: 'position', label: 'Position in the list', value: values.position, problems, required: false, inputmode: 'numeric', hint: 'Smaller numbers come first.' })}
      <button class="button" type="submit">${profile ? 'Save' : 'Create profile'}</button>
    </form>
    ${profile ? renderPhotoAndPublishing(me, profile, problems, view.photoAlt ?? profile.photo?.alt ?? '') : ''}`;
  return renderStaffPage(site, { title, path: profile ? `/staff/experts/${profile.id}` : '/staff/experts/new', body, session: me, hasErrors: problems.length > 0 });
}

function renderPhotoAndPublishing(me: StaffSession, profile: ExpertProfile, problems: readonly FieldProblem[], alt: string): SafeHtml {
  const cls = (field: string) => `field${problems.some((p) => p.field === field) ? ' field--error' : ''}`;
  return html`<section aria-labelledby="photo-heading">
      <h2 id="photo-heading">Photo</h2>
      ${profile.photo ? html`<p><img class="expert-photo expert-photo--small" src="/staff/experts/${profile.id}/photo" alt="${profile.photo.alt}" width="${profile.photo.width}" height="${profile.photo.height}"></p>` : html`<p>No photo yet.</p>`}
      <form method="post" action="/staff/experts/${profile.id}/photo?csrf=${encodeURIComponent(me.csrf)}" enctype="multipart/form-data" novalidate>
        <div class="${cls('photoAlt')}">
          <label for="photoAlt">Description of the photo</label>
          <p id="photoAlt-hint" class="hint">For people who cannot see it, e.g. "Ada Lovelace smiling, in a clinic corridor".</p>
          ${fieldError(problems, 'photoAlt')}
          <input id="photoAlt" name="photoAlt" type="text" maxlength="${PROFILE_LIMITS.photoAlt}" value="${alt}"${describedBy(problems, 'photoAlt', true)}>
        </div>
        <div class="${cls('image')}">
          <label for="image">Photo file</label>
          <p id="image-hint" class="hint">JPEG, PNG or WebP, at most 5 MB. It is re-encoded and its metadata (such as location) removed.</p>
          ${fieldError(problems, 'image')}
          <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp"${describedBy(problems, 'image', true)}>
        </div>
        <button class="button" type="submit">Upload photo</button>
      </form>
    </section>
    <section aria-labelledby="publish-heading">
      <h2 id="publish-heading">On the site</h2>
      <p>${profile.published ? 'This profile is published.' : 'This profile is not published: only staff can see it.'}</p>
      <form method="post" action="/staff/experts/${profile.id}/${profile.published ? 'unpublish' : 'publish'}">
        ${csrfField(me.csrf)}
        <button class="button" type="submit">${profile.published ? 'Unpublish' : 'Publish'}</button>
      </form>
    </section>`;
}
