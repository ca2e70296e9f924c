import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type TestServer } from '../browser.ts';
import { startTestSmtpServer, waitForMail, type TestSmtpServer } from '../../src/notifications/smtp-test-server.ts';
import { EMERGENCY_MESSAGE, ROUTINE_MESSAGE } from '../../src/contact/contact.fixtures.ts';

// Leaving a message as a visitor does it, in Chromium, on both databases: from the footer link to
// the form, a refused form with each message beside its field, the thank-you page (leading with
// the urgent notice for an emergency), the acknowledgement on a real SMTP server. axe finds no
// serious or critical problem on any of these pages, and the CSP is never violated.

const { skip, browser: theBrowser } = useBrowser();

describeEachDatabase('contact us in a browser', (kind) => {
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

  test('from the footer: an error state, then a sent message, the thank-you page and the e-mail', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    const problems: string[] = [];
    try {
      await page.goto(`${server.baseUrl}/`);
      await page.locator('footer').getByRole('link', { name: 'Contact us' }).click();
      await page.waitForURL(`${server.baseUrl}/contact`);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Contact us');
      problems.push(...await seriousAxeViolations(page));

      // A refused form: the summary, each message beside its field, the typed values kept.
      await page.getByLabel('Your name').fill('Vera Visitor');
      await page.getByLabel('E-mail address').fill('not an address');
      await page.getByLabel('Your message').fill('Too short.');
      await page.getByRole('button', { name: 'Send my message' }).click();
      await page.getByRole('heading', { name: 'Please check 3 things' }).waitFor();
      assert.equal(await page.title(), 'Error: Contact us | KidneyDesk');
      assert.match(await page.locator('#email-error').innerText(), /Please enter one e-mail address/);
      assert.match(await page.locator('#subject-error').innerText(), /Please give your message a subject/);
      assert.match(await page.locator('#message-error').innerText(), /at least 20 characters/);
      assert.equal(await page.getByLabel('Your name').inputValue(), 'Vera Visitor');
      assert.equal(await page.getByLabel('E-mail address').getAttribute('aria-invalid'), 'true');
      problems.push(...await seriousAxeViolations(page));

      await page.getByLabel('E-mail address').fill('vera@example.com');
      await page.getByLabel('Subject').fill('Parking at the clinic');
      await page.getByLabel('Your message').fill(ROUTINE_MESSAGE);
      await page.getByRole('button', { name: 'Send my message' }).click();
      await page.waitForURL(`${server.baseUrl}/contact/sent`);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Thank you for your message');
      const reference = /M-[2-9A-Z]{6}/.exec(await page.locator('.reference').innerText())?.[0];
      assert.ok(reference, 'the thank-you page shows the reference');
      assert.equal(await page.getByText('Get urgent help now').count(), 0);
      problems.push(...await seriousAxeViolations(page));

      const mail = await mailTo('vera@example.com');
      assert.ok(mail.text.includes(reference) && !mail.text.includes('parking'), 'the reference, not the message');
      assert.deepEqual(problems, []);
      assert.deepEqual(recorded.record.cspViolations, []);
      assert.deepEqual(recorded.record.pageErrors, []);
      assert.deepEqual(recorded.consoleErrors({ allow: /status of 422/ }), []);
    } finally {
      await page.context().close();
    }
  });

  test('a message that reads like an emergency: "Get urgent help now" leads the thank-you page', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/contact`);
      await page.getByLabel('Your name').fill('Ursula Urgent');
      await page.getByLabel('E-mail address').fill('ursula@example.com');
      await page.getByLabel('Subject').fill('Help');
      await page.getByLabel('Your message').fill(EMERGENCY_MESSAGE);
      await page.getByRole('button', { name: 'Send my message' }).click();
      await page.waitForURL(`${server.baseUrl}/contact/sent`);
      const alert = page.getByRole('alert');
      assert.equal(await alert.getByRole('heading').innerText(), 'Get urgent help now');
      assert.match(await alert.innerText(), /Call 999 now/);
      assert.deepEqual(await seriousAxeViolations(page), []);
      assert.deepEqual(recorded.record.cspViolations, []);
    } finally {
      await page.context().close();
    }
  });
});
