import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../databases.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { importArticlesFromDir } from '../../src/articles/index.ts';
import { SAMPLE_CONTENT_DIR } from '../../src/main.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type SignedInMember } from '../../src/staff/consultation-console.fixtures.ts';
import { getWithCase } from '../ask-fixtures.ts';

// Every page type the site serves, public and staff, carries a Content-Security-Policy with no
// 'unsafe-inline' or 'unsafe-eval' anywhere and a script-src of 'self' only (the Chromium tests
// record violations of it; this checks the policy itself cannot be loosened unnoticed).

/** The policy's directives by name. */
function directives(header: string): Map<string, string[]> {
  return new Map(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!.toLowerCase(), values]));
}

function assertStrictPolicy(url: string, header: string | string[] | number | undefined): void {
  assert.equal(typeof header, 'string', `${url}: one Content-Security-Policy header`);
  const policy = directives(header as string);
  assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval/i.test(header as string), `${url}: no unsafe-* source (${header})`);
  const script = policy.get('script-src') ?? policy.get('default-src');
  assert.deepEqual(script, ["'self'"], `${url}: script-src is 'self' only`);
  assert.equal(policy.get('script-src-elem'), undefined, `${url}: no script-src-elem loosening`);
  assert.equal(policy.get('script-src-attr'), undefined, `${url}: no script-src-attr loosening`);
  assert.deepEqual(policy.get('object-src'), ["'none'"], `${url}: no plugins`);
  assert.ok(policy.has('frame-ancestors') || /sandbox/.test(header as string), `${url}: framing is controlled`);
}

describeEachDatabase('security: Content-Security-Policy on every page type', (kind) => {
  let t: TestApp;
  let admin: SignedInMember;
  let consultation: Awaited<ReturnType<typeof askConsultation>>;

  before(async () => {
    t = await createTestApp(kind, { env: { ...CONSOLE_TEST_ENV } });
    const report = await importArticlesFromDir(t.ctx, SAMPLE_CONTENT_DIR, { sample: true });
    assert.equal(report.failedFiles, 0);
    consultation = await askConsultation(t, { email: 'csp@example.com' });
    admin = await signedIn(t, 'admin', new Date());
  });
  after(async () => {
    await t?.close();
  });

  it('public pages: every URL in the sitemap and every other page type', async () => {
    const sitemap = await t.app.inject({ url: '/sitemap.xml' });
    assert.equal(sitemap.statusCode, 200);
    const listed = [...sitemap.body.matchAll(/<loc>https?:\/\/[^/<]+([^<]*)<\/loc>/g)].map((m) => m[1] || '/');
    assert.ok(listed.some((u) => u.startsWith('/articles/')) && listed.some((u) => u.startsWith('/topics')), 'the sitemap lists articles and topics');
    const firstTag = /href="(\/tags\/[^"]+)"/.exec((await t.app.inject({ url: listed.find((u) => u.startsWith('/articles/'))! })).body)?.[1];
    const others = ['/', '/search?q=dialysis', '/search?q=%3Cscript%3E', '/ask', '/ask/received', '/case', '/case/resend', '/case/access/not-a-real-token',
      '/tools/egfr', '/privacy', '/site-map', '/no-such-page', '/articles/no-such-article', '/feed.xml', '/atom.xml', '/robots.txt', '/sitemap.xml',
      '/api/search?q=kidney', '/healthz', '/staff/login', '/staff/password-reset', '/staff/setup/not-a-token', ...(firstTag ? [firstTag] : []),
      ...(t.app.hasRoute({ method: 'GET', url: '/contact' }) ? ['/contact'] : [])];
    const urls = [...new Set([...listed, ...others])];
    for (const url of urls) {
      const res = await t.app.inject({ url });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
      assertStrictPolicy(url, res.headers['content-security-policy']);
    }
    const casePage = await getWithCase(t.app, '/case', consultation.cookie);
    assert.equal(casePage.statusCode, 200);
    assertStrictPolicy('/case (signed in)', casePage.headers['content-security-policy']);
    const file = await getWithCase(t.app, `/case/files/${consultation.fileIds[0] ?? 'none'}`, consultation.cookie);
    assertStrictPolicy('/case/files/:id', file.headers['content-security-policy']);
    console.log(`CSP checked on ${urls.length + 2} public URLs [${kind}]`);
  });

  it('staff pages, signed in as an admin', async () => {
    const urls = ['/staff', '/staff/consultations', '/staff/consultations?status=all&format=fragment', `/staff/consultations/${consultation.id}`,
      `/staff/consultations/${consultation.id}/answer`, '/staff/dashboard', '/staff/dashboard.csv', '/staff/templates', '/staff/articles',
      '/staff/articles/new', '/staff/articles/lookup?q=kidney', '/staff/team', '/staff/audit', '/staff/no-such-page'];
    for (const url of urls) {
      const res = await admin.browser.get(url);
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
      assertStrictPolicy(url, res.headers['content-security-policy']);
    }
  });
});
