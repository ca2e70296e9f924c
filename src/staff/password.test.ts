import { it } from 'node:test';
import assert from 'node:assert/strict';
import { argon2Sync } from 'node:crypto';
import { dummyVerify, hashPassword, needsRehash, passwordProblem, PASSWORD_COST, verifyPassword } from './password.ts';

it('hashes to an argon2id PHC string with the OWASP parameters and a fresh salt', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, 'each hash has its own salt');
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterY', a), false);
  assert.equal(await verifyPassword('', a), false);
  assert.equal(needsRehash(a), false);
});

it('verifies a hash made with other (stored) parameters, and flags it for rehashing when weaker', async () => {
  const weak = await hashPassword('pw for old hash', { memory: 1024, passes: 1, parallelism: 1 });
  assert.match(weak, /\$m=1024,t=1,p=1\$/);
  assert.equal(await verifyPassword('pw for old hash', weak), true);
  assert.equal(needsRehash(weak, PASSWORD_COST), true);
});

it('refuses malformed or tampered hashes, and parameters that would cost minutes', async () => {
  const good = await hashPassword('some long password');
  for (const bad of ['', 'plain', good.replace('argon2id', 'argon2i'), good.replace('v=19', 'v=16'), good.replace('m=19456', 'm=9999999'),
    good.replace('t=2', 't=99'), good.slice(0, -5), `${good}$extra`]) {
    assert.equal(await verifyPassword('some long password', bad), false, bad);
  }
});

it('the dummy verification takes about as long as a real one and is always false', async () => {
  const real = await hashPassword('x'.repeat(12));
  let t = performance.now();
  await verifyPassword('y'.repeat(12), real);
  const realMs = performance.now() - t;
  await dummyVerify('warm up');
  t = performance.now();
  assert.equal(await dummyVerify('y'.repeat(12)), false);
  const dummyMs = performance.now() - t;
  assert.ok(dummyMs > realMs / 4, `dummy ${dummyMs.toFixed(1)} ms vs real ${realMs.toFixed(1)} ms`);
});

it("node's argon2id is the RFC 9106 one (test vector 5.3)", () => {
  const tag = argon2Sync('argon2id', {
    message: Buffer.alloc(32, 1), nonce: Buffer.alloc(16, 2), secret: Buffer.alloc(8, 3), associatedData: Buffer.alloc(12, 4),
    parallelism: 4, tagLength: 32, memory: 32, passes: 3,
  });
  assert.equal(tag.toString('hex'), '0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
});

it('password policy: length, common passwords, not the e-mail address', () => {
  const email = 'Ann.Expert@clinic.example';
  assert.equal(passwordProblem('blue kidney lantern', email), undefined);
  assert.match(passwordProblem('short1!', email)!, /at least 12/);
  assert.match(passwordProblem('x'.repeat(201), email)!, /at most 200/);
  assert.match(passwordProblem('Password1234', email)!, /too common/);
  assert.match(passwordProblem('QWERTY123456', email)!, /too common/);
  assert.match(passwordProblem('aaaaaaaaaaaaaa', email)!, /too common/);
  assert.match(passwordProblem('ann.expert@clinic.example', email)!, /e-mail/);
  assert.match(passwordProblem('Ann.Expert', email)!, /at least 12/);
  assert.match(passwordProblem('ann.expert.x', 'ann.expert.x@clinic.example')!, /e-mail/);
  assert.match(passwordProblem('tab\there-password', email)!, /letters/);
  assert.equal(passwordProblem('ünïcödé pässwörd', email), undefined);
});
