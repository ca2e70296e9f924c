import { html, type SafeHtml } from '../web/html.ts';

/** What the layout needs to know about the clinic. */
export interface MailSite {
  readonly name: string;
  readonly emergencyNumber: string;
}

/**
 * Who a message is for: the footer's guidance differs. 'patient': someone with a consultation
 * (and so a private case page); 'public': someone who wrote through the contact form or shared a
 * story, who has no case page; 'staff': the clinic's own people.
 */
export type MailAudience = 'patient' | 'public' | 'staff';

/** One mail's content as plain strings; the layout makes the text and the escaped HTML versions. */
export interface MailContent {
  readonly subject: string;
  readonly audience: MailAudience;
  /** Text of the greeting line, e.g. "Hello Ann,"; omitted when undefined. */
  readonly greeting?: string | undefined;
  readonly paragraphs: readonly string[];
  /** The one link of the mail, shown as a button and as a copyable address. */
  readonly action?: { readonly label: string; readonly url: string } | undefined;
  readonly closing?: readonly string[] | undefined;
}

export interface RenderedLayout {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Lays out content as plain text and as HTML; every value is escaped in the HTML version. */
export function layoutMail(content: MailContent, site: MailSite): RenderedLayout {
  if (content.action) assertWebLink(content.action.url);
  const footer = footerLines(content.audience, site);
  return { subject: content.subject, text: layoutText(content, site, footer), html: layoutHtml(content, site, footer).value };
}

function footerLines(audience: MailAudience, site: MailSite): string[] {
  if (audience === 'staff') {
    return [
      `This is an automatic reminder from ${site.name}. Please do not reply to it and do not put medical details in e-mail: answer in the expert console.`,
    ];
  }
  if (audience === 'public') {
    return [
      `This is an automatic message from ${site.name}. Please do not reply to it, and never send medical details by e-mail: to ask our experts about your health, use "Ask an expert" on our website, which keeps your question private.`,
      `If you feel very unwell, contact your kidney team. In an emergency, call ${site.emergencyNumber}.`,
    ];
  }
  return [
    `This is an automatic message from ${site.name}. Please do not reply to it, and never send medical details by e-mail: use your private case page instead.`,
    `If you feel very unwell, contact your kidney team. In an emergency, call ${site.emergencyNumber}.`,
  ];
}

function layoutText(content: MailContent, site: MailSite, footer: readonly string[]): string {
  const blocks: string[] = [site.name];
  if (content.greeting !== undefined) blocks.push(content.greeting);
  blocks.push(...content.paragraphs);
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`);
  blocks.push(...(content.closing ?? []));
  blocks.push(`-- \n${footer.join('\n')}`);
  return `${blocks.join('\n\n')}\n`;
}

const BUTTON = 'display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold';

function layoutHtml(content: MailContent, site: MailSite, footer: readonly string[]): SafeHtml {
  const p = (text: string) => html`<p style="margin:0 0 16px">${text}</p>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.subject}</title>
</head>
<body style="margin:0;padding:0;background:#f4f6f8">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;color:#1b1f23;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<p style="margin:0 0 20px;font-size:18px;font-weight:bold">${site.name}</p>
${content.greeting !== undefined ? p(content.greeting) : ''}
${content.paragraphs.map(p)}
${content.action ? html`<p style="margin:0 0 8px"><a href="${content.action.url}" style="${BUTTON}">${content.action.label}</a></p>
<p style="margin:0 0 16px;font-size:14px;word-break:break-all">Or copy this address into your browser: ${content.action.url}</p>` : ''}
${(content.closing ?? []).map(p)}
<hr style="border:0;border-top:1px solid #d0d7de;margin:24px 0 16px">
${footer.map((line) => html`<p style="margin:0 0 8px;font-size:13px;color:#57606a">${line}</p>`)}
</div>
</body>
</html>
`;
}

/** Links in mail must be absolute http(s) addresses: anything else is a programming error. */
function assertWebLink(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('mail link is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('mail link must be http or https');
  if (/[\s<>"]/.test(url)) throw new Error('mail link contains characters that need encoding');
}
