import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type RecordedPage, type TestServer } from '../browser.ts';
import { startTestSmtpServer, waitForMail, type TestSmtpServer } from '../../src/notifications/smtp-test-server.ts';
import { buildPdf, largePdf } from '../fixtures/upload-fixtures.ts';
import { EMERGENCY_QUESTION, ROUTINE_QUESTION } from '../ask-fixtures.ts';

// Asking an expert as a patient does it, in Chromium, on both databases: fill the form, attach a
// report (watching the progress bar with JavaScript on; a plain POST with it off), reach the
// confirmation, receive the e-mail on a real SMTP server, follow the link, "View my case".

const { skip, browser: theBrowser } = useBrowser();

const REFERENCE = /KD-[0-9A-Z]{4}-[0-9A-Z]{2}/;

describeEachDatabase('ask an expert in a browser', (kind) => {
  let server: TestServer;
  let smtp: TestSmtpServer;

  before(async () => {
    if (skip) return;
    smtp = await startTestSmtpServer();
    server = await startServer(kind, {
      ownBaseUrl: true,
      mailSender: true,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' },
    });
  });
  after(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const mailTo = (to: string, subject?: RegExp) => waitForMail(smtp, to, subject);

  async function fillForm(page: Page, email: string, description: string): Promise<void> {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Your name').fill('Bea Browser');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Phone number (optional)').fill('+44 20 7946 0000');
    await page.getByLabel('Your kidney condition').selectOption({ label: 'On peritoneal dialysis' });
    await page.getByLabel('Creatinine', { exact: true }).fill('610');
    await page.getByLabel('Unit').selectOption('umol/L');
    await page.getByLabel('Date of the test').fill(yesterday);
    await page.getByLabel('Your question').fill(description);
    await page.getByRole('checkbox', { name: /I agree that the clinic/ }).check();
  }

  /** From the confirmation page: the reference, then the mailed link, "View my case", and the case page. */
  async function followMailToCase(recorded: RecordedPage, email: string, problems: string[], axe: boolean): Promise<string> {
    const { page } = recorded;
    await page.waitForURL(`${server.baseUrl}/ask/received`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'We have received your question');
    const reference = REFERENCE.exec(await page.locator('.reference').innerText())?.[0];
    assert.ok(reference, 'the confirmation shows the case reference');
    if (axe) problems.push(...await seriousAxeViolations(page));

    const mail = await mailTo(email);
    const link = /http:\/\/127\.0\.0\.1:\d+\/case\/access\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
    assert.ok(link?.startsWith(server.baseUrl), 'the mail links to this server');
    assert.ok(link);
    assert.ok(mail.text.includes(reference) && !mail.text.includes('Creatinine') && !mail.text.includes('610'), 'reference, no health data');
    await page.goto(link);
    const view = page.getByRole('button', { name: 'View my case' });
    await view.waitFor();
    if (axe) problems.push(...await seriousAxeViolations(page));
    await view.click();
    await page.waitForURL(`${server.baseUrl}/case`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Your question ${reference}`);
    if (axe) problems.push(...await seriousAxeViolations(page));
    return reference;
  }

  test('with JavaScript: fill in, attach a PDF, watch the progress bar, e-mail link, View my case', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    const problems: string[] = [];
    try {
      await page.goto(`${server.baseUrl}/ask`);
      problems.push(...await seriousAxeViolations(page));
      await fillForm(page, 'bea.js@example.com', ROUTINE_QUESTION);
      await page.getByLabel('Medical reports (optional)').setInputFiles({ name: 'blood-test.pdf', mimeType: 'application/pdf', buffer: largePdf(3 * 1024 * 1024) });

      // A slow uplink, so the upload takes a few seconds and the bar has time to move.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1.5 * 1024 * 1024 });
      const bar = page.locator('.upload-progress progress');
      assert.equal(await page.locator('.upload-progress').isHidden(), true, 'no bar before sending');
      await page.getByRole('button', { name: 'Send my question' }).click();
      await page.locator('.upload-progress').waitFor({ state: 'visible' });
      assert.equal(await page.getByRole('button', { name: 'Send my question' }).isDisabled(), true, 'no double submit');
      const seen = new Set<number>();
      while (page.url().endsWith('/ask')) {
        const value = await bar.evaluate((el) => (el as unknown as { value: number }).value, undefined, { timeout: 500 }).catch(() => undefined);
        if (value === undefined) break;
        seen.add(value);
        if (value >= 100) break;
        await page.waitForTimeout(40);
      }
      const between = [...seen].filter((v) => v > 0 && v < 100);
      assert.ok(between.length >= 2, `the bar moves through intermediate values: ${[...seen].join(', ')}`);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

      await followMailToCase(recorded, 'bea.js@example.com', problems, true);
      assert.ok(await page.getByText(ROUTINE_QUESTION).isVisible());
      assert.ok(await page.getByRole('link', { name: 'blood-test.pdf' }).isVisible(), 'the report is on the case page');
      assert.deepEqual(problems, []);
      assert.deepEqual(recorded.record.cspViolations, []);
      assert.deepEqual(recorded.record.pageErrors, []);
      assert.deepEqual(recorded.consoleErrors(), []);
    } finally {
      await page.context().close();
    }
  });

  test('with JavaScript off: the same journey by a plain POST, no progress bar', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser(), { javaScriptEnabled: false });
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/ask`);
      await fillForm(page, 'bea.nojs@example.com', ROUTINE_QUESTION);
      await page.getByLabel('Medical reports (optional)').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: buildPdf() });
      const posted = page.waitForRequest((r) => r.url() === `${server.baseUrl}/ask` && r.method() === 'POST');
      await page.getByRole('button', { name: 'Send my question' }).click();
      assert.match((await posted).headers()['content-type'] ?? '', /^multipart\/form-data/);
      assert.equal(await page.locator('.upload-progress').count() === 0 || await page.locator('.upload-progress').isHidden(), true);
      await followMailToCase(recorded, 'bea.nojs@example.com', [], false);
      assert.ok(await page.getByRole('link', { name: 'letter.pdf' }).isVisible());
      assert.deepEqual(recorded.record.cspViolations, []);
    } finally {
      await page.context().close();
    }
  });

  test('a form with errors: each message beside its field, the summary first, no serious axe problems', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/ask`);
      await page.getByLabel('E-mail address').fill('not an address');
      await page.getByRole('button', { name: 'Send my question' }).click();
      await page.getByRole('heading', { name: /^Please check \d+ things$/ }).waitFor();
      assert.equal(await page.title(), 'Error: Ask an expert | KidneyDesk');
      assert.match(await page.locator('#email-error').innerText(), /Please enter one e-mail address/);
      assert.equal(await page.getByLabel('E-mail address').inputValue(), 'not an address', 'typed values are kept');
      assert.deepEqual(await seriousAxeViolations(page), []);
      assert.deepEqual(recorded.record.cspViolations, []);
    } finally {
      await page.context().close();
    }
  });

  test('typing an emergency shows "Get urgent help now" while typing', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/ask`);
      const live = page.locator('#triage-live');
      await page.getByLabel('Your question').pressSequentially(EMERGENCY_QUESTION, { delay: 5 });
      await live.getByText('Get urgent help now').waitFor();
      assert.match(await live.innerText(), /Call 999 now/);
      assert.equal(await live.getAttribute('aria-live'), 'polite');
      await page.getByLabel('Your question').fill(ROUTINE_QUESTION);
      await live.getByText('Get urgent help now').waitFor({ state: 'detached' });
      assert.deepEqual(recorded.record.cspViolations, []);
      assert.deepEqual(recorded.record.pageErrors, []);
    } finally {
      await page.context().close();
    }
  });
});
