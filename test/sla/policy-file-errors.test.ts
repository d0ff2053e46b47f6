import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SLA_POLICY, SLA_POLICY } from '../../src/sla/sla-policy';
import { readSlaPolicy } from '../../src/sla/sla-policy-file';

const dir = mkdtempSync(join(tmpdir(), 'sla-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policyFrom = (content: string) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return () => readSlaPolicy(file, DEFAULT_SLA_POLICY);
};

test('without a file the defaults are in force', () => {
  expect(SLA_POLICY).toBe(DEFAULT_SLA_POLICY);
  expect(readSlaPolicy(undefined, DEFAULT_SLA_POLICY)).toBe(DEFAULT_SLA_POLICY);
});

test('a duration is replaced whole: a sign limit in minutes does not keep the default working days', () => {
  const policy = policyFrom('{"sign": {"regular": {"clockMinutes": 240}}, "handle": {"complex": {"urgent": {"workingDays": 13}}}}')();
  expect(policy.sign).toEqual({ regular: { clockMinutes: 240 }, urgent: DEFAULT_SLA_POLICY.sign.urgent });
  expect(policy.handle.complex).toEqual({ regular: DEFAULT_SLA_POLICY.handle.complex.regular, urgent: { workingDays: 13 } });
  expect(policy.handle.normal).toEqual(DEFAULT_SLA_POLICY.handle.normal);
  expect(policy.cards).toEqual(DEFAULT_SLA_POLICY.cards);
});

test.each([
  ['a number out of range', '{"handle": {"hard": {"regular": {"workingDays": 0}}}}', 'handle.hard.regular.workingDays'],
  ['a misspelt key', '{"cards": {"redAfterWorkingDay": 3}}', 'cards'],
  ['an unknown section', '{"signing": {}}', '(file)'],
  ['both kinds of duration at once', '{"review": {"workingDays": 1, "clockMinutes": 60}}', 'review'],
  ['an hour that is not one', '{"reminders": {"workingDays": {"atShanghaiHour": 24}}}', 'reminders.workingDays.atShanghaiHour'],
  ['a handling limit in minutes', '{"handle": {"normal": {"regular": {"clockMinutes": 60}}}}', 'handle.normal.regular'],
])('%s stops the start, naming the field', (_, content, field) => {
  expect(policyFrom(content)).toThrow(new RegExp(`SLA_POLICY_FILE .*\\.json:\\n([^\\n]*\\n)*${field.replace(/[.()]/g, '\\$&')}: `));
});

test('a file that is not JSON, or missing, stops the start, naming the file', () => {
  expect(policyFrom('{"sign": ')).toThrow(/SLA_POLICY_FILE .*\.json: .*JSON/);
  expect(() => readSlaPolicy(join(dir, 'none.json'), DEFAULT_SLA_POLICY)).toThrow(/SLA_POLICY_FILE .*none\.json: ENOENT/);
});
