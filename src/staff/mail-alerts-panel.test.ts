import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mailErrorCode, maskAddress } from './mail-alerts-panel.ts';

// The console's mail problems show as little of a message as staff need to act on it.

it('masks a recipient to its first character and its domain', () => {
  assert.equal(maskAddress('ann.patient@example.org'), 'a…@example.org');
  assert.equal(maskAddress('x@example.org'), 'x…@example.org');
  assert.equal(maskAddress('no-at-sign'), '…');
  assert.equal(maskAddress('@example.org'), '…');
});

it('shows the code of a stored send error, never its text', () => {
  assert.equal(mailErrorCode('EENVELOPE 451: Can\'t send mail - all recipients were rejected: 451 4.2.0 mailbox busy'), 'EENVELOPE 451');
  assert.equal(mailErrorCode('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25'), 'ECONNREFUSED');
  assert.equal(mailErrorCode('<script>alert(1)</script>'), 'ERROR');
  assert.equal(mailErrorCode(null), '—');
});
