import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

// REMINDER_AFTER_HOURS and DEADLINE_CHECK_SECONDS (the answer deadline checks).

it('reminds after 20 of 24 hours and checks every minute by default', () => {
  const config = loadConfig({});
  assert.equal(config.reminderAfterHours, 20);
  assert.equal(config.deadlineCheckSeconds, 60);
  assert.equal(loadConfig({ ANSWER_TARGET_HOURS: '48' }).reminderAfterHours, 40, 'five sixths of another target');
  assert.equal(loadConfig({ ANSWER_TARGET_HOURS: '12', REMINDER_AFTER_HOURS: '9', DEADLINE_CHECK_SECONDS: '30' }).reminderAfterHours, 9);
});

it('lists a reminder that is not before the deadline, and a bad interval, with the other bad keys', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
    return [];
  };
  assert.deepEqual(problems({ REMINDER_AFTER_HOURS: '24' }), ['REMINDER_AFTER_HOURS: must be less than ANSWER_TARGET_HOURS (24), got "24"']);
  const listed = problems({ REMINDER_AFTER_HOURS: 'soon', DEADLINE_CHECK_SECONDS: '0', PORT: 'x' });
  assert.equal(listed.length, 3);
  assert.ok(listed.some((p) => p.startsWith('REMINDER_AFTER_HOURS: expected a whole number')));
  assert.ok(listed.some((p) => p.startsWith('DEADLINE_CHECK_SECONDS: expected a whole number from 1 to 3600')));
});
