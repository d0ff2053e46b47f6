import { addWorkingDays } from '../../src/sla/calendar';
import {
  computeDeadlines, redCardAt, reminderAt, returnNeedsApproval,
  type DeadlineInput,
} from '../../src/sla/sla-policy';
import type { Status } from '../../src/work-orders/lifecycle';
import type { Difficulty } from '../../src/work-orders/work-order.entity';

const sh = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const endOf = (day: string): Date => sh(`${day} 23:59:59.999`);

/** Every timestamp filled in, so the tests show that only the status picks the deadline. */
const base: DeadlineInput = {
  status: 'registered',
  urgent: false,
  difficulty: 'normal',
  dispatchedAt: sh('2025-09-24 10:00'),
  signedAt: sh('2025-09-25 10:00'),
  reviewingSince: sh('2025-09-26 10:00'),
  resolvedAt: sh('2025-09-29 10:00'),
  extensionDays: 0,
};

describe('computeDeadlines: sign deadline while dispatched', () => {
  it('is 1 working day for a regular order', () => {
    const d = computeDeadlines({ ...base, status: 'dispatched', dispatchedAt: sh('2025-09-29 10:00') });
    expect(d).toEqual({
      signDueAt: endOf('2025-09-30'), handleDueAt: null, reviewDueAt: null, revisitDueAt: null,
      nextDueAt: endOf('2025-09-30'), nextDueBasis: 'workingDays',
    });
  });

  it('skips the National Day holiday for a regular order', () => {
    const d = computeDeadlines({ ...base, status: 'dispatched', dispatchedAt: sh('2025-09-30 10:00') });
    expect(d.signDueAt).toEqual(endOf('2025-10-09'));
  });

  it('is 1 clock hour for an urgent order, even at night on a holiday', () => {
    const d = computeDeadlines({ ...base, status: 'dispatched', urgent: true, dispatchedAt: sh('2025-10-01 03:00') });
    expect(d).toEqual({
      signDueAt: sh('2025-10-01 04:00'), handleDueAt: null, reviewDueAt: null, revisitDueAt: null,
      nextDueAt: sh('2025-10-01 04:00'), nextDueBasis: 'clock',
    });
  });
});

describe('computeDeadlines: handle deadline while handling', () => {
  // Signed Thu 2025-09-25; working days after it: Sep 26, 28 (make-up Sun), 29, 30,
  // Oct 9, 10, 11 (make-up Sat), 13, 14, 15
  it.each<[Difficulty, boolean, string]>([
    ['normal', false, '2025-09-29'],
    ['normal', true, '2025-09-29'],
    ['hard', false, '2025-10-09'],
    ['hard', true, '2025-10-09'],
    ['complex', false, '2025-10-15'],
    ['complex', true, '2025-10-15'],
  ])('%s, urgent=%s: due end of %s', (difficulty, urgent, due) => {
    const d = computeDeadlines({ ...base, status: 'handling', difficulty, urgent, signedAt: sh('2025-09-25 10:00') });
    expect(d).toEqual({
      signDueAt: null, handleDueAt: endOf(due), reviewDueAt: null, revisitDueAt: null,
      nextDueAt: endOf(due), nextDueBasis: 'workingDays',
    });
  });

  it('adds approved extension days in working days', () => {
    const signedAt = sh('2025-09-25 10:00');
    const normal = computeDeadlines({ ...base, status: 'handling', signedAt, extensionDays: 2 });
    expect(normal.handleDueAt).toEqual(endOf('2025-10-09')); // 3 + 2
    const complex = computeDeadlines({ ...base, status: 'handling', difficulty: 'complex', signedAt, extensionDays: 10 });
    expect(complex.handleDueAt).toEqual(endOf('2025-10-29')); // 10 + 10
    expect(complex.handleDueAt).toEqual(addWorkingDays(endOf('2025-10-15'), 10));
  });

  it('crosses the 2026 Spring Festival', () => {
    const d = computeDeadlines({ ...base, status: 'handling', signedAt: sh('2026-02-12 16:00') });
    expect(d.handleDueAt).toEqual(endOf('2026-02-24')); // Feb 13, 14 (make-up Sat), 24
  });

  it('rejects a negative or fractional extension total', () => {
    expect(() => computeDeadlines({ ...base, status: 'handling', extensionDays: -1 })).toThrow(RangeError);
    expect(() => computeDeadlines({ ...base, status: 'handling', extensionDays: 0.5 })).toThrow(RangeError);
  });
});

describe('computeDeadlines: review and revisit', () => {
  it('gives a reviewing unit 1 working day (a make-up Saturday counts)', () => {
    const d = computeDeadlines({ ...base, status: 'reviewing', reviewingSince: sh('2026-02-13 16:00') });
    expect(d).toEqual({
      signDueAt: null, handleDueAt: null, reviewDueAt: endOf('2026-02-14'), revisitDueAt: null,
      nextDueAt: endOf('2026-02-14'), nextDueBasis: 'workingDays',
    });
  });

  it('is urgent-independent for review', () => {
    const d = computeDeadlines({ ...base, status: 'reviewing', urgent: true, reviewingSince: sh('2026-02-13 16:00') });
    expect(d.reviewDueAt).toEqual(endOf('2026-02-14'));
  });

  it('revisits a resolved order by the end of the next working day', () => {
    const d = computeDeadlines({ ...base, status: 'resolved', resolvedAt: sh('2026-02-14 11:00') });
    expect(d).toEqual({
      signDueAt: null, handleDueAt: null, reviewDueAt: null, revisitDueAt: endOf('2026-02-24'),
      nextDueAt: endOf('2026-02-24'), nextDueBasis: 'workingDays',
    });
  });

  it('revisits an answered consultation the same way', () => {
    const d = computeDeadlines({ ...base, status: 'answered', resolvedAt: sh('2026-09-30 20:00') });
    expect(d.revisitDueAt).toEqual(endOf('2026-10-08'));
    expect(d.nextDueAt).toEqual(endOf('2026-10-08'));
  });
});

describe('computeDeadlines: statuses without a deadline', () => {
  it.each<Status>(['registered', 'returned', 'cancelled', 'closed'])('%s has none', (status) => {
    expect(computeDeadlines({ ...base, status, urgent: true })).toEqual({
      signDueAt: null, handleDueAt: null, reviewDueAt: null, revisitDueAt: null,
      nextDueAt: null, nextDueBasis: null,
    });
  });
});

describe('computeDeadlines: missing start timestamps', () => {
  it.each<[Status, keyof DeadlineInput]>([
    ['dispatched', 'dispatchedAt'],
    ['handling', 'signedAt'],
    ['reviewing', 'reviewingSince'],
    ['resolved', 'resolvedAt'],
    ['answered', 'resolvedAt'],
  ])('%s without %s throws', (status, field) => {
    expect(() => computeDeadlines({ ...base, status, [field]: undefined })).toThrow(field);
  });
});

describe('reminderAt', () => {
  it('reminds at 09:00 Shanghai on the due day for day-based deadlines', () => {
    expect(reminderAt(endOf('2025-10-09'), 'workingDays')).toEqual(sh('2025-10-09 09:00'));
  });

  it('never reminds after a day-based deadline that ends before 09:00', () => {
    expect(reminderAt(sh('2025-10-09 08:00'), 'workingDays')).toEqual(sh('2025-10-09 08:00'));
  });

  it('reminds 15 minutes before the urgent 1-hour sign deadline', () => {
    const d = computeDeadlines({ ...base, status: 'dispatched', urgent: true, dispatchedAt: sh('2025-10-01 03:00') });
    expect(reminderAt(d.nextDueAt!, d.nextDueBasis!)).toEqual(sh('2025-10-01 03:45'));
  });
});

describe('redCardAt', () => {
  it('is the end of the 2nd working day after the deadline', () => {
    expect(redCardAt(endOf('2025-09-30'))).toEqual(endOf('2025-10-10'));
    expect(redCardAt(endOf('2026-02-13'))).toEqual(endOf('2026-02-24')); // Feb 14 (make-up Sat), Feb 24
  });

  it('counts whole days after an urgent clock deadline that fell on a holiday', () => {
    expect(redCardAt(sh('2025-10-01 04:00'))).toEqual(endOf('2025-10-10'));
  });
});

describe('returnNeedsApproval', () => {
  const dispatchedAt = sh('2025-09-29 10:00'); // free until the end of Oct 9 (Sep 30, Oct 9)

  it('is free within 2 working days of dispatch, holidays not counted', () => {
    expect(returnNeedsApproval(dispatchedAt, sh('2025-09-29 11:00'))).toBe(false);
    expect(returnNeedsApproval(dispatchedAt, sh('2025-10-05 10:00'))).toBe(false);
    expect(returnNeedsApproval(dispatchedAt, sh('2025-10-09 23:59:59.999'))).toBe(false);
  });

  it('needs approval from the start of the 3rd working day', () => {
    expect(returnNeedsApproval(dispatchedAt, sh('2025-10-10 00:00'))).toBe(true);
  });

  it('counts from the next working days when dispatched on a weekend', () => {
    const saturday = sh('2025-03-08 10:00');
    expect(returnNeedsApproval(saturday, sh('2025-03-11 18:00'))).toBe(false);
    expect(returnNeedsApproval(saturday, sh('2025-03-12 09:00'))).toBe(true);
  });
});
