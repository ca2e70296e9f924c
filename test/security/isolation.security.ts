import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../databases.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { CASE_COOKIE, caseLinkIn, catchMail, csrfOf, getWithCase, type MailCatcher } from '../ask-fixtures.ts';
import { buildPdf } from '../fixtures/upload-fixtures.ts';
import { filePart } from '../multipart.ts';
import { askConsultation, CONSOLE_TEST_ENV, signedIn, type AskedConsultation, type SignedInMember } from '../../src/staff/consultation-console.fixtures.ts';

// Who can see what, across the two kinds of session: patient A's cookie and private link never
// reach patient B's page, files or messages (nor B's reach A's); a guessed or altered link is a
// 404; a staff session cookie does not open a patient's /case, and a patient's case cookie opens
// no /staff page or staff file URL. (src/consultations/case-page.test.ts checks the link and
// cookie rules in depth; this adds messages, answers and the staff/patient boundary.)

const STAFF_COOKIE = 'kd_staff';

describeEachDatabase('security: patient and staff isolation', (kind) => {
  let t: TestApp;
  let mail: MailCatcher;
  let expert: SignedInMember;
  let a: AskedConsultation & { link: string };
  let b: AskedConsultation & { link: string };

  const ask = async (who: string): Promise<AskedConsultation & { link: string }> => {
    const asked = await askConsultation(t, { email: `${who}@example.com`, name: `Patient ${who}`, description: `Secret words of ${who}: my potassium is 6.1 today.` },
      [filePart(`${who}-labs.pdf`, buildPdf({ text: `Report of ${who}` }))]);
    const received = (await mail.deliver()).find((m) => m.envelopeTo.includes(`${who}@example.com`));
    assert.ok(received, `a mail to ${who}`);
    return { ...asked, link: new URL(caseLinkIn(received)).pathname };
  };

  before(async () => {
    t = await createTestApp(kind, { env: { ...CONSOLE_TEST_ENV } });
    mail = await catchMail(t);
    a = await ask('alice');
    b = await ask('bob');
    expert = await signedIn(t, 'expert', new Date());
    // Each patient gets a follow-up and an answer, so messages of both kinds exist on both cases.
    for (const p of [a, b]) {
      const who = p === a ? 'alice' : 'bob';
      const csrf = csrfOf((await getWithCase(t.app, '/case', p.cookie)).body);
      const follow = await t.app.inject({
        method: 'POST', url: '/case/messages', cookies: { [CASE_COOKIE]: p.cookie },
        headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ csrf, body: `Follow-up only ${who} wrote.` }).toString(),
      });
      assert.equal(follow.statusCode, 303);
      const answered = await expert.browser.post(`/staff/consultations/${p.id}/answer`, { csrf: expert.csrf, markdown: `An answer meant for ${who} alone.`, action: 'send' });
      assert.equal(answered.statusCode, 303, answered.body);
    }
  });
  after(async () => {
    await mail?.close();
    await t?.close();
  });

  const own = (p: typeof a) => (p === a ? 'alice' : 'bob');
  const secretsOf = (p: typeof a) => [p.reference, `Secret words of ${own(p)}`, `Follow-up only ${own(p)} wrote.`, `An answer meant for ${own(p)} alone.`, `${own(p)}-labs.pdf`, `Patient ${own(p)}`];
  const noBytes = (res: LightMyRequestResponse) => !res.rawPayload.includes('%PDF');

  it("each patient's cookie shows their own case, messages, answer and file — never the other's", async () => {
    for (const [me, other] of [[a, b], [b, a]] as const) {
      const page = await getWithCase(t.app, '/case', me.cookie);
      assert.equal(page.statusCode, 200);
      for (const text of secretsOf(me)) if (!text.startsWith('Patient ')) assert.ok(page.body.includes(text), `${own(me)} sees ${text}`);
      for (const text of secretsOf(other)) assert.ok(!page.body.includes(text), `${own(me)} never sees ${text}`);
      assert.equal((await getWithCase(t.app, `/case/files/${me.fileIds[0]}`, me.cookie)).statusCode, 200);
      const denied = await getWithCase(t.app, `/case/files/${other.fileIds[0]}`, me.cookie);
      assert.equal(denied.statusCode, 404, `${own(me)}'s cookie cannot fetch the other's file`);
      assert.ok(noBytes(denied));
    }
  });

  it("A's private link opens A's case only; a guessed or altered link token is a 404 with no cookie", async () => {
    const opened = await t.app.inject({ method: 'POST', url: a.link, cookies: { [CASE_COOKIE]: b.cookie } });
    assert.equal(opened.statusCode, 303);
    const cookie = opened.cookies.find((c) => c.name === CASE_COOKIE)!.value;
    const page = await getWithCase(t.app, '/case', cookie);
    assert.ok(page.body.includes(a.reference) && !page.body.includes(b.reference), "A's link replaces B's session with A's case, not a mix");
    const token = a.link.slice(a.link.lastIndexOf('/') + 1);
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    for (const bad of [randomBytes(32).toString('base64url'), `${flip(token[0]!)}${token.slice(1)}`, `${token.slice(0, 20)}${flip(token[20]!)}${token.slice(21)}`, token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase(), `${token}=`]) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url: `/case/access/${encodeURIComponent(bad)}` });
        assert.equal(res.statusCode, 404, `${method} a modified token`);
        assert.equal(res.headers['set-cookie'], undefined, 'no session for a bad token');
        for (const text of [...secretsOf(a), ...secretsOf(b)]) assert.ok(!res.body.includes(text));
      }
    }
  });

  it("a staff session cookie does not open a patient's /case page or files", async () => {
    const staffCookie = expert.browser.cookies.get(STAFF_COOKIE);
    assert.ok(staffCookie, 'the expert has a session cookie');
    const cookies = { [STAFF_COOKIE]: staffCookie };
    const page = await t.app.inject({ url: '/case', cookies });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Open your case page from your e-mail'), 'the no-case page');
    for (const text of [...secretsOf(a), ...secretsOf(b)]) assert.ok(!page.body.includes(text), `staff cookie on /case shows no ${text}`);
    // The staff cookie's value used as a case cookie is no case session either.
    const asCase = await getWithCase(t.app, '/case', staffCookie);
    assert.ok(asCase.body.includes('Open your case page from your e-mail'));
    for (const id of [a.fileIds[0]!, b.fileIds[0]!]) {
      const file = await t.app.inject({ url: `/case/files/${id}`, cookies });
      assert.equal(file.statusCode, 404);
      assert.ok(noBytes(file));
    }
  });

  it('a patient case cookie opens no /staff page and no staff file URL', async () => {
    const urls = ['/staff', '/staff/consultations', `/staff/consultations/${a.id}`, `/staff/consultations/${a.id}/answer`,
      `/staff/consultations/${a.id}/files/${a.fileIds[0]}?download=1`, '/staff/dashboard', '/staff/dashboard.csv', '/staff/templates', '/staff/audit', '/staff/team'];
    for (const url of urls) {
      for (const cookies of [{ [CASE_COOKIE]: a.cookie }, { [STAFF_COOKIE]: a.cookie }] as Record<string, string>[]) {
        const res = await t.app.inject({ url, cookies });
        assert.equal(res.statusCode, 303, `${url} with a patient cookie → sign-in`);
        assert.match(String(res.headers.location), /^\/staff\/login/);
        assert.ok(noBytes(res));
        for (const text of secretsOf(a)) assert.ok(!res.body.includes(text));
      }
    }
    const post = await t.app.inject({ method: 'POST', url: `/staff/consultations/${a.id}/notes`, cookies: { [CASE_COOKIE]: a.cookie }, payload: { note: 'x', csrf: csrfOf((await getWithCase(t.app, '/case', a.cookie)).body) } });
    assert.ok([303, 403].includes(post.statusCode), `a staff POST with a patient cookie and form token is refused (${post.statusCode})`);
    const notes = await t.ctx.db.selectFrom('consultation_notes').select('id').where('consultation_id', '=', a.id).execute();
    assert.equal(notes.length, 0, 'no note stored');
  });
});
