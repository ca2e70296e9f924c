import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type RecordedPage, type TestServer } from '../browser.ts';
import { reencodeImage } from '../../src/articles/index.ts';
import { createProfile, setProfilePhoto, setProfilePublished } from '../../src/experts/index.ts';
import { publishStory } from '../../src/stories/index.ts';
import { createMember } from '../../src/staff/staff.fixtures.ts';

// /experts and /stories as people see them, in Chromium on both databases: a profile with its
// photo, sharing a story (and its error state), the published story; axe finds no serious or
// critical problem on any of them and the Content-Security-Policy is never violated.

const { skip, browser: theBrowser } = useBrowser();

function assertClean(recorded: RecordedPage): void {
  assert.deepEqual(recorded.record.cspViolations, [], 'no Content-Security-Policy violations');
  assert.deepEqual(recorded.record.pageErrors, [], 'no uncaught errors');
  assert.deepEqual(recorded.consoleErrors({ allow: /status of 422/ }), [], 'no console errors');
}

describeEachDatabase('expert profiles and patient stories in a browser', (kind) => {
  let server: TestServer;
  let adminId = '';

  before(async () => {
    if (skip) return;
    server = await startServer(kind, { env: { FORM_MIN_FILL_SECONDS: '0', ASK_RATE_PER_HOUR: '0', ASK_RATE_PER_DAY: '0' } });
    const ctx = server.env.ctx;
    adminId = (await createMember(ctx, { role: 'admin', name: 'Browser Admin' })).id;
    const id = await createProfile(ctx, { id: adminId }, {
      name: 'Dr Ada Lovelace', slug: 'ada-lovelace', roleTitle: 'Consultant nephrologist', credentials: 'MBBS, FRCP', specialties: ['Dialysis', 'Transplant'],
      biography: 'Ada has cared for people on **dialysis** for twenty years.\n\n## Interests\n\nHome dialysis and diet.', position: 0, staffId: adminId,
    }, { ip: '127.0.0.1' });
    const photo = await reencodeImage(await sharp({ create: { width: 300, height: 300, channels: 3, background: '#336699' } }).jpeg().toBuffer());
    await setProfilePhoto(ctx, { id: adminId }, id, { ...photo, alt: 'Ada Lovelace in the clinic' }, { ip: '127.0.0.1' });
    await setProfilePublished(ctx, { id: adminId }, id, true, { ip: '127.0.0.1' });
  });
  after(async () => {
    await server?.close();
  });

  test('the experts list and a profile: photo, credentials, no accessibility or CSP problems', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/experts`);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Our kidney experts');
      assert.deepEqual(await seriousAxeViolations(page), []);
      await page.getByRole('link', { name: 'Dr Ada Lovelace' }).click();
      await page.waitForURL(/\/experts\/ada-lovelace$/);
      const img = page.getByRole('img', { name: 'Ada Lovelace in the clinic' });
      const loaded = await img.evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth === 300;
      });
      assert.ok(loaded, 'the photo loads');
      assert.match(await page.locator('main').innerText(), /MBBS, FRCP/);
      assert.deepEqual(await seriousAxeViolations(page), []);
      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });

  test('sharing a story: the error state, then a story that is published and read', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    try {
      await page.goto(`${server.baseUrl}/stories`);
      assert.deepEqual(await seriousAxeViolations(page), []);
      await page.getByRole('link', { name: 'Share your story' }).click();
      await page.waitForURL(/\/stories\/share$/);
      assert.equal(await page.getByLabel(/I agree that the clinic may publish my story/).isChecked(), false, 'consent is not ticked by default');
      assert.deepEqual(await seriousAxeViolations(page), []);

      await page.getByLabel('Your first name or initials').fill('Ann Marie Smith');
      await page.getByRole('button', { name: 'Send my story' }).click();
      await page.locator('.error-summary').waitFor();
      assert.match(await page.title(), /^Error: Share your story/);
      assert.match(await page.locator('#consent-error').innerText(), /tick the box/);
      assert.match(await page.locator('#displayName-error').innerText(), /first name or initials only/);
      assert.deepEqual(await seriousAxeViolations(page), [], 'the error state');

      await page.getByLabel('Your first name or initials').fill('Ann');
      await page.getByLabel('Your kidney condition').selectOption('transplant');
      await page.getByLabel('A title for your story').fill('A new kidney, a new routine');
      await page.getByLabel('Your story', { exact: true }).fill('After my transplant I learned to take my medicines at the same time every day.\n\nMy advice: keep a notebook.');
      await page.getByLabel('E-mail address').fill('ann.story@example.com');
      await page.getByLabel(/I agree that the clinic may publish my story/).check();
      await page.getByRole('button', { name: 'Send my story' }).click();
      await page.waitForURL(/\/stories\/share\/thanks$/);

      const row = await server.env.ctx.db.selectFrom('stories').select('id').where('contact_email', '=', 'ann.story@example.com').executeTakeFirstOrThrow();
      await publishStory(server.env.ctx, adminId, row.id, { ip: '127.0.0.1' });
      // No reload needed: public pages are `no-cache`, so the browser asks again and sees the story.
      await page.goto(`${server.baseUrl}/stories`);
      await page.getByRole('link', { name: 'A new kidney, a new routine' }).click();
      await page.waitForURL(new RegExp(`/stories/${row.id}$`));
      const text = await page.locator('main').innerText();
      assert.match(text, /keep a notebook/);
      assert.ok(!text.includes('ann.story@example.com'), 'the contact address is never shown');
      assert.deepEqual(await seriousAxeViolations(page), []);
      assertClean(recorded);
    } finally {
      await page.context().close();
    }
  });
});
