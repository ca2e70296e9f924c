import { it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../app.ts';
import { createTestEnv } from '../../test/databases.ts';
import { createStaffAccount } from './staff.service.ts';

it('request logs never carry a set-up or reset link\'s secret', async () => {
  const env = await createTestEnv('sqlite');
  const lines: string[] = [];
  const app = await buildApp(env.ctx, { logger: { level: 'info', stream: { write: (line: string) => { lines.push(line); } } } });
  try {
    const { setupLink } = await createStaffAccount(env.ctx, { email: 'log@clinic.example', name: 'Lo G', role: 'editor', isReviewer: false }, { type: 'system' }, { mail: false });
    const token = setupLink.split('/').pop()!;
    const dead = 'Z'.repeat(43);
    for (const url of [`/staff/setup/${token}`, `/staff/setup/${token}/code`, `/staff/password-reset/${dead}`]) {
      await app.inject({ method: 'GET', url });
      await app.inject({ method: 'POST', url, payload: 'password=x&confirm=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    }
    const log = lines.join('');
    assert.match(log, /\/staff\/setup\/\[secret\]/, 'the requests were logged');
    assert.ok(!log.includes(token) && !log.includes(dead), 'no secret in the log');
  } finally {
    await app.close();
    await env.close();
  }
});
