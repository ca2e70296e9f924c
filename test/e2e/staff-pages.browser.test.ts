import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../databases.ts';
import { useBrowser, openRecordedPage, seriousAxeViolations, startServer, type TestServer } from '../browser.ts';
import { createMember, type TestMember } from '../../src/staff/staff.fixtures.ts';
import { totpCode } from '../../src/staff/totp.ts';
import { submitConsultation } from '../../src/consultations/consultation.service.ts';
import { sendExpertAnswer } from '../../src/consultations/expert-answer.service.ts';
import { submitContactMessage } from '../../src/contact/contact.service.ts';
import { submitStory } from '../../src/stories/story.service.ts';
import { createProfile } from '../../src/experts/expert.service.ts';
import { createReplyTemplate } from '../../src/consultations/index.ts';
import { ROUTINE_QUESTION } from '../ask-fixtures.ts';

// Every page of the staff console that an admin (who may do everything) can open, with data on
// it, checked by axe (WCAG 2.0–2.2 A/AA: no serious or critical problem), with no CSP violation,
// page error or console error. The console is where the clinic's staff spend their day; it must
// work with a screen reader and a keyboard as well as the public site does.

const { skip, browser: theBrowser } = useBrowser();

describeEachDatabase('every staff console page in a browser', (kind) => {
  let server: TestServer;
  let admin: TestMember;
  const pages: string[] = [];

  before(async () => {
    if (skip) return;
    server = await startServer(kind, { ownBaseUrl: true });
    const ctx = server.env.ctx;
    admin = await createMember(ctx, { role: 'admin', name: 'Ada Admin', reviewer: true });
    const expert = await createMember(ctx, { role: 'expert', name: 'Dr Ben Expert' });
    const meta = { ip: '127.0.0.1' };

    const { id: consultation } = await submitConsultation(ctx, {
      name: 'Pat Sample', email: 'pat.sample@example.org', phone: null, condition: 'ckd-3',
      creatinine: { value: '150', unit: 'umol/L', date: null }, description: ROUTINE_QUESTION,
    }, [], { level: 'routine', reasonCodes: [] });
    await sendExpertAnswer(ctx, { consultationId: consultation, staffId: expert.id, body: 'Here is what we think, with **emphasis**.', ip: '127.0.0.1' });
    const { id: message } = await submitContactMessage(ctx, { name: 'Cora Contact', email: 'cora@example.org', subject: 'Parking', message: 'Is there parking near the dialysis unit, please?' }, { level: 'routine', reasonCodes: [] });
    const story = await submitStory(ctx, { displayName: 'Sam', title: 'Home dialysis changed my week', body: 'I started home haemodialysis last spring and it gave me my evenings back. '.repeat(2), condition: 'haemodialysis', email: 'sam@example.org' });
    const profile = await createProfile(ctx, { id: admin.id }, {
      name: 'Dr Ben Expert', slug: 'ben-expert', roleTitle: 'Consultant nephrologist', credentials: 'MD', specialties: ['Dialysis'],
      biography: 'Ben looks after people on dialysis.', position: 1, staffId: expert.id,
    }, meta);
    await createReplyTemplate(ctx, expert.id, { title: 'Opening', body: 'Thank you for your question.' }, '127.0.0.1');
    const article = await ctx.db.selectFrom('articles').select('id').orderBy('slug').executeTakeFirstOrThrow();

    pages.push(
      '/staff', '/staff/consultations', '/staff/consultations?status=all', `/staff/consultations/${consultation}`,
      `/staff/consultations/${consultation}/answer`, '/staff/templates', '/staff/dashboard', '/staff/messages', `/staff/messages/${message}`,
      '/staff/experts', '/staff/experts/new', `/staff/experts/${profile}`, '/staff/stories', `/staff/stories/${story}`, '/staff/deletions',
      '/staff/articles', '/staff/articles?view=due', '/staff/articles/new', `/staff/articles/${article.id}/edit`, `/staff/articles/${article.id}/revisions`,
      '/staff/team', '/staff/audit',
    );
  });
  after(async () => {
    await server?.close();
  });

  test('sign-in pages and every console page: no serious or critical axe problem, no CSP violation or error', { skip }, async () => {
    const recorded = await openRecordedPage(theBrowser());
    const { page } = recorded;
    const problems: string[] = [];
    try {
      for (const path of ['/staff/login', '/staff/password-reset']) {
        await page.goto(`${server.baseUrl}${path}`);
        problems.push(...await seriousAxeViolations(page));
      }
      await page.goto(`${server.baseUrl}/staff/login`);
      await page.getByLabel('E-mail address').fill(admin.email);
      await page.getByLabel('Password').fill(admin.password);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Six-digit code').waitFor();
      problems.push(...await seriousAxeViolations(page));
      await page.getByLabel('Six-digit code').fill(totpCode(admin.totp!, new Date()));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.baseUrl}/staff`);

      for (const path of pages) {
        const response = await page.goto(`${server.baseUrl}${path}`);
        assert.equal(response?.status(), 200, path);
        assert.equal((await page.locator('h1').count()) >= 1, true, `${path} has a heading`);
        problems.push(...await seriousAxeViolations(page));
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(recorded.record.cspViolations, []);
      assert.deepEqual(recorded.record.pageErrors, []);
      assert.deepEqual(recorded.consoleErrors(), []);
    } finally {
      await page.context().close();
    }
  });
});
