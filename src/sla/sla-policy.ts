/**
 * SLA policy: which deadline a work order gets in each situation. The numbers live in
 * SLA_POLICY (the defaults below, or a province's SLA_POLICY_FILE); the functions only apply
 * them. Pure: the clock is always passed in.
 *
 * Day-based deadlines follow calendar.ts: they end at 23:59:59.999 Shanghai time on the n-th
 * working day after the day the clock starts. Clock-based deadlines (urgent signing) are plain
 * elapsed time, nights and holidays included: a mass incident does not wait for Monday.
 */
import type { Status } from '../work-orders/lifecycle';
import type { Difficulty } from '../work-orders/work-order.entity';
import { addWorkingDays, atShanghaiHour } from './calendar';
import { readSlaPolicy } from './sla-policy-file';

/** How a deadline is counted, which also decides how its reminder is timed. */
export type DeadlineBasis = 'workingDays' | 'clock';

export type Duration = { readonly workingDays: number } | { readonly clockMinutes: number };

export interface SlaPolicy {
  sign: Record<'regular' | 'urgent', Duration>;
  handle: Record<Difficulty, Record<'regular' | 'urgent', { workingDays: number }>>;
  extension: { maxWorkingDays: number };
  freeReturn: { workingDays: number };
  review: Duration;
  revisit: Duration;
  reminders: { workingDays: { atShanghaiHour: number }; clock: { minutesBefore: number } };
  cards: { redAfterWorkingDays: number; escalateWithRed: boolean };
}

/** The defaults, from the usual limits of union hotlines; a province changes them in SLA_POLICY_FILE. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  /** 签收: from dispatch to a unit until that unit signs for the order. */
  sign: {
    regular: { workingDays: 1 },
    urgent: { clockMinutes: 60 },
  },
  /** 办理: from signing until the unit reports the order handled. Urgency only speeds up signing. */
  handle: {
    normal: { regular: { workingDays: 3 }, urgent: { workingDays: 3 } },
    hard: { regular: { workingDays: 5 }, urgent: { workingDays: 5 } },
    complex: { regular: { workingDays: 10 }, urgent: { workingDays: 10 } },
  },
  /** 延期: each approved extension adds its days to the handle deadline. */
  extension: { maxWorkingDays: 10 },
  /** 退单: a unit may return an order freely until the end of this many working days after dispatch. */
  freeReturn: { workingDays: 2 },
  /**
   * 审核: a unit reviewing a report from below. One working day, like signing: a review is a
   * read-and-decide step, and every day spent on it comes out of the caller's waiting time.
   */
  review: { workingDays: 1 },
  /** 回访: the centre calls the worker back by the end of the working day after resolution/answer. */
  revisit: { workingDays: 1 },
  /** 催办 reminders, before the deadline. */
  reminders: {
    /**
     * 09:00 Shanghai on the due day. Day deadlines end at midnight, so "4 hours before" would
     * land at 20:00, when nobody is at the desk; the morning leaves the whole day to act.
     */
    workingDays: { atShanghaiHour: 9 },
    clock: { minutesBefore: 15 },
  },
  /**
   * 黄牌 when a deadline passes; 红牌 when still outstanding at the end of the n-th working day
   * after the deadline, and with the red card the order is escalated to the unit above.
   */
  cards: { redAfterWorkingDays: 2, escalateWithRed: true },
};

/**
 * The policy in force. Read once, when this module loads, because the request schemas (the
 * longest extension) and the OpenAPI document are built from it at load time too; a change of
 * the file takes a restart, like every other setting.
 */
export const SLA_POLICY: SlaPolicy = readSlaPolicy(process.env.SLA_POLICY_FILE, DEFAULT_SLA_POLICY);

export interface DeadlineInput {
  status: Status;
  urgent: boolean;
  difficulty: Difficulty;
  /** When the order was dispatched to its current unit. Required for 'dispatched'. */
  dispatchedAt?: Date;
  /** When the current unit signed for it. Required for 'handling'. */
  signedAt?: Date;
  /** When the report reached the reviewing unit. Required for 'reviewing'. */
  reviewingSince?: Date;
  /** When the order was resolved, or for 'answered' when the consultation was answered. */
  resolvedAt?: Date;
  /** Total working days of approved extensions; 0 when none. */
  extensionDays: number;
}

export interface Deadlines {
  signDueAt: Date | null;
  handleDueAt: Date | null;
  reviewDueAt: Date | null;
  revisitDueAt: Date | null;
  /** The earliest of the deadlines above (only one runs at a time); null when none does. */
  nextDueAt: Date | null;
  /** How nextDueAt is counted; pass it to reminderAt(). */
  nextDueBasis: DeadlineBasis | null;
}

const MINUTE_MS = 60_000;

function dueAfter(start: Date, duration: Duration): Date {
  return 'workingDays' in duration
    ? addWorkingDays(start, duration.workingDays)
    : new Date(start.getTime() + duration.clockMinutes * MINUTE_MS);
}

function requireStart(start: Date | undefined, field: keyof DeadlineInput, status: Status): Date {
  if (start === undefined) throw new Error(`status '${status}' needs ${field} to compute its deadline`);
  return start;
}

type DeadlineField = 'signDueAt' | 'handleDueAt' | 'reviewDueAt' | 'revisitDueAt';

/** Which deadline runs in a status, from when, for how long; null when none does. */
function applicableDeadline(input: DeadlineInput): { field: DeadlineField; start: Date; duration: Duration } | null {
  const { status } = input;
  const urgency = input.urgent ? 'urgent' : 'regular';
  switch (status) {
    case 'dispatched':
      return {
        field: 'signDueAt',
        start: requireStart(input.dispatchedAt, 'dispatchedAt', status),
        duration: SLA_POLICY.sign[urgency],
      };
    case 'handling':
      return {
        field: 'handleDueAt',
        start: requireStart(input.signedAt, 'signedAt', status),
        duration: { workingDays: SLA_POLICY.handle[input.difficulty][urgency].workingDays + input.extensionDays },
      };
    case 'reviewing':
      return {
        field: 'reviewDueAt',
        start: requireStart(input.reviewingSince, 'reviewingSince', status),
        duration: SLA_POLICY.review,
      };
    case 'resolved':
    case 'answered':
      return {
        field: 'revisitDueAt',
        start: requireStart(input.resolvedAt, 'resolvedAt', status),
        duration: SLA_POLICY.revisit,
      };
    case 'registered':
    case 'returned':
    case 'cancelled':
    case 'closed':
    case 'merged':
      return null;
  }
}

/**
 * The deadline that runs in the order's current status; the other deadlines are null, so
 * nextDueAt is that one deadline. dispatched → sign, handling → handle (+ approved extensions),
 * reviewing → review, resolved/answered → revisit; registered, returned, cancelled and closed
 * have none. Throws when the timestamp that deadline starts from is missing.
 */
export function computeDeadlines(input: DeadlineInput): Deadlines {
  if (!Number.isInteger(input.extensionDays) || input.extensionDays < 0) {
    throw new RangeError(`extensionDays must be a non-negative integer, got ${input.extensionDays}`);
  }
  const deadlines: Deadlines = {
    signDueAt: null, handleDueAt: null, reviewDueAt: null, revisitDueAt: null,
    nextDueAt: null, nextDueBasis: null,
  };
  const applicable = applicableDeadline(input);
  if (applicable !== null) {
    const dueAt = dueAfter(applicable.start, applicable.duration);
    deadlines[applicable.field] = dueAt;
    deadlines.nextDueAt = dueAt;
    deadlines.nextDueBasis = 'workingDays' in applicable.duration ? 'workingDays' : 'clock';
  }
  return deadlines;
}

/**
 * When to send the 催办 reminder for a deadline. Day-based: by default 09:00 Shanghai on the due
 * day (never later than the deadline itself); clock-based: by default 15 minutes before.
 */
export function reminderAt(dueAt: Date, basis: DeadlineBasis): Date {
  if (basis === 'clock') {
    return new Date(dueAt.getTime() - SLA_POLICY.reminders.clock.minutesBefore * MINUTE_MS);
  }
  const morning = atShanghaiHour(dueAt, SLA_POLICY.reminders.workingDays.atShanghaiHour);
  return morning < dueAt ? morning : dueAt;
}

export type CheckpointKind = 'remind' | 'yellow' | 'red';

export interface Checkpoint {
  /** The order's slaLevel once this step is done: 1 reminded, 2 yellow card, 3 red card. */
  level: 1 | 2 | 3;
  kind: CheckpointKind;
  at: Date;
}

/** The supervision steps of a running deadline, in order: 催办, then 黄牌 as it passes, then 红牌. */
export function checkpoints(dueAt: Date, basis: DeadlineBasis): Checkpoint[] {
  return [
    { level: 1, kind: 'remind', at: reminderAt(dueAt, basis) },
    { level: 2, kind: 'yellow', at: dueAt },
    { level: 3, kind: 'red', at: redCardAt(dueAt) },
  ];
}

/**
 * When an overdue order gets the red card (and, unless the policy turns it off, is escalated to
 * the unit above): the end of the 2nd working day (by default) after the deadline's day. The
 * yellow card is the deadline itself passing.
 */
export function redCardAt(dueAt: Date): Date {
  return addWorkingDays(dueAt, SLA_POLICY.cards.redAfterWorkingDays);
}

/**
 * Whether returning the order (退单) now needs the centre's approval: free until the end of the
 * 2nd working day (by default) after the day of dispatch (dispatched on a day off: the next 2).
 */
export function returnNeedsApproval(dispatchedAt: Date, now: Date): boolean {
  return now > addWorkingDays(dispatchedAt, SLA_POLICY.freeReturn.workingDays);
}
