import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, readEnvFile, ConfigError } from './config.ts';

test('defaults give a working local set-up', () => {
  const config = loadConfig({}, { cwd: '/srv/kd' });
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, '/srv/kd/data');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.baseUrl, 'http://localhost:3000');
  assert.ok(Object.isFrozen(config));
});

test('every bad key is listed at once', () => {
  let caught: unknown;
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', BASE_URL: 'not a url', SMTP_URL: 'http://mail', LOG_LEVEL: 'loud', MAIL_FROM: 'a\r\nBcc: b@c' });
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError);
  const keys = caught.problems.map((p) => p.split(':')[0]);
  assert.deepEqual(keys.sort(), ['BASE_URL', 'DATABASE_URL', 'LOG_LEVEL', 'MAIL_FROM', 'PORT', 'SMTP_URL']);
  assert.match(caught.message, /PORT: expected a whole number/);
});

test('BASE_URL loses its trailing slash and DATABASE_URL is kept', () => {
  const config = loadConfig({ BASE_URL: 'https://kidney.example/', DATABASE_URL: 'postgres://u@h/db', PORT: '8080' });
  assert.equal(config.baseUrl, 'https://kidney.example');
  assert.equal(config.databaseUrl, 'postgres://u@h/db');
  assert.equal(config.port, 8080);
});

test('.env files are read, and a missing one is not an error', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kd-env-'));
  writeFileSync(path.join(dir, '.env'), '# comment\nPORT=4000\nMAIL_FROM="Clinic <desk@clinic.example>"\n');
  assert.deepEqual(readEnvFile(path.join(dir, '.env')), { PORT: '4000', MAIL_FROM: 'Clinic <desk@clinic.example>' });
  assert.deepEqual(readEnvFile(path.join(dir, 'missing.env')), {});
});
