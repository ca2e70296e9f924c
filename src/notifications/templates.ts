import { layoutMail, type MailContent, type MailSite } from './mail-layout.ts';

// Every mail KidneyDesk sends is made here. Mail is not a private channel, so no template ever
// carries health data: patients get a case reference and a link to their private case page,
// staff get a reference and a deadline. Values are used as plain strings (no template language),
// so whatever a patient typed renders literally, and the layout escapes it for HTML.

/** Values of the mails about a patient's case: the reference and the private case link. */
export interface CaseLinkValues {
  readonly caseReference: string;
  /** Absolute link to the private case page. */
  readonly link: string;
  readonly recipientName?: string | undefined;
}

export interface StaffReminderValues {
  readonly caseReference: string;
  readonly deadline: Date;
  /** Absolute link to the case in the expert console. */
  readonly link: string;
  readonly recipientName?: string | undefined;
}

/** Values of the staff account mails: a one-time link and how long it works. */
export interface StaffLinkValues {
  /** Absolute one-time link to the staff console's set-up or reset page. */
  readonly link: string;
  readonly validHours: number;
  readonly recipientName?: string | undefined;
}

/** Values of the mail to someone who shared their story: the private withdrawal link. */
export interface StoryReceivedValues {
  /** Absolute private link that withdraws the story. */
  readonly link: string;
  readonly recipientName?: string | undefined;
}

export interface ContactAcknowledgementValues {
  readonly recipientName?: string | undefined;
  readonly reference?: string | undefined;
}

/** A staff member's reply to a contact message. The sender wrote by e-mail, so the reply text goes in the mail. */
export interface ContactReplyValues {
  readonly reference: string;
  /** The reply as typed; each line becomes a paragraph, shown literally. */
  readonly reply: string;
  /** Absolute link to the contact form, for writing again. */
  readonly link: string;
  readonly recipientName?: string | undefined;
}

const TEMPLATES = {
  'case-received': (v: CaseLinkValues, site: MailSite): MailContent => ({
    subject: `${site.name}: we have received your question (${oneLine(v.caseReference)})`,
    audience: 'patient',
    greeting: greeting(v.recipientName),
    paragraphs: [
      'Thank you for your question. We have received it, and a member of our kidney team will reply.',
      `Your case reference is ${oneLine(v.caseReference)}. You can read our reply, and add to your question, on your private case page.`,
    ],
    action: { label: 'Open your private case page', url: v.link },
    closing: [
      'Keep this link private: anyone who has it can open your case page.',
      'If you did not send us a question, you can ignore this e-mail.',
    ],
  }),

  'case-link-resend': (v: CaseLinkValues, site: MailSite): MailContent => ({
    subject: `${site.name}: the link to your case (${oneLine(v.caseReference)})`,
    audience: 'patient',
    greeting: greeting(v.recipientName),
    paragraphs: [`You asked us to send the link to your private case page again. Your case reference is ${oneLine(v.caseReference)}.`],
    action: { label: 'Open your private case page', url: v.link },
    closing: [
      'Keep this link private: anyone who has it can open your case page.',
      'If you did not ask for this, you can ignore this e-mail. Your case stays private.',
    ],
  }),

  'case-answered': (v: CaseLinkValues, site: MailSite): MailContent => ({
    subject: `${site.name}: there is a reply to your question (${oneLine(v.caseReference)})`,
    audience: 'patient',
    greeting: greeting(v.recipientName),
    paragraphs: [
      `Our kidney team has replied to your question (reference ${oneLine(v.caseReference)}).`,
      'To keep your health information private, the reply is not in this e-mail. Please read it on your private case page.',
    ],
    action: { label: 'Read the reply', url: v.link },
  }),

  'staff-reminder': (v: StaffReminderValues, site: MailSite): MailContent => ({
    subject: `${site.name}: case ${oneLine(v.caseReference)} is due by ${formatDeadline(v.deadline)}`,
    audience: 'staff',
    greeting: greeting(v.recipientName),
    paragraphs: [`Case ${oneLine(v.caseReference)} is waiting for a reply. It is due by ${formatDeadline(v.deadline)}.`],
    action: { label: 'Open the case in the expert console', url: v.link },
  }),

  'contact-acknowledgement': (v: ContactAcknowledgementValues, site: MailSite): MailContent => ({
    subject: `${site.name}: we have received your message`,
    audience: 'public',
    greeting: greeting(v.recipientName),
    paragraphs: [
      `Thank you for contacting ${site.name}. We have received your message and will reply as soon as we can.`,
      ...(v.reference !== undefined ? [`Your reference is ${oneLine(v.reference)}.`] : []),
    ],
  }),

  'contact-reply': (v: ContactReplyValues, site: MailSite): MailContent => ({
    subject: `${site.name}: our reply to your message (${oneLine(v.reference)})`,
    audience: 'public',
    greeting: greeting(v.recipientName),
    paragraphs: [
      `Thank you for your message (reference ${oneLine(v.reference)}). Here is our reply:`,
      ...v.reply.split(/\r\n?|\n/).map((line) => line.trim()).filter((line) => line !== ''),
    ],
    action: { label: 'Write to us again', url: v.link },
    closing: ['To write to us again, please use the contact form rather than replying to this e-mail.'],
  }),

  'staff-setup': (v: StaffLinkValues, site: MailSite): MailContent => ({
    subject: `${site.name}: set up your staff account`,
    audience: 'staff',
    greeting: greeting(v.recipientName),
    paragraphs: [
      `An account has been made for you in the ${site.name} staff console. Use the link below to choose your password and, if your role needs it, set up sign-in codes on your phone.`,
      `The link works once, for ${v.validHours} hours.`,
    ],
    action: { label: 'Set up your account', url: v.link },
    closing: ['If you did not expect this, you can ignore this e-mail; nothing happens unless the link is used.'],
  }),

  'staff-password-reset': (v: StaffLinkValues, site: MailSite): MailContent => ({
    subject: `${site.name}: reset your staff password`,
    audience: 'staff',
    greeting: greeting(v.recipientName),
    paragraphs: [
      `Someone asked to reset the password of your ${site.name} staff account. Use the link below to choose a new one. Your sign-in codes stay as they are.`,
      `The link works once, for ${v.validHours === 1 ? 'one hour' : `${v.validHours} hours`}.`,
    ],
    action: { label: 'Choose a new password', url: v.link },
    closing: ['If you did not ask for this, you can ignore this e-mail: your password has not changed.'],
  }),

  'story-received': (v: StoryReceivedValues, site: MailSite): MailContent => ({
    subject: `${site.name}: thank you for sharing your story`,
    audience: 'public',
    greeting: greeting(v.recipientName),
    paragraphs: [
      'Thank you for sharing your story with us. A member of our team will read it before anything is published, and may shorten it or correct small mistakes.',
      'You can change your mind at any time. The link below withdraws your consent: your story is taken off the website at once and will not be published again.',
    ],
    action: { label: 'Withdraw my story', url: v.link },
    closing: [
      'Keep this link private: anyone who has it can withdraw your story.',
      'If you did not send us a story, you can ignore this e-mail.',
    ],
  }),
} as const;

type Templates = typeof TEMPLATES;

/** The name of a mail template; stored as the outbox message's `kind`. */
export type MailKind = keyof Templates;

/** The values a template takes. */
export type MailValues<K extends MailKind> = Parameters<Templates[K]>[0];

/** A rendered mail, ready to be spread into `enqueueMail`. */
export interface RenderedMail {
  readonly kind: MailKind;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const MAIL_KINDS = Object.keys(TEMPLATES) as MailKind[];

/** Renders a template to a subject, a plain-text body and an HTML body (values escaped). */
export function renderMail<K extends MailKind>(kind: K, values: MailValues<K>, site: MailSite): RenderedMail {
  const template = TEMPLATES[kind] as (values: MailValues<K>, site: MailSite) => MailContent;
  const content = template(values, site);
  return { kind, ...layoutMail({ ...content, subject: oneLine(content.subject) }, site) };
}

function greeting(name: string | undefined): string | undefined {
  const clean = name === undefined ? '' : oneLine(name).slice(0, 100);
  return clean === '' ? undefined : `Hello ${clean},`;
}

/** Collapses line breaks, control characters and runs of spaces so a value cannot add lines or headers. */
function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029\s]+/gu, ' ').trim();
}

const DEADLINE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

function formatDeadline(deadline: Date): string {
  return `${DEADLINE_FORMAT.format(deadline)} UTC`;
}
