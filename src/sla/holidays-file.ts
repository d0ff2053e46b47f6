/**
 * Holidays announced for a year the `chinese-days` package does not cover yet. The State Council
 * publishes a year's arrangement in the autumn before it and the package follows some weeks later,
 * while deadlines set in December already reach into January. Until the package is upgraded, a
 * JSON file named by HOLIDAYS_FILE gives the arrangement, in the package's own shape:
 * `{"holidays": {"2027-01-01": "元旦", …}, "workdays": {"YYYY-MM-DD": "调休上班", …}}` — days off,
 * and weekend days made working days (调休上班), each a Shanghai calendar date with its name.
 */
import { z } from 'zod';
import { readConfigFile } from '../config-file';

const isCalendarDate = (key: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(key) && new Date(`${key}T00:00:00Z`).toISOString().startsWith(key);

const days = z.record(z.string(), z.string()).superRefine((record, ctx) => {
  for (const key of Object.keys(record)) {
    if (!isCalendarDate(key)) ctx.addIssue({ code: 'custom', path: [key], message: '应为日历上的日期，写作 YYYY-MM-DD' });
  }
});

const schema = z.strictObject({ holidays: days, workdays: days.default({}) }).superRefine((file, ctx) => {
  for (const key of Object.keys(file.workdays)) {
    if (key in file.holidays) ctx.addIssue({ code: 'custom', path: ['workdays', key], message: '同一天不能既放假又上班' });
  }
});

export interface AnnouncedDays {
  holidays: string[];
  workdays: string[];
}

export function readHolidaysFile(path: string | undefined): AnnouncedDays {
  if (!path) return { holidays: [], workdays: [] };
  const file = readConfigFile('HOLIDAYS_FILE', path, schema);
  return { holidays: Object.keys(file.holidays), workdays: Object.keys(file.workdays) };
}
