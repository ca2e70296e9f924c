import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type RecordedPage, type TestServer } from '../browser.ts';

// The eGFR calculator as a person uses it: a plain form without JavaScript, an instant result
// with it, errors beside the fields, and the information pages, checked with axe.

const { skip, browser: theBrowser } = useBrowser();

async function fillCalculator(page: Page, values: { creatinine: string; unit: string; age: string; sex: 'Female' | 'Male' }): Promise<void> {
  await page.getByLabel('Creatinine result', { exact: true }).fill(values.creatinine);
  await page.getByLabel('Unit of your result', { exact: true }).selectOption(values.unit);
  await page.getByLabel('Age in years', { exact: true }).fill(values.age);
  await page.getByRole('group', { name: 'Sex' }).getByLabel(values.sex, { exact: true }).check();
}

function assertClean(recorded: RecordedPage): void {
  assert.deepEqual(recorded.record.cspViolations, [], 'no Content-Security-Policy violations');
  assert.deepEqual(recorded.record.pageErrors, [], 'no uncaught errors');
  // Chromium logs every non-2xx fetch; a 422 from /api/egfr is the expected answer to a mistake.
  assert.deepEqual(recorded.consoleErrors({ allow: /Failed to load resource: the server responded with a status of 422/ }), [], 'no console errors');
}

describeEachDatabase('eGFR calculator in a browser', (kind) => {
  let server: TestServer;
  before(async () => {
    if (!skip) server = await startServer(kind);
  });
  after(async () => {
    await server?.close();
  });

  test('without JavaScript: fill in, submit, read the result at a shareable address', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser(), { javaScriptEnabled: false });
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/tools/egfr`);
      await fillCalculator(page, { creatinine: '1.2', unit: 'mg/dL', age: '50', sex: 'Male' });
      await page.getByRole('button', { name: 'Work out my eGFR' }).click();
      await page.waitForURL(/\/tools\/egfr\?/);
      const url = new URL(page.url());
      assert.deepEqual(Object.fromEntries(url.searchParams), { creatinine: '1.2', unit: 'mg/dL', age: '50', sex: 'male' });
      const result = page.locator('#egfr-result');
      assert.match(await result.innerText(), /eGFR 74/);
      assert.match(await result.innerText(), /Stage G2: mildly reduced/);

      await page.getByLabel('Creatinine to convert', { exact: true }).fill('106');
      await page.getByLabel('From', { exact: true }).selectOption('umol/L');
      await page.getByRole('button', { name: 'Convert' }).click();
      await page.locator('.convert-result').waitFor();
      assert.equal(await page.locator('.convert-result').innerText(), '106 µmol/L is 1.20 mg/dL.');
      assert.match(await page.locator('#egfr-result').innerText(), /eGFR 74/, 'converting keeps the result');
      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });

  test('with JavaScript: the result appears as you type, is announced, and the address follows', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/tools/egfr`);
      await fillCalculator(page, { creatinine: '1.0', unit: 'mg/dL', age: '60', sex: 'Female' });
      const status = page.getByRole('status').filter({ hasText: 'Your estimated GFR' });
      await status.waitFor({ state: 'attached' });
      assert.equal(await status.textContent(), 'Your estimated GFR is 64 mL/min/1.73 m²: stage G2, mildly reduced.');
      assert.match(await page.locator('#egfr-result').innerText(), /eGFR 64/);
      await page.waitForURL((u) => u.searchParams.get('creatinine') === '1.0' && u.searchParams.get('sex') === 'female');
      assert.equal(new URL(page.url()).pathname, '/tools/egfr', 'no submit: still the same page');

      // Change a value: the result follows without pressing the button.
      await page.getByLabel('Creatinine result', { exact: true }).fill('177');
      await page.getByLabel('Unit of your result', { exact: true }).selectOption('umol/L');
      await page.getByLabel('Age in years', { exact: true }).fill('70');
      await page.getByRole('group', { name: 'Sex' }).getByLabel('Male', { exact: true }).check();
      await page.locator('#egfr-result', { hasText: 'eGFR 35' }).waitFor();
      await page.waitForURL((u) => u.searchParams.get('creatinine') === '177');
      const links = await page.locator('#egfr-result a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.includes('/articles/egfr-and-ckd-stages'), 'stage articles are linked');

      // A mistake shows beside its field, with no result.
      await page.getByLabel('Age in years', { exact: true }).fill('12');
      const ageError = page.locator('#age-error');
      await ageError.waitFor({ state: 'visible' });
      assert.match(await ageError.innerText(), /only for adults aged 18 or over/);
      assert.equal(await page.getByLabel('Age in years', { exact: true }).getAttribute('aria-invalid'), 'true');
      assert.match(String(await page.getByLabel('Age in years', { exact: true }).getAttribute('aria-describedby')), /age-error/);
      assert.equal(await page.locator('#egfr-result').innerText(), '');
      const problems = await seriousAxeViolations(page);

      await page.getByLabel('Age in years', { exact: true }).fill('70');
      await page.locator('#egfr-result', { hasText: 'eGFR 35' }).waitFor();
      assert.equal(await ageError.isHidden(), true, 'the message goes when the mistake is fixed');
      assert.equal(await page.getByLabel('Age in years', { exact: true }).getAttribute('aria-invalid'), null);
      problems.push(...await seriousAxeViolations(page));

      // Emptying a field takes the result away without scolding about the empty field.
      await page.getByLabel('Creatinine result', { exact: true }).fill('');
      await page.waitForURL((u) => !u.searchParams.has('creatinine'));
      assert.equal(await page.locator('#egfr-result').innerText(), '');
      assert.equal(await page.locator('#creatinine-error').isHidden(), true);
      assert.deepEqual(problems, [], problems.join('\n'));
      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });

  test('axe finds no serious problems on the empty form, a result, an error state and the information pages', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      const problems: string[] = [];
      const paths = [
        '/tools/egfr',
        '/tools/egfr?creatinine=5&unit=mg%2FdL&age=80&sex=male&convert=5&from=mg%2FdL',
        '/tools/egfr?creatinine=abc&unit=&age=150&sex=&convert=-1&from=',
        '/resources/creatinine', '/privacy', '/accessibility', '/site-map',
      ];
      for (const path of paths) {
        const response = await page.goto(`${server.baseUrl}${path}`);
        assert.equal(response?.status(), path.includes('abc') ? 422 : 200, path);
        if (path.includes('abc')) assert.match(await page.locator('.error-summary').innerText(), /Please check 6 things/, 'the error state is checked');
        problems.push(...await seriousAxeViolations(page));
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });

  test('the keyboard reaches every field and the button in order', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/tools/egfr`);
      await page.getByLabel('Creatinine result', { exact: true }).focus();
      const order: string[] = [];
      for (let i = 0; i < 5; i++) {
        order.push(await page.locator(':focus').evaluate((el) => el.id || (el.textContent ?? '').trim()));
        await page.keyboard.press('Tab');
      }
      assert.deepEqual(order, ['creatinine', 'unit', 'age', 'sex-female', 'Work out my eGFR']);
      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });
});
