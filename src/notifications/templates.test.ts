import { it } from 'node:test';
import assert from 'node:assert/strict';
import { renderMail, MAIL_KINDS } from './templates.ts';

const SITE = { name: 'St Mary\'s <Renal> & Transplant', emergencyNumber: '112' };
const LINK = 'https://kidney.example/cases/abc?x=1&y=2';

it('renders values literally: no template language, and every value escaped in the HTML', () => {
  const hostile = '{{7*7}} ${7*7} <script>alert(1)</script> "quoted" \'single\'';
  const mail = renderMail('case-received', { caseReference: 'KD-7Q2M', link: LINK, recipientName: hostile }, SITE);
  assert.match(mail.text, /Hello \{\{7\*7\}\} \$\{7\*7\} <script>alert\(1\)<\/script> "quoted" 'single',/);
  assert.ok(mail.html.includes('Hello {{7*7}} ${7*7} &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39;,'));
  assert.doesNotMatch(mail.html, /<script|Hello 49/);
  assert.ok(mail.html.includes('St Mary&#39;s &lt;Renal&gt; &amp; Transplant'));
  assert.ok(mail.html.includes('href="https://kidney.example/cases/abc?x=1&amp;y=2"'));
  assert.ok(mail.text.includes(LINK));
  assert.equal(mail.kind, 'case-received');
  assert.equal(mail.subject, 'St Mary\'s <Renal> & Transplant: we have received your question (KD-7Q2M)');
});

it('keeps every value on one line, so nothing typed can add a line to the subject or the text', () => {
  const mail = renderMail('case-link-resend', { caseReference: 'KD-1\r\nBcc: eve@evil.example', link: LINK, recipientName: 'Ann\n\nYour results: see attached' }, SITE);
  assert.doesNotMatch(mail.subject, /[\r\n]/);
  assert.equal(mail.subject, 'St Mary\'s <Renal> & Transplant: the link to your case (KD-1 Bcc: eve@evil.example)');
  assert.match(mail.text, /^Hello Ann Your results: see attached,$/m);
});

it('puts the clinic name and the do-not-reply-with-medical-details guidance in every mail', () => {
  const all = [
    renderMail('case-received', { caseReference: 'KD-1', link: LINK }, SITE),
    renderMail('case-link-resend', { caseReference: 'KD-1', link: LINK }, SITE),
    renderMail('case-answered', { caseReference: 'KD-1', link: LINK }, SITE),
    renderMail('staff-reminder', { caseReference: 'KD-1', link: LINK, deadline: new Date('2026-11-24T18:10:00Z') }, SITE),
    renderMail('contact-acknowledgement', { recipientName: 'Ann', reference: 'C-9' }, SITE),
    renderMail('contact-reply', { reference: 'M-9', reply: 'Parking is free.', link: LINK, recipientName: 'Ann' }, SITE),
    renderMail('staff-setup', { link: LINK, validHours: 72, recipientName: 'Bo' }, SITE),
    renderMail('staff-password-reset', { link: LINK, validHours: 1 }, SITE),
    renderMail('story-received', { link: LINK, recipientName: 'Ann' }, SITE),
  ];
  assert.deepEqual(all.map((m) => m.kind), MAIL_KINDS);
  for (const mail of all) {
    assert.ok(mail.text.startsWith('St Mary\'s <Renal> & Transplant\n'), mail.kind);
    assert.match(mail.text, /do not (reply|put medical details)[^\n]*medical details/i, mail.kind);
    assert.match(mail.text, /\n-- \n/, mail.kind);
    assert.match(mail.html, /<html lang="en">[\s\S]*<title>[^<]*<\/title>[\s\S]*medical details/, mail.kind);
  }
  assert.match(all[0]!.text, /In an emergency, call 112\./);
  assert.equal(all[3]!.subject, 'St Mary\'s <Renal> & Transplant: case KD-1 is due by Tue, 24 Nov 2026, 18:10 UTC');
  assert.match(all[4]!.text, /Your reference is C-9\./);
  assert.doesNotMatch(all[4]!.text, /https?:/);
  // Patients with a consultation are sent to their case page; people who only wrote to us have none.
  for (const mail of [all[0]!, all[1]!, all[2]!]) assert.match(mail.text, /use your private case page/, mail.kind);
  for (const mail of [all[4]!, all[5]!, all[8]!]) {
    assert.doesNotMatch(mail.text, /case page/, mail.kind);
    assert.match(mail.text, /use "Ask an expert" on our website/, mail.kind);
    assert.match(mail.text, /In an emergency, call 112\./, mail.kind);
  }
});

it('the answered mail carries the link, never the answer; a missing name leaves out the greeting', () => {
  const mail = renderMail('case-answered', { caseReference: 'KD-2', link: LINK }, SITE);
  assert.match(mail.text, /the reply is not in this e-mail/);
  assert.doesNotMatch(mail.text, /Hello/);
  assert.equal(renderMail('case-answered', { caseReference: 'KD-2', link: LINK, recipientName: '  \n ' }, SITE).text, mail.text);
});

it('refuses links that are not absolute http(s) addresses', () => {
  for (const link of ['javascript:alert(1)', '/cases/abc', 'data:text/html,hi', 'https://kidney.example/a b', 'https://kidney.example/"><script>']) {
    assert.throws(() => renderMail('case-received', { caseReference: 'KD-1', link }, SITE), /mail link/, link);
  }
});

it('the contact reply carries the reply text line by line, literally, escaped in the HTML', () => {
  const reply = 'Thank you for asking.\r\n\r\n<b>Parking</b> is free {{7*7}}.\nSee you soon.';
  const mail = renderMail('contact-reply', { reference: 'M-7Q2M3X', reply, link: 'https://kidney.example/contact', recipientName: 'Zoë' }, SITE);
  assert.equal(mail.subject, 'St Mary\'s <Renal> & Transplant: our reply to your message (M-7Q2M3X)');
  assert.match(mail.text, /Hello Zoë,\n\nThank you for your message \(reference M-7Q2M3X\)\. Here is our reply:\n\nThank you for asking\.\n\n<b>Parking<\/b> is free \{\{7\*7\}\}\.\n\nSee you soon\./);
  assert.ok(mail.html.includes('&lt;b&gt;Parking&lt;/b&gt; is free {{7*7}}.'));
  assert.doesNotMatch(mail.html, /<b>Parking/);
  assert.ok(mail.text.includes('https://kidney.example/contact'));
});
