/**
 * HOLIDAYS_FILE: the holidays announced for a year `chinese-days` does not cover yet. The file is
 * read when the calendar loads, so it is set before the server's modules are loaded here; 2030
 * is a year the package has no data for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHolidaysFile } from '../../src/sla/holidays-file';
import type { Harness } from '../support/harness';

const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);

const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
const fileWith = (content: string) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return file;
};
// 2030-01-01 is a Tuesday, 2030-01-05 a Saturday.
const announced = fileWith(JSON.stringify({ holidays: { '2030-01-01': '元旦' }, workdays: { '2030-01-05': '调休上班' } }));

let h: Harness;
let now = sh('2029-12-31 10:00'); // a Monday
let calendar: typeof import('../../src/sla/calendar');
beforeAll(async () => {
  process.env.HOLIDAYS_FILE = announced;
  // Loaded only now, after the variable is set (an import would be hoisted above it).
  const { Harness } = require('../support/harness') as typeof import('../support/harness');
  calendar = require('../../src/sla/calendar') as typeof import('../../src/sla/calendar');
  h = await Harness.start({ clock: () => now });
});
afterAll(async () => {
  delete process.env.HOLIDAYS_FILE;
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the announced days count: a holiday is a day off, a make-up workday a working day', () => {
  expect(calendar.hasHolidayData(2030)).toBe(true);
  expect(calendar.isWorkingDay(sh('2030-01-01 10:00'))).toBe(false);
  expect(calendar.isWorkingDay(sh('2030-01-05 10:00'))).toBe(true);
  expect(calendar.addWorkingDays(sh('2030-01-04 10:00'), 1)).toEqual(sh('2030-01-05 23:59:59.999')); // Fri → Sat
});

test('an order dispatched before the holiday is due after it', async () => {
  const order = await h.register();
  const dispatched = await h.act('demo-agent', order.id, 'dispatch', { unitId: await h.unitId('440100') });
  // One working day to sign: not New Year's Day, the day after.
  expect(dispatched.body.deadlines.signDueAt).toBe(sh('2030-01-02 23:59:59.999').toISOString());
});

test('/healthz warns of a year deadlines can reach that neither the package nor the file covers', async () => {
  const health = await h.request('GET', '/healthz');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({ status: 'ok', db: 'up', warnings: [expect.stringMatching(/^2029 年的法定节假日未知/)] });
  now = sh('2030-03-01 10:00');
  expect((await h.request('GET', '/healthz')).body).toEqual({ status: 'ok', db: 'up' });
});

test('without a file nothing is added', () => {
  expect(readHolidaysFile(undefined)).toEqual({ holidays: [], workdays: [] });
});

test.each([
  ['a day that is not on the calendar', '{"holidays": {"2030-02-30": "春节"}}', 'holidays.2030-02-30'],
  ['a date written otherwise', '{"holidays": {"2030/1/1": "元旦"}}', 'holidays.2030/1/1'],
  ['a day both off and worked', '{"holidays": {"2030-01-01": "元旦"}, "workdays": {"2030-01-01": "上班"}}', 'workdays.2030-01-01'],
  ['an unknown section', '{"holidays": {}, "festivals": {}}', '(file)'],
  ['no holidays at all', '{"workdays": {}}', 'holidays'],
])('%s stops the start, naming the field', (_, content, field) => {
  const file = fileWith(content);
  expect(() => readHolidaysFile(file)).toThrow(new RegExp(`HOLIDAYS_FILE .*\\.json:\\n([^\\n]*\\n)*${field.replace(/[.()/]/g, '\\$&')}: `));
});

test('a file that is not JSON, or missing, stops the start, naming the file', () => {
  expect(() => readHolidaysFile(fileWith('{"holidays": '))).toThrow(/^HOLIDAYS_FILE .*\.json: /);
  expect(() => readHolidaysFile(join(dir, 'missing.json'))).toThrow(/^HOLIDAYS_FILE .*missing\.json: /);
});
