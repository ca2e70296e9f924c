import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type TestServer } from '../browser.ts';
import { startTestSmtpServer, waitForMail, type ReceivedMail, type TestSmtpServer } from '../../src/notifications/smtp-test-server.ts';
import { buildPdf } from '../fixtures/upload-fixtures.ts';
import { ROUTINE_QUESTION } from '../ask-fixtures.ts';
import { createMember, type TestMember } from '../../src/staff/staff.fixtures.ts';
import { totpCode } from '../../src/staff/totp.ts';

// A day's work in the console, in Chromium, on both databases: a patient asks (with a report);
// an expert signs in with a one-time code, finds the consultation in the queue, opens it and its
// report, answers; the patient gets the e-mail on a real SMTP server and reads the answer on
// their page; the promise dashboard counts it as answered within the target. axe and the CSP
// watch every console page on the way.

const { skip, browser: theBrowser } = useBrowser();

const REFERENCE = /KD-[0-9A-Z]{4}-[0-9A-Z]{2}/;
const ANSWER = 'Thank you for writing. Cramps near the end of a session usually mean **too much fluid came off too fast**.';

describeEachDatabase('the expert console in a browser', (kind) => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let expert: TestMember;
  // A second expert: a one-time code is never accepted twice, so each test signs in as someone else.
  let colleague: TestMember;

  before(async () => {
    if (skip) return;
    smtp = await startTestSmtpServer();
    server = await startServer(kind, {
      ownBaseUrl: true,
      mailSender: true,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' },
    });
    expert = await createMember(server.env.ctx, { role: 'expert', name: 'Dr Ada Nephron' });
    colleague = await createMember(server.env.ctx, { role: 'expert', name: 'Dr Ben Glomerulus' });
  });
  after(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const mailTo = (to: string, subject: RegExp) => waitForMail(smtp, to, subject, 15_000);

  function caseLinkIn(mail: ReceivedMail): string {
    const link = /http:\/\/127\.0\.0\.1:\d+\/case\/access\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
    assert.ok(link?.startsWith(server.baseUrl), 'the mail links to this server');
    return link!;
  }

  async function signIn(s: Page, member: TestMember): Promise<void> {
    await s.goto(`${server.baseUrl}/staff/login`);
    await s.getByLabel('E-mail address').fill(member.email);
    await s.getByLabel('Password').fill(member.password);
    await s.getByRole('button', { name: 'Continue' }).click();
    await s.getByLabel('Six-digit code').fill(totpCode(member.totp!, new Date()));
    await s.getByRole('button', { name: 'Sign in' }).click();
    await s.waitForURL(`${server.baseUrl}/staff`);
  }

  /** Sends the ask form as a patient; returns the case reference. */
  async function ask(p: Page, name: string, email: string, report?: Buffer): Promise<string> {
    await p.goto(`${server.baseUrl}/ask`);
    await p.getByLabel('Your name').fill(name);
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Your kidney condition').selectOption({ label: 'On peritoneal dialysis' });
    await p.getByLabel('Your question').fill(ROUTINE_QUESTION);
    await p.getByRole('checkbox', { name: /I agree that the clinic/ }).check();
    if (report) await p.getByLabel('Medical reports (optional)').setInputFiles({ name: 'lab-results.pdf', mimeType: 'application/pdf', buffer: report });
    await p.getByRole('button', { name: 'Send my question' }).click();
    await p.waitForURL(`${server.baseUrl}/ask/received`);
    const reference = REFERENCE.exec(await p.locator('.reference').innerText())?.[0];
    assert.ok(reference);
    return reference;
  }

  async function openCase(page: Page, link: string): Promise<void> {
    await page.goto(link);
    await page.getByRole('button', { name: 'View my case' }).click();
    await page.waitForURL(`${server.baseUrl}/case`);
  }

  test('ask → sign in with a code → queue → consultation → answer → the patient reads it → the dashboard counts it', { skip }, async () => {
    const email = 'pat.journey@example.com';
    const patient = await openRecordedPage(theBrowser());
    const staff = await openRecordedPage(theBrowser());
    const problems: string[] = [];
    try {
      // The patient asks, with a report attached.
      const p = patient.page;
      const reference = await ask(p, 'Pat Journey', email, buildPdf());
      const received = await mailTo(email, /received/i);

      // The expert signs in: password, then the code from their authenticator.
      const s = staff.page;
      await signIn(s, expert);

      // The queue: the new consultation, unassigned, with its time left.
      await s.getByRole('navigation').getByRole('link', { name: 'Consultations' }).click();
      await s.waitForURL(/\/staff\/consultations/);
      const row = s.locator('tbody tr', { hasText: reference });
      await row.waitFor();
      assert.match(await row.innerText(), /Unassigned/);
      assert.match(await row.innerText(), /\d+ h( \d+ min)? left/);
      problems.push(...await seriousAxeViolations(s));

      // The consultation: the patient's words and report; opening the report is audited.
      await row.getByRole('link', { name: reference }).click();
      await s.getByRole('heading', { level: 1, name: new RegExp(reference) }).waitFor();
      assert.ok(await s.getByText(ROUTINE_QUESTION).isVisible(), 'the description is shown');
      assert.ok(await s.getByText('Pat Journey').first().isVisible());
      problems.push(...await seriousAxeViolations(s));
      const reportHref = await s.getByRole('link', { name: 'lab-results.pdf', exact: true }).getAttribute('href');
      assert.ok(reportHref);
      const report = await s.context().request.get(`${server.baseUrl}${reportHref}`);
      assert.equal(report.status(), 200);
      assert.equal(report.headers()['content-type'], 'application/pdf');
      assert.equal(report.headers()['cache-control'], 'no-store');
      assert.deepEqual(Buffer.from(await report.body()), buildPdf(), 'the decrypted report is the uploaded one');

      // The answer: Markdown with a live preview that shows the urgent-help footer.
      await s.getByRole('link', { name: 'Write an answer' }).click();
      await s.waitForURL(/\/answer$/);
      await s.getByLabel('Answer (Markdown)').fill(ANSWER);
      await s.locator('#answer-preview strong', { hasText: 'too much fluid came off too fast' }).waitFor();
      assert.match(await s.locator('#answer-preview').innerText(), /When to get urgent help/);
      problems.push(...await seriousAxeViolations(s));
      await s.getByRole('button', { name: 'Send answer to the patient' }).click();
      await s.waitForURL(/\/staff\/consultations\/[0-9a-z]{26}\?done=answered$/);
      await s.getByText('Answer sent.').waitFor();

      // The patient is told by e-mail (a link, not the answer) and reads the answer on their page.
      const answered = await mailTo(email, /reply/i);
      assert.ok(answered.text.includes(reference));
      assert.ok(!answered.text.includes('too much fluid'), 'the answer itself is not in the e-mail');
      assert.notEqual(caseLinkIn(answered), caseLinkIn(received), 'a fresh private link');
      await openCase(p, caseLinkIn(answered));
      const answer = p.locator('.answer-body strong', { hasText: 'too much fluid came off too fast' });
      await answer.waitFor();
      assert.match(await p.locator('main').innerText(), /When to get urgent help/);
      assert.match(await p.locator('main').innerText(), /Answered/);

      // The dashboard counts one consultation, first answered within the target.
      await s.getByRole('navigation').getByRole('link', { name: /promise|dashboard/i }).click();
      await s.getByRole('heading', { level: 1, name: 'Answer promise' }).waitFor();
      const overall = await s.locator('main').innerText();
      assert.match(overall, /Received\s+1\b/);
      assert.match(overall, /First answered within target\s+1 of 1 decided \(100\s?%\)/);
      problems.push(...await seriousAxeViolations(s));

      // What the expert did is in the audit log, in order, without health data.
      const actions = (await server.env.ctx.db.selectFrom('audit_log').select('action').where('actor_id', '=', expert.id).orderBy('seq').execute()).map((r) => r.action);
      for (const expected of ['staff.login', 'consultation.viewed', 'consultation.file_viewed', 'consultation.answered']) {
        assert.ok(actions.includes(expected), `audited: ${expected} (got ${actions.join(', ')})`);
      }

      assert.deepEqual(problems, []);
      for (const r of [patient, staff]) {
        assert.deepEqual(r.record.cspViolations, []);
        assert.deepEqual(r.record.pageErrors, []);
        assert.deepEqual(r.consoleErrors(), []);
      }
    } finally {
      await patient.page.context().close();
      await staff.page.context().close();
    }
  });

  test('the queue refreshes itself: a new consultation appears without a reload', { skip }, async () => {
    const patient = await openRecordedPage(theBrowser());
    const staff = await openRecordedPage(theBrowser());
    try {
      const s = staff.page;
      await s.clock.install();
      await signIn(s, colleague);
      await s.goto(`${server.baseUrl}/staff/consultations`);
      const rows = s.locator('tbody tr', { has: s.locator('a[href^="/staff/consultations/"]') });
      const before = await rows.count();
      const reference = await ask(patient.page, 'Quinn Refresh', 'quinn.refresh@example.com');
      assert.equal(await s.locator('tbody tr', { hasText: reference }).count(), 0, 'not there until the list refreshes');
      await s.clock.fastForward(61_000);
      await s.locator('tbody tr', { hasText: reference }).waitFor();
      assert.equal(await rows.count(), before + 1);
      assert.match(s.url(), /\/staff\/consultations$/, 'no reload, no navigation');
      assert.deepEqual(staff.record.cspViolations, []);
      assert.deepEqual(staff.record.pageErrors, []);
    } finally {
      await patient.page.context().close();
      await staff.page.context().close();
    }
  });
});
