import { html } from '../web/html.ts';
import { renderPage, type SiteInfo } from '../web/layout.ts';

// The privacy notice and the accessibility statement: fixed text, written for patients.
// Both are templates the clinic adapts before the site goes live; the pages say so.

/** How long closed consultations are kept by default (the deployment may change it). */
export const DEFAULT_RETENTION_DAYS = 180;
/** After how many quiet days an answered consultation is closed by default. */
export const DEFAULT_AUTO_CLOSE_DAYS = 30;

/** /privacy: what the ask-an-expert service collects, why, for how long, who sees it, and your rights. */
export function renderPrivacyPage(site: SiteInfo, retentionDays: number = DEFAULT_RETENTION_DAYS, autoCloseDays: number = DEFAULT_AUTO_CLOSE_DAYS): string {
  return renderPage({
    site,
    path: '/privacy',
    title: 'Privacy notice',
    description: `What ${site.name} collects when you ask an expert, why, how long it is kept, who can see it and how to have it deleted.`,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Privacy notice' }],
    body: html`<h1>Privacy notice</h1>
      <div class="sample-notice">
        <p><strong>Template — the clinic must adapt this notice.</strong> It describes how this software handles personal data.
          Before the site goes live, the clinic running it must add who is responsible for the data and how to contact them,
          the legal basis that applies in its country, the period it keeps closed consultations for, and anything it does differently.</p>
      </div>
      <p class="lead">${site.name} only asks for what it needs to answer your question, keeps it private, and deletes it when it is no longer needed.</p>

      <h2>Reading articles and using the calculator</h2>
      <p>You can read the articles, search and use the eGFR calculator without giving us anything about yourself.
        We do not use advertising or tracking cookies. What you type into the search box or the calculator is not saved with your name;
        the calculator's numbers are only part of the page address, so that you can share or bookmark your result, and our logs leave the address's question part out.</p>

      <h2>What we collect when you ask an expert</h2>
      <ul>
        <li>Your name and e-mail address, and a phone number if you give one.</li>
        <li>Your kidney condition and, if you give it, your latest creatinine result and the date of the test.</li>
        <li>Your question, your follow-up messages and our experts' answers.</li>
        <li>Medical reports you choose to upload (PDF, JPEG or PNG). Pictures are saved again without hidden details such as location.</li>
        <li>Your network address, kept for a short time in the server's memory only, to stop automated mass submissions. It is not saved with your question.</li>
      </ul>

      <h2>Why we use it</h2>
      <ul>
        <li>To answer your question and any follow-up questions.</li>
        <li>To spot questions that sound urgent, so that we can tell you straight away to get help and read them first.</li>
        <li>To send you e-mails with a private link to your answer. Our e-mails never contain health details.</li>
      </ul>
      <p>We do not sell or share what you send us, and we do not use it for marketing.</p>

      <h2>How long we keep it</h2>
      <p>When your consultation is closed, it is deleted automatically, with its messages and reports, ${retentionDays} days later.
        The clinic chooses this period: the clinic may set a different one, and this page always shows the one in use. If you ask us to delete it sooner (from your case page), a member of staff confirms and it is deleted at once. The private link to your case also stops working after a while;
        you can ask for a fresh one from the case page.
        An answered consultation with no new message for ${autoCloseDays} days is closed for you; writing to us on your case page opens it again until it is deleted.</p>
      <p>Messages sent through the contact form are deleted ${retentionDays} days after they arrive, with our replies.
        A patient story you share is published only while you agree to it: the link in the e-mail we send you takes it off the site at once.</p>

      <h2>How we protect it</h2>
      <ul>
        <li>Medical reports are stored encrypted, each with its own key.</li>
        <li>Your case page can only be opened with the private link we send you.</li>
        <li>Staff who can open consultations sign in with a password and a code from their phone.</li>
      </ul>

      <h2>Who can see it</h2>
      <p>Only the clinic's kidney experts, and the few staff who run the service, can open your consultation.
        Every time a member of staff opens or changes a consultation, it is recorded in an audit log that cannot be altered, so the clinic can check who looked at what.</p>

      <h2>Your rights</h2>
      <ul>
        <li>You can read everything you sent and every answer on your case page.</li>
        <li>You can close your consultation, or ask for it to be deleted with everything in it, from your case page at any time.</li>
        <li>You can ask the clinic for a copy of your data, to correct it, or complain to your country's data protection authority.</li>
      </ul>
      <p>See also our <a href="/accessibility">accessibility statement</a>.</p>`,
  });
}

/** /accessibility: the target, how the site is tested, what is known not to work, how to report a problem. */
export function renderAccessibilityPage(site: SiteInfo): string {
  return renderPage({
    site,
    path: '/accessibility',
    title: 'Accessibility statement',
    description: `How ${site.name} aims to be usable by everyone, how it is tested, known limitations, and how to report a problem.`,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Accessibility statement' }],
    body: html`<h1>Accessibility statement</h1>
      <div class="sample-notice">
        <p><strong>Template — the clinic must adapt this statement.</strong> Add the date it was last checked and how to contact the clinic about accessibility.</p>
      </div>
      <p class="lead">We want everyone to be able to use ${site.name}, including people who use a screen reader, a keyboard only, magnification or voice control.</p>

      <h2>Our target</h2>
      <p>We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.</p>

      <h2>What you can expect</h2>
      <ul>
        <li>Every page works without JavaScript. With JavaScript, some things are quicker, such as search suggestions and the eGFR calculator's instant result.</li>
        <li>You can reach everything with a keyboard, and a "Skip to main content" link is the first thing on each page.</li>
        <li>Form problems are shown beside the field they belong to and listed at the top of the form.</li>
        <li>Articles are written in plain language, and medical words are explained.</li>
      </ul>

      <h2>How we test</h2>
      <ul>
        <li>Automated checks with axe on the main pages and on forms with and without errors, run in a real browser with every change. A serious or critical problem stops the change.</li>
        <li>Keyboard-only checks of the search box, the ask-an-expert form and the eGFR calculator.</li>
        <li>Checks that pages work with JavaScript turned off.</li>
      </ul>

      <h2>Known limitations</h2>
      <ul>
        <li>Medical reports you upload are shown as they are. We cannot make a scanned report readable by a screen reader.</li>
        <li>Automated tools find only some problems, and we have not yet had the site tested by disabled users.</li>
      </ul>

      <h2>Tell us about a problem</h2>
      <p>If something on this site is hard to use, please tell us what page it was and what went wrong. You can
        <a href="/ask">send us a message through the ask-an-expert form</a>: say it is about accessibility, and we will reply in the format you ask for.</p>
      <p>See also our <a href="/privacy">privacy notice</a>.</p>`,
  });
}
