/**
 * The work-order lifecycle: every status, every action, who may take it and what it changes.
 *
 * One action-keyed table. `transition()` is pure: it takes the order as plain data, the actor
 * and the action's input, and returns either the next state plus the event to append, or a
 * typed refusal with a reason. `allowedActions()` asks the same table which actions the actor
 * could take now, so clients render buttons from the server and never re-derive the rules.
 * Services persist what `transition()` returns; nothing here touches the database.
 */
import type { Role } from '../auth/staff-user.entity';
import { checkpoints, computeDeadlines, DeadlineBasis, returnNeedsApproval, SLA_POLICY } from '../sla/sla-policy';
import type { Category, Difficulty } from './work-order.entity';
import { ACTION_LABELS, STATUS_LABELS } from './labels';

export const STATUSES = [
  'registered', 'answered', 'cancelled', 'dispatched', 'handling',
  'returned', 'reviewing', 'resolved', 'closed', 'merged',
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which nothing more happens to an order. */
export const FINAL_STATUSES: readonly Status[] = ['closed', 'cancelled', 'merged'];
const OPEN: Status[] = STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export const SUPERVISION_LEVELS = ['urge', 'yellow', 'red'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

/** Ratings below this on either scale send the order back for re-handling (重办). */
export const SATISFIED_RATING = 3;
export const MAX_EXTENSION_DAYS = SLA_POLICY.extension.maxWorkingDays;

/** What each action needs from the client, besides the order's `version`. */
export interface ActionInputs {
  answer: { answer: string };
  cancel: { reason: string; route: string };
  dispatch: { unitId: number; note?: string };
  sign: { note?: string };
  return: { reason: string };
  approve_return: { note?: string };
  reject_return: { reason: string };
  redispatch: { unitId: number; note?: string };
  take_over: { note?: string };
  request_extension: { days: number; reason: string };
  approve_extension: { note?: string };
  reject_extension: { reason: string };
  report: { result: string; recoveredAmount?: number };
  approve: { note?: string };
  reject: { reason: string };
  revisit: { resultRating: number; serviceRating: number; comment?: string };
  supervise: { level: SupervisionLevel; note: string };
  add_cohandler: { unitId: number; task: string };
  cohandler_sign: { note?: string };
  cohandler_done: { result: string };
  reclassify: {
    category?: Category; difficulty?: Difficulty; mass?: boolean; crisis?: boolean; platform?: boolean; regionCode?: string;
    /** null: no employer known. */
    employer?: string | null;
  };
  merge: { masterId: number };
  split: { petitionerId: number };
}
export type Action = keyof ActionInputs;

// ---------------------------------------------------------------------------------------------
// The order as the lifecycle sees it
// ---------------------------------------------------------------------------------------------

export interface UnitRef {
  id: number;
  parentId: number | null;
  /** Ids from the root, "/1/3/45/". */
  path: string;
  isCentre: boolean;
}

export interface AssignmentState {
  id?: number;
  seq: number;
  unitId: number;
  fromUnitId: number;
  dispatchedById: number;
  dispatchedAt: Date;
  signDueAt: Date | null;
  signedAt: Date | null;
  handleDueAt: Date | null;
  returnedAt: Date | null;
  returnReason: string | null;
  /** A late return (退单) waiting for the centre's approval. */
  returnRequestedAt: Date | null;
  reportedAt: Date | null;
  result: string | null;
  active: boolean;
}

export interface CohandlerState {
  id?: number;
  unitId: number;
  addedByUnitId: number;
  task: string;
  addedAt: Date;
  signedAt: Date | null;
  doneAt: Date | null;
  result: string | null;
}

export interface ExtensionState {
  id?: number;
  unitId: number;
  deciderUnitId: number;
  days: number;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  requestedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export interface OrderState {
  status: Status;
  currentUnitId: number;
  category: Category;
  mass: boolean;
  crisis: boolean;
  platform: boolean;
  /** Mass incidents and crises: derived from the two flags on every change. */
  urgent: boolean;
  difficulty: Difficulty;
  /** Where it happened (GB/T 2260); the service checks a corrected code names a known region. */
  regionCode: string | null;
  employer: string | null;
  result: string | null;
  recoveredAmount: number | null;
  resultRating: number | null;
  serviceRating: number | null;
  revisitComment: string | null;
  rehandleCount: number;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** When the current status at the current unit began; the running deadline counts from it. */
  stageStartedAt: Date | null;
  signDueAt: Date | null;
  handleDueAt: Date | null;
  reviewDueAt: Date | null;
  revisitDueAt: Date | null;
  nextDueAt: Date | null;
  dueBasis: DeadlineBasis | null;
  /** Supervision steps already taken on the running deadline (see sla-policy checkpoints). */
  slaLevel: number;
  slaCheckAt: Date | null;
  /** Every assignment ever made, in `seq` order; the active ones form the chain. */
  assignments: AssignmentState[];
  cohandlers: CohandlerState[];
  extensions: ExtensionState[];
}

export interface Actor {
  /** A staff id; for `worker` the worker's id; 0 for `system`. */
  id: number;
  /**
   * `system`: intake and the deadline sweep, acting for the centre. `worker`: the worker rating
   * their own order in the mini-program, through the centre (`unitId` is the centre's); whether
   * the order is theirs is the caller's check, as scope is for staff.
   */
  role: Role | 'system' | 'worker';
  unitId: number;
}

/**
 * The org units a decision may need: the actor's, the current one, every unit in the chain and
 * co-handler list, and the target named in the input. The service loads them.
 */
export interface Units {
  get(id: number): UnitRef | undefined;
}

export interface Context {
  order: OrderState;
  actor: Actor;
  units: Units;
  now: Date;
}

export interface EventDraft {
  action: Action | 'register';
  fromStatus: Status | null;
  toStatus: Status;
  targetUnitId: number | null;
  detail: string | null;
  note: string | null;
}

export type RefusalKind =
  /** Not possible in the order's current state: HTTP 409. */
  | 'status'
  /** Possible, but not for this actor: HTTP 403. */
  | 'role'
  /** The input names something the rule does not accept: HTTP 400 on `field`. */
  | 'input';

export interface Refusal {
  ok: false;
  kind: RefusalKind;
  reason: string;
  field?: string;
}

export interface Accepted {
  ok: true;
  next: OrderState;
  event: EventDraft;
}

export type TransitionResult = Accepted | Refusal;

const refuse = (kind: RefusalKind, reason: string, field?: string): Refusal => ({ ok: false, kind, reason, field });
const isRefusal = (x: object): x is Refusal => 'ok' in x && x.ok === false;

// ---------------------------------------------------------------------------------------------
// Who is who
// ---------------------------------------------------------------------------------------------

const CENTRE_DESK_ROLES: readonly Actor['role'][] = ['agent', 'lawyer', 'system'];

function unitOf(units: Units, id: number): UnitRef {
  const unit = units.get(id);
  if (!unit) throw new Error(`lifecycle: unit ${id} was not loaded`);
  return unit;
}

/** Staff who act for a unit: its handlers; at the centre also its agents and lawyers. */
export function actsFor(actor: Actor, unit: UnitRef): boolean {
  if (actor.unitId !== unit.id) return false;
  return actor.role === 'handler' || (unit.isCentre && CENTRE_DESK_ROLES.includes(actor.role));
}

export function isCentreDesk(actor: Actor, units: Units): boolean {
  return unitOf(units, actor.unitId).isCentre && CENTRE_DESK_ROLES.includes(actor.role);
}

function isStrictAncestor(ancestor: UnitRef, unit: UnitRef): boolean {
  return ancestor.id !== unit.id && unit.path.startsWith(ancestor.path);
}

/** Registration (受理) creates the order; only the centre's desk registers. */
export function canRegister(actor: Actor, units: Units): Refusal | null {
  return isCentreDesk(actor, units) ? null : refuse('role', '只有热线中心的客服或律师可以受理登记');
}

// ---------------------------------------------------------------------------------------------
// Helpers over the chain
// ---------------------------------------------------------------------------------------------

/** The active assignment held by the unit the order sits at now, if any. */
function currentAssignment(order: OrderState): AssignmentState | undefined {
  return activeChain(order).findLast((a) => a.unitId === order.currentUnitId);
}

function activeChain(order: OrderState): AssignmentState[] {
  return order.assignments.filter((a) => a.active);
}

function pendingExtension(order: OrderState): ExtensionState | undefined {
  return order.extensions.find((e) => e.status === 'pending');
}

function openCohandlerOf(order: OrderState, unitId: number): CohandlerState | undefined {
  return order.cohandlers.find((c) => c.unitId === unitId && c.doneAt === null);
}

/**
 * Where a unit may hand the order: the centre to any other unit, anyone else to a direct child.
 */
function checkTarget(ctx: Context, targetId: number): Refusal | null {
  const target = ctx.units.get(targetId);
  if (!target) return refuse('input', '目标单位不存在', 'unitId');
  const from = unitOf(ctx.units, ctx.order.currentUnitId);
  if (target.id === from.id) return refuse('input', '不能交办给本单位', 'unitId');
  if (from.isCentre) return target.isCentre ? refuse('input', '不能交办给热线中心', 'unitId') : null;
  return target.parentId === from.id ? null : refuse('input', '只能交办给本单位的直属下级单位', 'unitId');
}

function dispatchTo(ctx: Context, next: OrderState, unitId: number): void {
  next.assignments.push({
    seq: next.assignments.length + 1,
    unitId,
    fromUnitId: ctx.order.currentUnitId,
    dispatchedById: ctx.actor.id,
    dispatchedAt: ctx.now,
    signDueAt: null,
    signedAt: null,
    handleDueAt: null,
    returnedAt: null,
    returnReason: null,
    returnRequestedAt: null,
    reportedAt: null,
    result: null,
    active: true,
  });
  next.status = 'dispatched';
  next.currentUnitId = unitId;
}

/** Sends the order back to `assignment`'s unit to handle again, dropping the levels below it. */
function handBackTo(next: OrderState, assignment: AssignmentState): void {
  let below = false;
  for (const a of next.assignments) {
    if (a === assignment) below = true;
    else if (below && a.active) a.active = false;
  }
  assignment.reportedAt = null;
  next.status = 'handling';
  next.currentUnitId = assignment.unitId;
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

interface Rule<A extends Action> {
  from: readonly Status[];
  /** Whether this actor may take the action on this order now (input aside). */
  permit(ctx: Context): Refusal | null;
  /** Mutates `next` (a copy of the order) and describes the event; may refuse on the input. */
  apply(ctx: Context, next: OrderState, input: ActionInputs[A]): Refusal | Omit<EventDraft, 'action' | 'fromStatus' | 'toStatus'>;
}

type Table = { [A in Action]: Rule<A> };

const RECLASSIFIABLE = ['category', 'difficulty', 'mass', 'crisis', 'platform', 'regionCode', 'employer'] as const satisfies ReadonlyArray<keyof ActionInputs['reclassify']>;

const atCurrentUnit = (ctx: Context, reason: string): Refusal | null =>
  actsFor(ctx.actor, unitOf(ctx.units, ctx.order.currentUnitId)) ? null : refuse('role', reason);

const centreDesk = (ctx: Context, reason: string): Refusal | null =>
  isCentreDesk(ctx.actor, ctx.units) ? null : refuse('role', reason);

const event = (targetUnitId: number | null, note: string | null = null, detail: string | null = null) =>
  ({ targetUnitId, note, detail });

const transitions: Table = {
  answer: {
    from: ['registered'],
    permit: (ctx) => centreDesk(ctx, '只有热线中心的客服或律师可以即时解答'),
    apply(ctx, next, input) {
      next.status = 'answered';
      next.result = input.answer;
      next.resolvedAt = ctx.now;
      return event(null, input.answer);
    },
  },

  cancel: {
    // A return can land back at the centre, which may then find the matter not acceptable.
    from: ['registered', 'returned'],
    permit(ctx) {
      if (!unitOf(ctx.units, ctx.order.currentUnitId).isCentre) return refuse('status', '工单不在热线中心，不能作不予受理');
      return centreDesk(ctx, '只有热线中心的客服或律师可以作不予受理');
    },
    apply(ctx, next, input) {
      next.status = 'cancelled';
      next.closedAt = ctx.now;
      return event(null, `${input.reason}；建议途径：${input.route}`);
    },
  },

  dispatch: {
    from: ['registered', 'handling'],
    permit: (ctx) => atCurrentUnit(ctx, '只有当前承办单位可以交办'),
    apply(ctx, next, input) {
      const bad = checkTarget(ctx, input.unitId);
      if (bad) return bad;
      dispatchTo(ctx, next, input.unitId);
      return event(input.unitId, input.note ?? null);
    },
  },

  sign: {
    from: ['dispatched'],
    permit: (ctx) => atCurrentUnit(ctx, '只有被交办的单位可以签收'),
    apply(ctx, next, input) {
      currentAssignment(next)!.signedAt = ctx.now;
      next.status = 'handling';
      return event(null, input.note ?? null);
    },
  },

  return: {
    from: ['dispatched', 'handling'],
    permit(ctx) {
      const held = currentAssignment(ctx.order);
      if (!held) return refuse('status', '热线中心的工单不能退回');
      const notHere = atCurrentUnit(ctx, '只有当前承办单位可以退单');
      if (notHere) return notHere;
      return held.returnRequestedAt ? refuse('status', '退单申请正等待热线中心审批') : null;
    },
    apply(ctx, next, input) {
      const a = currentAssignment(next)!;
      if (returnNeedsApproval(a.dispatchedAt, ctx.now)) {
        // Past the free window the unit only asks; the centre decides (approve_return).
        a.returnRequestedAt = ctx.now;
        a.returnReason = input.reason;
        return event(null, input.reason, 'needs_approval');
      }
      giveBack(next, a, input.reason, ctx.now);
      return event(a.fromUnitId, input.reason);
    },
  },

  approve_return: {
    from: ['dispatched', 'handling'],
    permit: (ctx) => pendingReturn(ctx, '只有热线中心可以审批逾期退单'),
    apply(ctx, next, input) {
      const a = currentAssignment(next)!;
      giveBack(next, a, a.returnReason ?? '', ctx.now);
      return event(a.fromUnitId, input.note ?? null);
    },
  },

  reject_return: {
    from: ['dispatched', 'handling'],
    permit: (ctx) => pendingReturn(ctx, '只有热线中心可以驳回逾期退单'),
    apply(ctx, next, input) {
      const a = currentAssignment(next)!;
      a.returnRequestedAt = null;
      a.returnReason = null;
      return event(a.unitId, input.reason);
    },
  },

  redispatch: {
    from: ['returned'],
    permit: (ctx) => atCurrentUnit(ctx, '只有退回到的单位可以改派'),
    apply(ctx, next, input) {
      const bad = checkTarget(ctx, input.unitId);
      if (bad) return bad;
      dispatchTo(ctx, next, input.unitId);
      return event(input.unitId, input.note ?? null);
    },
  },

  take_over: {
    from: ['returned'],
    permit(ctx) {
      // The centre has no assignment of its own: it redispatches or cancels instead.
      if (!currentAssignment(ctx.order)) return refuse('status', '热线中心不能自行承办，请改派或不予受理');
      return atCurrentUnit(ctx, '只有退回到的单位可以自行承办');
    },
    apply(ctx, next, input) {
      next.status = 'handling';
      return event(null, input.note ?? null);
    },
  },

  request_extension: {
    from: ['handling'],
    permit(ctx) {
      const notHere = atCurrentUnit(ctx, '只有当前承办单位可以申请延期');
      if (notHere) return notHere;
      return pendingExtension(ctx.order) ? refuse('status', '已有待审批的延期申请') : null;
    },
    apply(ctx, next, input) {
      if (input.days > MAX_EXTENSION_DAYS) return refuse('input', `延期最多 ${MAX_EXTENSION_DAYS} 个工作日`, 'days');
      const a = currentAssignment(next)!;
      next.extensions.push({
        unitId: a.unitId,
        deciderUnitId: a.fromUnitId,
        days: input.days,
        reason: input.reason,
        status: 'pending',
        requestedAt: ctx.now,
        decidedAt: null,
        decisionNote: null,
      });
      return event(a.fromUnitId, input.reason, `${input.days}`);
    },
  },

  approve_extension: {
    from: ['handling'],
    permit: (ctx) => decidesExtension(ctx, '只有上级单位可以审批延期'),
    apply(ctx, next, input) {
      const e = pendingExtension(next)!;
      e.status = 'approved';
      e.decidedAt = ctx.now;
      e.decisionNote = input.note ?? null;
      return event(e.unitId, input.note ?? null, `${e.days}`);
    },
  },

  reject_extension: {
    from: ['handling'],
    permit: (ctx) => decidesExtension(ctx, '只有上级单位可以驳回延期'),
    apply(ctx, next, input) {
      const e = pendingExtension(next)!;
      e.status = 'rejected';
      e.decidedAt = ctx.now;
      e.decisionNote = input.reason;
      return event(e.unitId, input.reason, `${e.days}`);
    },
  },

  report: {
    from: ['handling'],
    permit(ctx) {
      const notHere = atCurrentUnit(ctx, '只有当前承办单位可以办结上报');
      if (notHere) return notHere;
      return ctx.order.cohandlers.some((c) => c.doneAt === null) ? refuse('status', '协办单位尚未办结，不能上报') : null;
    },
    apply(ctx, next, input) {
      const a = currentAssignment(next)!;
      a.reportedAt = ctx.now;
      a.result = input.result;
      next.result = input.result;
      next.recoveredAmount = input.recoveredAmount ?? null;
      for (const e of next.extensions) if (e.status === 'pending') e.status = 'withdrawn';
      next.status = 'reviewing';
      next.currentUnitId = a.fromUnitId;
      return event(a.fromUnitId, input.result);
    },
  },

  approve: {
    from: ['reviewing'],
    permit: (ctx) => atCurrentUnit(ctx, '只有审核单位可以审核通过'),
    apply(ctx, next, input) {
      const own = currentAssignment(next);
      if (!own) {
        next.status = 'resolved';
        next.resolvedAt = ctx.now;
        return event(null, input.note ?? null);
      }
      // This level vouches for the result and passes it to the level above.
      own.reportedAt = ctx.now;
      own.result = next.result;
      next.currentUnitId = own.fromUnitId;
      return event(own.fromUnitId, input.note ?? null);
    },
  },

  reject: {
    from: ['reviewing'],
    permit: (ctx) => atCurrentUnit(ctx, '只有审核单位可以审核退回'),
    apply(ctx, next, input) {
      const below = activeChain(next).findLast((a) => a.fromUnitId === next.currentUnitId)!;
      handBackTo(next, below);
      return event(below.unitId, input.reason);
    },
  },

  revisit: {
    from: ['resolved', 'answered'],
    // The centre calls the worker back, or the worker rates the order in the mini-program first.
    permit: (ctx) =>
      ctx.actor.role === 'worker' || (ctx.actor.role === 'agent' && unitOf(ctx.units, ctx.actor.unitId).isCentre)
        ? null
        : refuse('role', '只有热线中心的客服或职工本人可以回访评价'),
    apply(ctx, next, input) {
      next.resultRating = input.resultRating;
      next.serviceRating = input.serviceRating;
      next.revisitComment = input.comment ?? null;
      const note = input.comment ?? null;
      if (input.resultRating >= SATISFIED_RATING && input.serviceRating >= SATISFIED_RATING) {
        next.status = 'closed';
        next.closedAt = ctx.now;
        return event(null, note, 'satisfied');
      }
      next.rehandleCount += 1;
      next.resolvedAt = null;
      const lastHandler = activeChain(next).at(-1);
      if (!lastHandler) {
        // A consultation answered on the spot goes back to the centre's desk.
        next.status = 'registered';
        return event(null, note, 'unsatisfied');
      }
      for (const a of activeChain(next)) a.reportedAt = null;
      handBackTo(next, lastHandler);
      return event(lastHandler.unitId, note, 'unsatisfied');
    },
  },

  supervise: {
    from: OPEN,
    permit(ctx) {
      if (ctx.actor.role !== 'supervisor') return refuse('role', '只有督办人员可以督办');
      const own = unitOf(ctx.units, ctx.actor.unitId);
      const current = unitOf(ctx.units, ctx.order.currentUnitId);
      return own.isCentre || isStrictAncestor(own, current) ? null : refuse('role', '只能督办下级单位的工单');
    },
    apply: (ctx, _next, input) => event(ctx.order.currentUnitId, input.note, input.level),
  },

  add_cohandler: {
    from: ['handling'],
    permit: (ctx) =>
      actsFor(ctx.actor, unitOf(ctx.units, ctx.order.currentUnitId)) || isCentreDesk(ctx.actor, ctx.units)
        ? null
        : refuse('role', '只有承办单位或热线中心可以增加协办单位'),
    apply(ctx, next, input) {
      const unit = ctx.units.get(input.unitId);
      if (!unit) return refuse('input', '协办单位不存在', 'unitId');
      if (unit.isCentre || unit.id === next.currentUnitId) return refuse('input', '协办单位不能是热线中心或承办单位本身', 'unitId');
      if (openCohandlerOf(next, unit.id)) return refuse('input', '该单位已在协办', 'unitId');
      next.cohandlers.push({
        unitId: unit.id,
        addedByUnitId: ctx.actor.unitId,
        task: input.task,
        addedAt: ctx.now,
        signedAt: null,
        doneAt: null,
        result: null,
      });
      return event(unit.id, input.task);
    },
  },

  cohandler_sign: {
    from: OPEN,
    permit(ctx) {
      const part = cohandlerPartOf(ctx);
      if (isRefusal(part)) return part;
      return part.signedAt ? refuse('status', '协办任务已签收') : null;
    },
    apply(ctx, next, input) {
      openCohandlerOf(next, ctx.actor.unitId)!.signedAt = ctx.now;
      return event(ctx.actor.unitId, input.note ?? null);
    },
  },

  merge: {
    // Duplicates are merged at the desk, before anyone is handling them.
    from: ['registered'],
    permit: (ctx) => centreDesk(ctx, '只有热线中心可以并单'),
    apply(ctx, next, input) {
      next.status = 'merged';
      next.closedAt = ctx.now;
      return event(null, null, String(input.masterId));
    },
  },

  split: {
    // A petitioner whose matter turns out to differ leaves for an order of their own.
    from: OPEN.filter((s) => s !== 'answered'),
    permit: (ctx) => centreDesk(ctx, '只有热线中心可以拆分工单'),
    apply: (_ctx, _next, input) => event(null, null, String(input.petitionerId)),
  },

  reclassify: {
    from: OPEN,
    permit: (ctx) => centreDesk(ctx, '只有热线中心可以调整分类和难度'),
    apply(_ctx, next, input) {
      const changed = RECLASSIFIABLE.filter((k) => input[k] !== undefined && input[k] !== next[k]);
      for (const k of changed) Object.assign(next, { [k]: input[k] });
      next.urgent = next.mass || next.crisis;
      return event(null, null, changed.join(',') || null);
    },
  },

  cohandler_done: {
    from: OPEN,
    permit(ctx) {
      const part = cohandlerPartOf(ctx);
      if (isRefusal(part)) return part;
      return part.signedAt ? null : refuse('status', '请先签收协办任务');
    },
    apply(ctx, next, input) {
      const part = openCohandlerOf(next, ctx.actor.unitId)!;
      part.doneAt = ctx.now;
      part.result = input.result;
      return event(ctx.actor.unitId, input.result);
    },
  },
};

/** Sends the order back to the unit that dispatched it (退单). */
function giveBack(next: OrderState, a: AssignmentState, reason: string, now: Date): void {
  a.returnedAt = now;
  a.returnReason = reason;
  a.returnRequestedAt = null;
  a.active = false;
  next.status = 'returned';
  next.currentUnitId = a.fromUnitId;
}

function pendingReturn(ctx: Context, reason: string): Refusal | null {
  if (!currentAssignment(ctx.order)?.returnRequestedAt) return refuse('status', '没有待审批的退单申请');
  return centreDesk(ctx, reason);
}

function decidesExtension(ctx: Context, reason: string): Refusal | null {
  const pending = pendingExtension(ctx.order);
  if (!pending) return refuse('status', '没有待审批的延期申请');
  return actsFor(ctx.actor, unitOf(ctx.units, pending.deciderUnitId)) ? null : refuse('role', reason);
}

/** The actor's unfinished co-handling part, or why there is none. */
function cohandlerPartOf(ctx: Context): CohandlerState | Refusal {
  const part = openCohandlerOf(ctx.order, ctx.actor.unitId);
  if (!part) return refuse('status', '没有本单位待办的协办任务');
  return ctx.actor.role === 'handler' ? part : refuse('role', '只有协办单位的经办人可以办理协办任务');
}

export const ACTIONS = Object.keys(transitions) as Action[];

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

function check(action: Action, ctx: Context): Refusal | null {
  const rule = transitions[action];
  if (!rule.from.includes(ctx.order.status)) {
    return refuse('status', `工单${STATUS_LABELS[ctx.order.status]}，不能${ACTION_LABELS[action]}`);
  }
  return rule.permit(ctx);
}

/**
 * Re-derives the running deadline after every change (SLA policy table in sla-policy.ts).
 * A new status or unit starts a new stage; a deadline that moved starts its supervision over.
 */
function rescheduleDeadline(before: OrderState, next: OrderState, now: Date): void {
  if (next.status !== before.status || next.currentUnitId !== before.currentUnitId) next.stageStartedAt = now;
  const since = next.stageStartedAt ?? now;
  const extensionDays = next.extensions
    .filter((e) => e.status === 'approved' && e.unitId === next.currentUnitId && e.requestedAt >= since)
    .reduce((sum, e) => sum + e.days, 0);
  const d = computeDeadlines({
    status: next.status, urgent: next.urgent, difficulty: next.difficulty, extensionDays,
    dispatchedAt: since, signedAt: since, reviewingSince: since, resolvedAt: since,
  });
  Object.assign(next, {
    signDueAt: d.signDueAt, handleDueAt: d.handleDueAt, reviewDueAt: d.reviewDueAt, revisitDueAt: d.revisitDueAt,
    nextDueAt: d.nextDueAt, dueBasis: d.nextDueBasis,
  });
  const held = currentAssignment(next);
  if (held && d.signDueAt) held.signDueAt = d.signDueAt;
  if (held && d.handleDueAt) held.handleDueAt = d.handleDueAt;
  if (d.nextDueAt?.getTime() !== before.nextDueAt?.getTime() || next.stageStartedAt !== before.stageStartedAt) {
    next.slaLevel = 0;
    next.slaCheckAt = d.nextDueAt && d.nextDueBasis ? checkpoints(d.nextDueAt, d.nextDueBasis)[0].at : null;
  }
}

/** A copy whose rows can be changed freely; Dates are shared, as nothing mutates them. */
function copyOf(order: OrderState): OrderState {
  return {
    ...order,
    assignments: order.assignments.map((a) => ({ ...a })),
    cohandlers: order.cohandlers.map((c) => ({ ...c })),
    extensions: order.extensions.map((e) => ({ ...e })),
  };
}

export function transition<A extends Action>(action: A, ctx: Context, input: ActionInputs[A]): TransitionResult {
  const refusal = check(action, ctx);
  if (refusal) return refusal;
  const next = copyOf(ctx.order);
  const outcome = transitions[action].apply(ctx, next, input);
  if (isRefusal(outcome)) return outcome;
  rescheduleDeadline(ctx.order, next, ctx.now);
  return {
    ok: true,
    next,
    event: { action, fromStatus: ctx.order.status, toStatus: next.status, ...outcome },
  };
}

/** The actions this actor may take on the order now: what clients render as buttons. */
export function allowedActions(ctx: Omit<Context, 'now'>): Action[] {
  const full = { ...ctx, now: new Date(0) };
  return ACTIONS.filter((action) => check(action, full) === null);
}
