import {
  ACTIONS, Action, Actor, AssignmentState, allowedActions, OrderState, Status, STATUSES, transition, UnitRef, Units,
} from '../../src/work-orders/lifecycle';

// A small union tree: centre → Guangzhou → Tianhe → a street; Guangzhou → Haizhu; centre → Foshan → Nanhai.
const tree: UnitRef[] = [
  { id: 1, parentId: null, path: '/1/', isCentre: true },
  { id: 2, parentId: 1, path: '/1/2/', isCentre: false },
  { id: 3, parentId: 2, path: '/1/2/3/', isCentre: false },
  { id: 4, parentId: 2, path: '/1/2/4/', isCentre: false },
  { id: 5, parentId: 1, path: '/1/5/', isCentre: false },
  { id: 6, parentId: 5, path: '/1/5/6/', isCentre: false },
  { id: 7, parentId: 3, path: '/1/2/3/7/', isCentre: false },
];
const units: Units = new Map(tree.map((u) => [u.id, u]));
const [CENTRE, GZ, TIANHE, HAIZHU, , NANHAI, STREET] = [1, 2, 3, 4, 5, 6, 7];

const actors = {
  agent: { id: 1, role: 'agent', unitId: CENTRE },
  lawyer: { id: 2, role: 'lawyer', unitId: CENTRE },
  supervisor: { id: 3, role: 'supervisor', unitId: CENTRE },
  admin: { id: 4, role: 'admin', unitId: CENTRE },
  auditor: { id: 5, role: 'auditor', unitId: CENTRE },
  gz: { id: 6, role: 'handler', unitId: GZ },
  gzSupervisor: { id: 7, role: 'supervisor', unitId: GZ },
  tianhe: { id: 8, role: 'handler', unitId: TIANHE },
  nanhai: { id: 9, role: 'handler', unitId: NANHAI },
  // The worker rating their own order in the mini-program.
  worker: { id: 42, role: 'worker', unitId: CENTRE },
} satisfies Record<string, Actor>;
type Who = keyof typeof actors;

const t0 = new Date('2026-03-02T02:00:00Z');
const now = new Date('2026-03-03T02:00:00Z');

const assignment = (unitId: number, fromUnitId: number, extra: Partial<AssignmentState> = {}): AssignmentState => ({
  id: unitId, seq: unitId, unitId, fromUnitId, dispatchedById: 1, dispatchedAt: t0,
  signDueAt: null, signedAt: t0, handleDueAt: null, returnedAt: null, returnRequestedAt: null, returnReason: null, reportedAt: null, result: null, active: true, ...extra,
});

const base: OrderState = {
  status: 'registered', currentUnitId: CENTRE, category: 'wages', mass: false, crisis: false, platform: false,
  urgent: false, difficulty: 'normal', regionCode: '440106', employer: '天河某餐馆', result: null, recoveredAmount: null, resultRating: null,
  serviceRating: null, revisitComment: null, rehandleCount: 0, resolvedAt: null, closedAt: null,
  stageStartedAt: t0, signDueAt: null, handleDueAt: null, reviewDueAt: null, revisitDueAt: null, nextDueAt: null,
  dueBasis: null, slaLevel: 0, slaCheckAt: null,
  assignments: [], cohandlers: [], extensions: [],
};

/** Each status where it typically stands: down the chain centre → Guangzhou → Tianhe. */
const canonical: Record<Status, OrderState> = {
  registered: base,
  answered: { ...base, status: 'answered', result: '已解答', resolvedAt: t0 },
  cancelled: { ...base, status: 'cancelled', closedAt: t0 },
  dispatched: { ...base, status: 'dispatched', currentUnitId: TIANHE, assignments: [assignment(GZ, CENTRE), assignment(TIANHE, GZ, { signedAt: null })] },
  handling: { ...base, status: 'handling', currentUnitId: TIANHE, assignments: [assignment(GZ, CENTRE), assignment(TIANHE, GZ)] },
  returned: {
    ...base, status: 'returned', currentUnitId: GZ,
    assignments: [assignment(GZ, CENTRE), assignment(TIANHE, GZ, { active: false, returnedAt: t0, returnReason: '不属本区' })],
  },
  reviewing: {
    ...base, status: 'reviewing', currentUnitId: GZ, result: '已补发',
    assignments: [assignment(GZ, CENTRE), assignment(TIANHE, GZ, { reportedAt: t0, result: '已补发' })],
  },
  resolved: { ...base, status: 'resolved', result: '已补发', resolvedAt: t0, assignments: [assignment(GZ, CENTRE, { reportedAt: t0 }), assignment(TIANHE, GZ, { reportedAt: t0 })] },
  closed: { ...base, status: 'closed', closedAt: t0 },
  merged: { ...base, status: 'merged', closedAt: t0 },
};

/** Who may take which action in each canonical state: the lifecycle table of the spec, restated. */
const desk: Partial<Record<Action, Who[]>> = { reclassify: ['agent', 'lawyer'], split: ['agent', 'lawyer'] };
const permitted: Record<Status, Partial<Record<Action, Who[]>>> = {
  registered: {
    answer: ['agent', 'lawyer'], cancel: ['agent', 'lawyer'], dispatch: ['agent', 'lawyer'], merge: ['agent', 'lawyer'],
    supervise: ['supervisor'], ...desk,
  },
  answered: { revisit: ['agent', 'worker'], supervise: ['supervisor'], reclassify: ['agent', 'lawyer'] },
  cancelled: {},
  dispatched: { sign: ['tianhe'], return: ['tianhe'], supervise: ['supervisor', 'gzSupervisor'], ...desk },
  handling: {
    dispatch: ['tianhe'], return: ['tianhe'], request_extension: ['tianhe'], report: ['tianhe'],
    add_cohandler: ['tianhe', 'agent', 'lawyer'], supervise: ['supervisor', 'gzSupervisor'], ...desk,
  },
  returned: { redispatch: ['gz'], take_over: ['gz'], supervise: ['supervisor'], ...desk },
  reviewing: { approve: ['gz'], reject: ['gz'], supervise: ['supervisor'], ...desk },
  resolved: { revisit: ['agent', 'worker'], supervise: ['supervisor'], ...desk },
  closed: {},
  merged: {},
};

/** A valid input for each action in its canonical state, and the status it leads to. */
const inputs: { [A in Action]: [Record<string, unknown>, Status | null] } = {
  answer: [{ answer: '年休假5天' }, 'answered'],
  cancel: [{ reason: '非劳动争议', route: '人民法院' }, 'cancelled'],
  dispatch: [{ unitId: 0 }, 'dispatched'], // unitId filled in per state below
  sign: [{}, 'handling'],
  return: [{ reason: '不属本区' }, 'returned'],
  approve_return: [{}, 'returned'],
  reject_return: [{ reason: '请继续办理' }, null],
  redispatch: [{ unitId: HAIZHU }, 'dispatched'],
  take_over: [{}, 'handling'],
  request_extension: [{ days: 3, reason: '等待仲裁' }, 'handling'],
  approve_extension: [{}, 'handling'],
  reject_extension: [{ reason: '按期办结' }, 'handling'],
  report: [{ result: '已补发' }, 'reviewing'],
  approve: [{}, 'reviewing'],
  reject: [{ reason: '证据不足' }, 'handling'],
  revisit: [{ resultRating: 5, serviceRating: 5 }, 'closed'],
  supervise: [{ level: 'urge', note: '请加快' }, null], // status unchanged
  add_cohandler: [{ unitId: NANHAI, task: '核实分厂' }, 'handling'],
  cohandler_sign: [{}, null],
  cohandler_done: [{ result: '已核实' }, null],
  reclassify: [{ difficulty: 'hard', mass: true }, null],
  merge: [{ masterId: 999 }, 'merged'],
  split: [{ petitionerId: 7 }, null],
};

function inputFor(action: Action, state: OrderState) {
  const [fields] = inputs[action];
  if (action !== 'dispatch') return fields;
  return { unitId: state.currentUnitId === CENTRE ? GZ : STREET };
}

const run = (action: Action, state: OrderState, who: Who) =>
  transition(action, { order: state, actor: actors[who], units, now }, inputFor(action, state) as never);

describe.each(STATUSES)('in status %s', (status) => {
  const state = canonical[status];
  const rules = permitted[status];

  test.each(Object.keys(actors) as Who[])('%s is offered exactly the permitted actions', (who) => {
    const expected = ACTIONS.filter((a) => rules[a]?.includes(who));
    expect(allowedActions({ order: state, actor: actors[who], units })).toEqual(expected);
  });

  test.each(ACTIONS)('%s: permitted actors succeed, the rest get a typed refusal', (action) => {
    const allowed = rules[action] ?? [];
    for (const who of Object.keys(actors) as Who[]) {
      const result = run(action, state, who);
      if (allowed.includes(who)) {
        expect({ who, ok: result.ok }).toEqual({ who, ok: true });
        if (!result.ok) continue;
        expect(result.next.status).toBe(inputs[action][1] ?? status);
        expect(result.event).toMatchObject({ action, fromStatus: status, toStatus: result.next.status });
      } else {
        // Nobody may do it now → a status refusal (409); somebody else could → a role refusal (403).
        expect({ who, result }).toMatchObject({ who, result: { ok: false, kind: allowed.length ? 'role' : 'status' } });
        if (!result.ok) expect(result.reason).not.toBe('');
      }
    }
  });
});

describe('rules that depend on more than the status', () => {
  const handling = canonical.handling;
  const pending = {
    ...handling,
    extensions: [{
      unitId: TIANHE, deciderUnitId: GZ, days: 3, reason: '等待仲裁', status: 'pending' as const,
      requestedAt: t0, decidedAt: null, decisionNote: null,
    }],
  };
  const withPart = (signed: boolean) => ({
    ...handling,
    cohandlers: [{ unitId: NANHAI, addedByUnitId: TIANHE, task: '核实', addedAt: t0, signedAt: signed ? t0 : null, doneAt: null, result: null }],
  });

  test('an extension request is decided by the unit above only, once', () => {
    expect(allowedActions({ order: pending, actor: actors.gz, units })).toEqual(['approve_extension', 'reject_extension']);
    expect(allowedActions({ order: pending, actor: actors.tianhe, units })).not.toContain('request_extension');
    const approved = run('approve_extension', pending, 'gz');
    expect(approved.ok && approved.next.extensions[0].status).toBe('approved');
    expect(run('approve_extension', pending, 'tianhe')).toMatchObject({ ok: false, kind: 'role' });
  });

  test('reporting withdraws a pending extension request', () => {
    const reported = run('report', pending, 'tianhe');
    expect(reported.ok && reported.next.extensions[0].status).toBe('withdrawn');
  });

  test('an extension longer than 10 working days is refused on the days field', () => {
    const r = transition('request_extension', { order: handling, actor: actors.tianhe, units, now }, { days: 11, reason: 'x' });
    expect(r).toMatchObject({ ok: false, kind: 'input', field: 'days' });
  });

  test('a co-handler signs, then finishes its part; the report waits for it', () => {
    expect(allowedActions({ order: withPart(false), actor: actors.nanhai, units })).toEqual(['cohandler_sign']);
    expect(allowedActions({ order: withPart(true), actor: actors.nanhai, units })).toEqual(['cohandler_done']);
    expect(run('report', withPart(true), 'tianhe')).toMatchObject({ ok: false, kind: 'status' });
    const done = run('cohandler_done', withPart(true), 'nanhai');
    expect(done.ok && done.next.cohandlers[0]).toMatchObject({ doneAt: now, result: '已核实' });
    expect(done.ok && run('report', done.next, 'tianhe').ok).toBe(true);
  });

  test.each<[string, OrderState, Who, number]>([
    ['the centre to the centre', base, 'agent', CENTRE],
    ['Guangzhou to a grandchild', { ...handling, currentUnitId: GZ, assignments: [assignment(GZ, CENTRE)] }, 'gz', STREET],
    ['Guangzhou to another city', { ...handling, currentUnitId: GZ, assignments: [assignment(GZ, CENTRE)] }, 'gz', NANHAI],
    ['Tianhe to itself', handling, 'tianhe', TIANHE],
    ['anyone to a unit that does not exist', handling, 'tianhe', 999],
  ])('dispatch refuses %s on unitId', (_what, state, who, unitId) => {
    const r = transition('dispatch', { order: state, actor: actors[who], units, now }, { unitId });
    expect(r).toMatchObject({ ok: false, kind: 'input', field: 'unitId' });
  });

  test('the centre may hand an order straight to any unit', () => {
    const r = transition('dispatch', { order: base, actor: actors.agent, units, now }, { unitId: STREET });
    expect(r.ok && r.next).toMatchObject({ status: 'dispatched', currentUnitId: STREET });
  });

  test('approval climbs one level at a time and resolves at the centre', () => {
    const atGz = run('approve', canonical.reviewing, 'gz');
    expect(atGz.ok && atGz.next).toMatchObject({ status: 'reviewing', currentUnitId: CENTRE });
    const atCentre = atGz.ok && transition('approve', { order: atGz.next, actor: actors.agent, units, now }, {});
    expect(atCentre && atCentre.ok && atCentre.next).toMatchObject({ status: 'resolved', resolvedAt: now });
  });

  test('an unsatisfied rating re-opens the order at the last handling unit, or at the desk for a consultation', () => {
    const low = { resultRating: 4, serviceRating: 2 };
    const rehandled = transition('revisit', { order: canonical.resolved, actor: actors.agent, units, now }, low);
    expect(rehandled.ok && rehandled.next).toMatchObject({ status: 'handling', currentUnitId: TIANHE, rehandleCount: 1, resolvedAt: null });
    expect(rehandled.ok && rehandled.next.assignments.map((a) => a.reportedAt)).toEqual([null, null]);
    const reasked = transition('revisit', { order: canonical.answered, actor: actors.agent, units, now }, low);
    expect(reasked.ok && reasked.next).toMatchObject({ status: 'registered', currentUnitId: CENTRE });
  });

  test('the worker rating in the mini-program follows the same rule as the centre calling back', () => {
    const byWorker = transition('revisit', { order: canonical.resolved, actor: actors.worker, units, now }, { resultRating: 2, serviceRating: 4, comment: '工资只补了一半' });
    expect(byWorker.ok && byWorker.next).toMatchObject({ status: 'handling', currentUnitId: TIANHE, rehandleCount: 1 });
    expect(byWorker.ok && byWorker.event).toMatchObject({ action: 'revisit', detail: 'unsatisfied', note: '工资只补了一半' });
    const closed = transition('revisit', { order: canonical.resolved, actor: actors.worker, units, now }, { resultRating: 4, serviceRating: 5 });
    expect(closed.ok && closed.next).toMatchObject({ status: 'closed', closedAt: now });
  });

  test('a return later than 2 working days after dispatch waits for the centre', () => {
    const late = new Date('2026-03-06T02:00:00Z'); // dispatched Mon 2 Mar, now Fri 6 Mar
    const asked = transition('return', { order: handling, actor: actors.tianhe, units, now: late }, { reason: '不属本区' });
    expect(asked.ok && asked.next).toMatchObject({ status: 'handling', currentUnitId: TIANHE });
    expect(asked.ok && asked.event).toMatchObject({ action: 'return', detail: 'needs_approval' });
    if (!asked.ok) return;
    const pendingReturn = asked.next;
    expect(allowedActions({ order: pendingReturn, actor: actors.tianhe, units })).not.toContain('return');
    expect(allowedActions({ order: pendingReturn, actor: actors.agent, units })).toEqual(expect.arrayContaining(['approve_return', 'reject_return']));
    expect(transition('approve_return', { order: pendingReturn, actor: actors.gz, units, now: late }, {})).toMatchObject({ ok: false, kind: 'role' });
    const approved = transition('approve_return', { order: pendingReturn, actor: actors.agent, units, now: late }, {});
    expect(approved.ok && approved.next).toMatchObject({ status: 'returned', currentUnitId: GZ });
    const refused = transition('reject_return', { order: pendingReturn, actor: actors.agent, units, now: late }, { reason: '请继续办理' });
    expect(refused.ok && refused.next.assignments[1]).toMatchObject({ returnRequestedAt: null, active: true });
  });

  test('the centre may cancel an order returned to it', () => {
    const backAtCentre = { ...canonical.returned, currentUnitId: CENTRE, assignments: [assignment(GZ, CENTRE, { active: false })] };
    expect(allowedActions({ order: backAtCentre, actor: actors.agent, units })).toEqual(['cancel', 'redispatch', 'split', 'reclassify']);
  });

  test('the input state is never modified', () => {
    const before = JSON.stringify(handling);
    run('report', handling, 'tianhe');
    run('return', handling, 'tianhe');
    expect(JSON.stringify(handling)).toBe(before);
  });
});

describe('deadlines follow every change', () => {
  // Mon 2026-03-02 10:00 Shanghai; the next working days are Mar 3, 4, 5 ...
  const at = new Date('2026-03-02T02:00:00Z');
  const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`);
  const step = <A extends Action>(order: OrderState, action: A, who: Who, input: Record<string, unknown>, when = at) => {
    const r = transition(action, { order, actor: actors[who], units, now: when }, input as never);
    if (!r.ok) throw new Error(r.reason);
    return r.next;
  };

  test('dispatch starts a 1-working-day sign deadline, reminded at 09:00 on the due day', () => {
    const next = step(base, 'dispatch', 'agent', { unitId: GZ });
    expect(next).toMatchObject({
      signDueAt: endOf('2026-03-03'), nextDueAt: endOf('2026-03-03'), dueBasis: 'workingDays', stageStartedAt: at,
      slaLevel: 0, slaCheckAt: new Date('2026-03-03T09:00:00+08:00'),
    });
  });

  test('an urgent order must be signed within the hour, reminded 15 minutes before', () => {
    const next = step({ ...base, mass: true, urgent: true }, 'dispatch', 'agent', { unitId: GZ });
    expect(next).toMatchObject({ signDueAt: new Date(at.getTime() + 3600_000), dueBasis: 'clock', slaCheckAt: new Date(at.getTime() + 45 * 60_000) });
  });

  test('signing swaps the sign deadline for the handling one; an approved extension moves it', () => {
    const dispatched = step(base, 'dispatch', 'agent', { unitId: GZ });
    const signed = step(dispatched, 'sign', 'gz', {});
    expect(signed).toMatchObject({ signDueAt: null, handleDueAt: endOf('2026-03-05'), nextDueAt: endOf('2026-03-05') });
    expect(signed.assignments[0]).toMatchObject({ signDueAt: endOf('2026-03-03'), handleDueAt: endOf('2026-03-05') });
    const down = step(signed, 'dispatch', 'gz', { unitId: TIANHE });
    const atTianhe = step(down, 'sign', 'tianhe', {});
    const asked = step(atTianhe, 'request_extension', 'tianhe', { days: 2, reason: '等待仲裁' });
    expect(asked.handleDueAt).toEqual(endOf('2026-03-05'));
    const extended = step({ ...asked, slaLevel: 1 }, 'approve_extension', 'gz', {});
    expect(extended).toMatchObject({ handleDueAt: endOf('2026-03-09'), slaLevel: 0 });
    expect(extended.assignments.at(-1)!.handleDueAt).toEqual(endOf('2026-03-09'));
  });

  test('the centre raising the difficulty lengthens the handling deadline', () => {
    const handling = { ...canonical.handling, stageStartedAt: at };
    const harder = step(handling, 'reclassify', 'agent', { difficulty: 'complex' });
    expect(harder.handleDueAt).toEqual(endOf('2026-03-16'));
  });

  test('statuses without a deadline clear it', () => {
    const dispatched = step(base, 'dispatch', 'agent', { unitId: GZ });
    const signed = step(dispatched, 'sign', 'gz', {});
    const returned = step(signed, 'return', 'gz', { reason: '不属本市' });
    expect(returned).toMatchObject({ nextDueAt: null, slaCheckAt: null, handleDueAt: null });
  });
});
