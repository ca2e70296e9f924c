import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, startServer, type TestServer } from '../browser.ts';
import { newId } from '../../src/db/index.ts';
import { createReplyTemplate } from '../../src/consultations/index.ts';
import { createMember, type TestMember } from '../../src/staff/staff.fixtures.ts';
import { insertCase } from '../../src/staff/promise.fixtures.ts';
import { totpCode } from '../../src/staff/totp.ts';

// The answer page with JavaScript, as an expert uses it: the live preview follows the typing,
// a reply template and an article link go in at the cursor, with no CSP violation or error.

const { skip, browser: theBrowser } = useBrowser();

describeEachDatabase('the answer page in a browser', (kind) => {
  let server: TestServer;
  let expert: TestMember;
  let consultation = '';
  before(async () => {
    if (skip) return;
    server = await startServer(kind, { ownBaseUrl: true });
    const ctx = server.env.ctx;
    expert = await createMember(ctx, { role: 'expert' });
    const now = ctx.now().toISOString();
    consultation = await insertCase(ctx, { reference: 'KD-TEST-01', receivedAt: now });
    await ctx.db.insertInto('consultation_messages').values({
      id: newId(), consultation_id: consultation, author: 'patient', author_id: null, kind: 'description', body: 'Is a kidney diet low in salt?', created_at: now,
    }).execute();
    await createReplyTemplate(ctx, expert.id, { title: 'Opening', body: 'Thank you for your question.' }, '127.0.0.1');
  });
  after(async () => {
    await server?.close();
  });

  test('live preview, template and article link at the cursor', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/staff/login`);
      await page.getByLabel('E-mail address').fill(expert.email);
      await page.getByLabel('Password').fill(expert.password);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Six-digit code').fill(totpCode(expert.totp!, new Date()));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/staff$/);

      await page.goto(`${server.baseUrl}/staff/consultations/${consultation}/answer`);
      const answer = page.getByLabel('Answer (Markdown)');
      await answer.fill('Salt: **less** is better.');
      const preview = page.locator('#answer-preview');
      await preview.locator('strong', { hasText: 'less' }).waitFor();
      assert.match(await preview.innerText(), /When to get urgent help/);

      // The template goes in at the cursor (the start), without leaving the page.
      await answer.evaluate((el) => (el as unknown as { setSelectionRange(a: number, b: number): void }).setSelectionRange(0, 0));
      await page.getByLabel('Reply template').selectOption({ label: 'Opening' });
      await page.getByRole('button', { name: 'Use template' }).click();
      assert.equal(await answer.inputValue(), 'Thank you for your question.Salt: **less** is better.');
      assert.match(page.url(), /\/answer$/);

      await answer.evaluate((el) => {
        const area = el as unknown as { value: string; setSelectionRange(a: number, b: number): void };
        area.setSelectionRange(area.value.length, area.value.length);
      });
      await page.getByLabel('Find an article to link').fill('fistula care');
      await page.getByRole('button', { name: 'Find articles' }).click();
      const insert = page.locator('#article-results').getByRole('button', { name: 'Insert link' }).first();
      await insert.click();
      assert.match(await answer.inputValue(), /is better\.\[[^\]]+\]\(\/articles\/[a-z0-9-]+\)$/);
      await preview.locator('a[href^="/articles/"]').waitFor();

      assert.deepEqual(recorded.record.cspViolations, [], 'no Content-Security-Policy violations');
      assert.deepEqual(recorded.record.pageErrors, [], 'no uncaught errors');
      assert.deepEqual(recorded.consoleErrors(), [], 'no console errors');
    } finally {
      await page.context().close();
    }
  });
});
