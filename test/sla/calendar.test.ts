import { isWorkday } from 'chinese-days';
import {
  addWorkingDays, atShanghaiHour, calendarWarning, endOfWorkingDay, hasHolidayData, isWorkingDay, shanghaiDate,
  workingDaysBetween,
} from '../../src/sla/calendar';

/** An instant given as Shanghai wall-clock time, e.g. sh('2025-09-30 10:00'). */
const sh = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
/** The deadline instant at the end of a Shanghai day. */
const endOf = (day: string): Date => sh(`${day} 23:59:59.999`);

/** Shanghai dates in [from, to] that are working days. */
function workingDates(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = sh(`${from} 12:00`).getTime(); t <= sh(`${to} 12:00`).getTime(); t += 86_400_000) {
    if (isWorkingDay(new Date(t))) dates.push(shanghaiDate(new Date(t)));
  }
  return dates;
}

describe('holiday data as announced by the State Council', () => {
  it('2025 Spring Festival: Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked', () => {
    expect(workingDates('2025-01-20', '2025-02-10')).toEqual([
      '2025-01-20', '2025-01-21', '2025-01-22', '2025-01-23', '2025-01-24',
      '2025-01-26', '2025-01-27',
      '2025-02-05', '2025-02-06', '2025-02-07', '2025-02-08',
      '2025-02-10',
    ]);
  });

  it('2025 National Day and Mid-Autumn: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked', () => {
    expect(workingDates('2025-09-26', '2025-10-13')).toEqual([
      '2025-09-26', '2025-09-28', '2025-09-29', '2025-09-30',
      '2025-10-09', '2025-10-10', '2025-10-11', '2025-10-13',
    ]);
  });

  it("2026 New Year's Day: Jan 1–3 off, Sun Jan 4 worked", () => {
    expect(workingDates('2025-12-31', '2026-01-05')).toEqual(['2025-12-31', '2026-01-04', '2026-01-05']);
  });

  it('2026 Spring Festival: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked', () => {
    expect(workingDates('2026-02-09', '2026-03-02')).toEqual([
      '2026-02-09', '2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13', '2026-02-14',
      '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28',
      '2026-03-02',
    ]);
  });

  it('2026 Mid-Autumn Sep 25–27 and National Day Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked', () => {
    expect(workingDates('2026-09-18', '2026-10-12')).toEqual([
      '2026-09-18', '2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24',
      '2026-09-28', '2026-09-29', '2026-09-30',
      '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12',
    ]);
  });

  // The package's own API is only reliable in time zones at or east of UTC (see calendar.ts).
  (new Date().getTimezoneOffset() <= 0 ? it : it.skip)('agrees with chinese-days isWorkday() for every day of 2025–2026', () => {
    const disagreements: string[] = [];
    for (let t = sh('2025-01-01 12:00').getTime(); t <= sh('2026-12-31 12:00').getTime(); t += 86_400_000) {
      const day = shanghaiDate(new Date(t));
      if (isWorkingDay(new Date(t)) !== isWorkday(day)) disagreements.push(day);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('shanghaiDate / isWorkingDay: Shanghai, not UTC, decides the day', () => {
  it('2025-09-30T16:30Z is already Oct 1 (a holiday) in Shanghai', () => {
    const instant = new Date('2025-09-30T16:30:00Z');
    expect(shanghaiDate(instant)).toBe('2025-10-01');
    expect(isWorkingDay(instant)).toBe(false);
  });

  it('2025-09-30T15:59:59.999Z is still Sep 30 (a working day)', () => {
    const instant = new Date('2025-09-30T15:59:59.999Z');
    expect(shanghaiDate(instant)).toBe('2025-09-30');
    expect(isWorkingDay(instant)).toBe(true);
  });

  it('Friday evening UTC can be the make-up Saturday in Shanghai', () => {
    expect(isWorkingDay(new Date('2025-10-10T16:30:00Z'))).toBe(true); // Sat Oct 11, 00:30
    expect(isWorkingDay(new Date('2025-10-11T16:30:00Z'))).toBe(false); // Sun Oct 12, 00:30
  });

  it('atShanghaiHour gives that hour on the Shanghai day', () => {
    expect(atShanghaiHour(new Date('2025-09-30T16:30:00Z'), 9)).toEqual(new Date('2025-10-01T01:00:00Z'));
  });
});

describe('endOfWorkingDay', () => {
  it('is 23:59:59.999 Shanghai (15:59:59.999Z) of a working day', () => {
    expect(endOfWorkingDay(sh('2025-09-30 08:00'))).toEqual(new Date('2025-09-30T15:59:59.999Z'));
  });

  it('moves a holiday to the end of the next working day', () => {
    expect(endOfWorkingDay(sh('2025-10-03 10:00'))).toEqual(endOf('2025-10-09'));
  });

  it('keeps a make-up Sunday', () => {
    expect(endOfWorkingDay(sh('2025-01-26 10:00'))).toEqual(endOf('2025-01-26'));
  });
});

describe('addWorkingDays', () => {
  it('counts plain weekdays in an ordinary week', () => {
    expect(addWorkingDays(sh('2025-03-03 10:00'), 3)).toEqual(endOf('2025-03-06'));
    expect(addWorkingDays(sh('2025-03-07 10:00'), 1)).toEqual(endOf('2025-03-10')); // Fri → Mon
  });

  it('ignores the time of day of the start', () => {
    expect(addWorkingDays(sh('2025-03-03 00:00'), 2)).toEqual(endOf('2025-03-05'));
    expect(addWorkingDays(sh('2025-03-03 23:59:59.999'), 2)).toEqual(endOf('2025-03-05'));
  });

  it('from a plain Saturday, +1 is the end of Monday', () => {
    expect(addWorkingDays(sh('2025-03-08 10:00'), 1)).toEqual(endOf('2025-03-10'));
  });

  it('n = 0 is the end of today, or of the next working day when today is off', () => {
    expect(addWorkingDays(sh('2025-09-30 10:00'), 0)).toEqual(endOf('2025-09-30'));
    expect(addWorkingDays(sh('2025-03-08 10:00'), 0)).toEqual(endOf('2025-03-10'));
    expect(addWorkingDays(sh('2025-10-11 10:00'), 0)).toEqual(endOf('2025-10-11')); // make-up Saturday
  });

  it('skips the 2025 Spring Festival', () => {
    expect(addWorkingDays(sh('2025-01-27 15:00'), 1)).toEqual(endOf('2025-02-05'));
    expect(addWorkingDays(sh('2025-01-27 15:00'), 4)).toEqual(endOf('2025-02-08')); // make-up Saturday
  });

  it('counts make-up weekend days as working days', () => {
    expect(addWorkingDays(sh('2025-02-07 10:00'), 1)).toEqual(endOf('2025-02-08')); // Fri → Sat
    expect(addWorkingDays(sh('2025-01-25 10:00'), 1)).toEqual(endOf('2025-01-26')); // Sat → Sun
    expect(addWorkingDays(sh('2025-09-26 10:00'), 1)).toEqual(endOf('2025-09-28')); // Fri → Sun
  });

  it('skips the 2025 National Day holiday', () => {
    expect(addWorkingDays(sh('2025-09-30 10:00'), 1)).toEqual(endOf('2025-10-09'));
    expect(addWorkingDays(sh('2025-09-30 10:00'), 3)).toEqual(endOf('2025-10-11'));
    expect(addWorkingDays(sh('2025-09-30 10:00'), 4)).toEqual(endOf('2025-10-13'));
  });

  it('starting on a holiday counts from the first working day after it', () => {
    expect(addWorkingDays(sh('2025-10-03 10:00'), 1)).toEqual(endOf('2025-10-09'));
    expect(addWorkingDays(sh('2025-10-03 10:00'), 2)).toEqual(endOf('2025-10-10'));
  });

  it('starting just after Shanghai midnight on Oct 1 (still Sep 30 in UTC) starts on the holiday', () => {
    expect(addWorkingDays(new Date('2025-09-30T16:30:00Z'), 0)).toEqual(endOf('2025-10-09'));
    expect(addWorkingDays(new Date('2025-09-30T15:30:00Z'), 0)).toEqual(endOf('2025-09-30'));
  });

  it('skips the 2026 Spring Festival', () => {
    expect(addWorkingDays(sh('2026-02-13 10:00'), 1)).toEqual(endOf('2026-02-14')); // make-up Saturday
    expect(addWorkingDays(sh('2026-02-14 10:00'), 1)).toEqual(endOf('2026-02-24'));
    expect(addWorkingDays(sh('2026-02-12 10:00'), 10)).toEqual(endOf('2026-03-04'));
  });

  it('skips the 2026 Mid-Autumn and National Day holidays', () => {
    expect(addWorkingDays(sh('2026-09-24 10:00'), 1)).toEqual(endOf('2026-09-28'));
    expect(addWorkingDays(sh('2026-09-30 10:00'), 1)).toEqual(endOf('2026-10-08'));
    expect(addWorkingDays(sh('2026-09-30 10:00'), 3)).toEqual(endOf('2026-10-10'));
  });

  it("crosses from 2025 into 2026 over New Year's Day to the make-up Sunday", () => {
    expect(addWorkingDays(sh('2025-12-31 10:00'), 1)).toEqual(endOf('2026-01-04'));
  });

  it('always lands on a working day, exactly n working days later', () => {
    for (let t = sh('2025-01-01 09:30').getTime(); t <= sh('2026-12-31 09:30').getTime(); t += 86_400_000) {
      const from = new Date(t);
      for (const n of [1, 2, 3, 5, 10, 15]) {
        const due = addWorkingDays(from, n);
        expect(isWorkingDay(due)).toBe(true);
        expect(workingDaysBetween(from, due)).toBe(n);
      }
    }
  });

  it('rejects a negative or fractional n and an invalid date instead of looping', () => {
    expect(() => addWorkingDays(sh('2025-03-03 10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(sh('2025-03-03 10:00'), 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date('nonsense'), 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days d with day(a) < d <= day(b)', () => {
    expect(workingDaysBetween(sh('2025-03-03 10:00'), sh('2025-03-03 18:00'))).toBe(0);
    expect(workingDaysBetween(sh('2025-03-07 17:00'), sh('2025-03-10 09:00'))).toBe(1); // Fri → Mon
    expect(workingDaysBetween(sh('2025-03-08 10:00'), sh('2025-03-09 10:00'))).toBe(0); // Sat → Sun
  });

  it('skips the 2025 National Day holiday and counts its make-up days', () => {
    expect(workingDaysBetween(sh('2025-09-30 23:00'), sh('2025-10-09 00:01'))).toBe(1);
    // Sep 28 (Sun), 29, 30, Oct 9, 10, 11 (Sat), 13
    expect(workingDaysBetween(sh('2025-09-26 10:00'), sh('2025-10-13 10:00'))).toBe(7);
  });

  it('skips the 2026 Spring Festival', () => {
    expect(workingDaysBetween(sh('2026-02-13 10:00'), sh('2026-02-24 10:00'))).toBe(2); // Feb 14, Feb 24
  });

  it('is negative when b is before a', () => {
    expect(workingDaysBetween(sh('2025-10-13 10:00'), sh('2025-09-26 10:00'))).toBe(-7);
  });

  it('uses Shanghai days at the UTC date boundary', () => {
    // Sep 30 23:30 Shanghai → Oct 1 00:30 Shanghai: one calendar day, but a holiday
    expect(workingDaysBetween(new Date('2025-09-30T15:30:00Z'), new Date('2025-09-30T16:30:00Z'))).toBe(0);
    // Oct 10 23:30 Shanghai → Oct 11 00:30 Shanghai (make-up Saturday)
    expect(workingDaysBetween(new Date('2025-10-10T15:30:00Z'), new Date('2025-10-10T16:30:00Z'))).toBe(1);
  });
});

describe('years without holiday data fall back to plain weekends', () => {
  it('knows which years it has data for', () => {
    expect(hasHolidayData(2025)).toBe(true);
    expect(hasHolidayData(2026)).toBe(true);
    expect(hasHolidayData(2003)).toBe(false);
    expect(hasHolidayData(2030)).toBe(false);
  });

  it('treats Oct 1 as an ordinary weekday in 2003 and 2030', () => {
    expect(isWorkingDay(sh('2003-10-01 10:00'))).toBe(true); // Wednesday
    expect(isWorkingDay(sh('2030-10-01 10:00'))).toBe(true); // Tuesday
    expect(isWorkingDay(sh('2030-10-05 10:00'))).toBe(false); // Saturday
    expect(addWorkingDays(sh('2030-10-04 10:00'), 1)).toEqual(endOf('2030-10-07')); // Fri → Mon
    expect(workingDaysBetween(sh('2030-09-30 10:00'), sh('2030-10-07 10:00'))).toBe(5);
  });

  it('never throws for far-off years', () => {
    expect(addWorkingDays(sh('1900-01-01 10:00'), 5)).toEqual(endOf('1900-01-08'));
    expect(addWorkingDays(sh('2200-12-31 10:00'), 1)).toEqual(endOf('2201-01-01'));
  });

  it('warns of every year a deadline set now can reach whose holidays are unknown', () => {
    expect(calendarWarning(sh('2026-03-01 10:00'))).toBeNull();
    expect(calendarWarning(sh('2030-03-01 10:00'))).toMatch(/^2030 年的法定节假日未知/);
    // Deadlines set in the autumn reach into the next year.
    expect(calendarWarning(sh('2030-10-01 10:00'))).toMatch(/^2030、2031 年的法定节假日未知.*HOLIDAYS_FILE/);
  });
});
