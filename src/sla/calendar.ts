/**
 * Working-day calendar for SLA deadlines, in China Standard Time (Asia/Shanghai, UTC+8, no DST).
 *
 * Inputs and outputs are Date instants; every "day" below is a Shanghai calendar day,
 * whatever the server's own time zone is.
 *
 * Holiday data comes from the `chinese-days` package's published JSON tables (as announced by
 * the State Council) rather than its `isWorkday()` API: that API formats dates in the process's
 * local time zone and returns shifted days on servers west of UTC. The tables are plain
 * 'YYYY-MM-DD' keys, which we index once at load time, so lookups are O(1).
 *
 * Years the package has no data for fall back to plain weekends (Mon–Fri working); nothing
 * throws for them. Upgrade `chinese-days` each December, once the next year is announced; until
 * it covers that year, HOLIDAYS_FILE gives the announced days (holidays-file.ts), and /healthz
 * warns of a year deadlines can reach whose holidays are known from neither.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { readHolidaysFile } from './holidays-file';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' key (UTC arithmetic, so no time-zone effects). */
function dayNumberOfKey(key: string): number {
  const [y, m, d] = key.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

const announced = readHolidaysFile(process.env.HOLIDAYS_FILE);
const HOLIDAY_KEYS = [...Object.keys(chineseDays.holidays), ...announced.holidays];
const HOLIDAYS = new Set(HOLIDAY_KEYS.map(dayNumberOfKey));
const MAKE_UP_WORKDAYS = new Set([...Object.keys(chineseDays.workdays), ...announced.workdays].map(dayNumberOfKey));
const YEARS_WITH_DATA = new Set(HOLIDAY_KEYS.map((key) => Number(key.slice(0, 4))));
/**
 * How far ahead a deadline set now can fall: the longest limit a province may set (60 working
 * days, sla-policy-file.ts) with the weekends and holidays in between.
 */
const DEADLINE_REACH_DAYS = 120;

/** Shanghai calendar day of an instant, as days since 1970-01-01. */
function shanghaiDayNumber(date: Date): number {
  const ms = date.getTime();
  // A NaN day number would make the day-stepping loops below run forever.
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function isWorkingDayNumber(day: number): boolean {
  if (MAKE_UP_WORKDAYS.has(day)) return true;
  if (HOLIDAYS.has(day)) return false;
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

function nextWorkingDayOnOrAfter(day: number): number {
  while (!isWorkingDayNumber(day)) day++;
  return day;
}

/** 23:59:59.999 Shanghai time on the given day. */
function endOfDayNumber(day: number): Date {
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/** Whether the holidays of this year are known (`chinese-days` or HOLIDAYS_FILE); other years are plain weekends. */
export function hasHolidayData(year: number): boolean {
  return YEARS_WITH_DATA.has(year);
}

/**
 * What operators must hear about the calendar at `now`: the years a deadline set now can reach
 * whose holidays are unknown, so that a Spring Festival would be counted as working days.
 */
export function calendarWarning(now: Date): string | null {
  const [first, last] = [now, new Date(now.getTime() + DEADLINE_REACH_DAYS * DAY_MS)].map((d) => Number(shanghaiDate(d).slice(0, 4)));
  const missing = Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((year) => !hasHolidayData(year));
  if (!missing.length) return null;
  return `${missing.join('、')} 年的法定节假日未知，截止时间按双休日计算：请升级 chinese-days，或把国务院公布的放假安排写入 HOLIDAYS_FILE`;
}

/** The Shanghai calendar date of an instant, as 'YYYY-MM-DD'. */
export function shanghaiDate(date: Date): string {
  return new Date(shanghaiDayNumber(date) * DAY_MS).toISOString().slice(0, 10);
}

/** The instant at `hour`:00 Shanghai time on the Shanghai day of `date`. */
export function atShanghaiHour(date: Date, hour: number): Date {
  return new Date(shanghaiDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS + hour * 3_600_000);
}

/**
 * Whether the Shanghai day of `date` is a working day: Mon–Fri unless a public holiday,
 * plus weekend days the State Council made working days (调休上班).
 */
export function isWorkingDay(date: Date): boolean {
  return isWorkingDayNumber(shanghaiDayNumber(date));
}

/**
 * End (23:59:59.999 Shanghai) of the day of `date` if it is a working day, else of the next one.
 *
 * Deadlines end at midnight rather than at an office-hours close such as 18:00 because the
 * hotline counts whole days: "within 3 working days" means any time on the third day, units
 * keep different office hours, and a deadline shown as a date then means all of that date.
 */
export function endOfWorkingDay(date: Date): Date {
  return endOfDayNumber(nextWorkingDayOnOrAfter(shanghaiDayNumber(date)));
}

/**
 * Deadline `n` working days after `from`: the end (23:59:59.999 Shanghai) of the n-th working
 * day strictly after the Shanghai day of `from`. The rest of the starting day is a bonus, so an
 * order dispatched at 17:00 is not penalised against one dispatched at 09:00.
 *
 * Counting only looks at days after `from`'s day, so when `from` is a day off the first working
 * day after it is day 1 (+1 from Saturday = end of Monday, the same as +1 from Friday).
 * n = 0 is `endOfWorkingDay(from)`: end of today, or of the next working day if today is off.
 *
 * Invariant for n >= 1: workingDaysBetween(from, addWorkingDays(from, n)) === n.
 */
export function addWorkingDays(from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (n === 0) return endOfWorkingDay(from);
  let day = shanghaiDayNumber(from);
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDayNumber(day)) left--;
  }
  return endOfDayNumber(day);
}

/**
 * Whole working days from `a` to `b`: the number of working days d with day(a) < d <= day(b),
 * by Shanghai calendar day (times of day are ignored); negative, by the same count, when b's
 * day is before a's. Same day → 0; dispatched Friday, reported Monday → 1.
 */
export function workingDaysBetween(a: Date, b: Date): number {
  const start = shanghaiDayNumber(a);
  const end = shanghaiDayNumber(b);
  const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) {
    if (isWorkingDayNumber(day)) count++;
  }
  return sign * count;
}
