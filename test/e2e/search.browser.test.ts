import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type TestServer } from '../browser.ts';

// The question box as a patient uses it: type, pick a suggestion with the keyboard, or press GO.

const { skip, browser: theBrowser } = useBrowser();

describeEachDatabase('search in a browser', (kind) => {
  let server: TestServer;
  before(async () => {
    if (!skip) server = await startServer(kind);
  });
  after(async () => {
    await server?.close();
  });

  test('typing shows suggestions in an accessible combobox; arrow keys and Enter open one', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/`);
      const box = page.getByRole('combobox', { name: 'Type your question' });
      await box.pressSequentially('leg cra', { delay: 30 });
      const listbox = page.getByRole('listbox', { name: 'Suggested articles' });
      await listbox.waitFor({ state: 'visible' });
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      const options = listbox.getByRole('option');
      assert.equal(await options.first().innerText(), 'Leg cramps during dialysis');
      await page.getByRole('status').filter({ hasText: 'suggestion' }).first().waitFor({ state: 'attached' });

      await box.press('ArrowDown');
      const active = await box.getAttribute('aria-activedescendant');
      assert.ok(active, 'the highlighted option is announced through aria-activedescendant');
      assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
      await box.press('Enter');
      await page.waitForURL(`${server.baseUrl}/articles/leg-cramps-during-dialysis`);

      await page.goto(`${server.baseUrl}/`);
      await page.getByRole('combobox', { name: 'Type your question' }).pressSequentially('dialy', { delay: 30 });
      await page.getByRole('listbox', { name: 'Suggested articles' }).waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      assert.equal(await page.getByRole('combobox', { name: 'Type your question' }).getAttribute('aria-expanded'), 'false');
      assert.deepEqual(recorded.record.cspViolations, []);
      assert.deepEqual(recorded.record.pageErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('GO shows results, highlights, "did you mean" and an honest no-match, without JavaScript too', { skip }, async () => {
    for (const javaScriptEnabled of [true, false]) {
      const recorded = await openRecordedPage(theBrowser(), { javaScriptEnabled });
      const { page } = recorded;
      try {
        await page.goto(`${server.baseUrl}/`);
        await page.getByLabel('Type your question', { exact: true }).fill('my wee is pink after dialisis');
        await page.getByRole('button', { name: 'GO' }).click();
        await page.waitForURL(/\/search\?q=/);
        assert.match(await page.locator('.did-you-mean').innerText(), /Did you mean .*dialysis/);
        const first = page.locator('.search-results li').first();
        assert.equal(await first.getByRole('link').innerText(), 'Blood in urine after dialysis');
        assert.ok(await first.locator('mark').count() > 0, 'matched words are highlighted');
        // axe runs inside the page, so it is checked with JavaScript on only.
        const problems = javaScriptEnabled ? await seriousAxeViolations(page) : [];

        await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent('is my pet tortoise hibernating')}`);
        await page.getByRole('heading', { name: 'We could not find an article that clearly answers this' }).waitFor();
        const ask = page.getByRole('link', { name: 'Ask an expert about this' });
        assert.equal(await ask.getAttribute('href'), '/ask?q=is%20my%20pet%20tortoise%20hibernating');
        if (javaScriptEnabled) problems.push(...await seriousAxeViolations(page));
        assert.deepEqual(problems, [], problems.join('\n'));
        assert.deepEqual(recorded.record.cspViolations, []);
      } finally {
        await page.context().close();
      }
    }
  });
});
