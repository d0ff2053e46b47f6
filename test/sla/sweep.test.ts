import type { Transactor } from '../../src/db/transaction';
import { DeadlineSweep } from '../../src/sla/sweep';
import { WorkOrderEvent } from '../../src/work-orders/event.entity';
import { Harness } from '../support/harness';

/** Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);

let h: Harness;
let now = sh('2026-03-02 10:00'); // a Monday
let gz: number;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
  gz = await h.unitId('440100');
});
afterAll(() => h.stop());

/** Three server instances, each with its own sweep. */
const sweeps = () => [1, 2, 3].map(() => new DeadlineSweep(h.services.ds, h.services.tx));

const slaEvents = async (orderId: number) =>
  (await h.services.ds.getRepository(WorkOrderEvent).find({ where: { orderId }, order: { id: 'ASC' } }))
    .filter((e) => ['remind', 'yellow_card', 'red_card', 'escalate'].includes(e.action))
    .map((e) => e.action);

async function dispatchedToGz(overrides: Record<string, unknown> = {}) {
  const order = await h.register(overrides);
  const res = await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  expect(res.status).toBe(200);
  return res.body;
}

test('an unsigned order gets one reminder, one yellow card, one red card and one escalation, whatever runs concurrently', async () => {
  now = sh('2026-03-02 10:00');
  const order = await dispatchedToGz();
  expect(order.deadlines.signDueAt).toBe(sh('2026-03-03 23:59:59.999').toISOString());

  const runAll = async (at: Date) => {
    now = at;
    return Promise.all(sweeps().map((s) => s.processDue(at)));
  };

  await runAll(sh('2026-03-03 08:59'));
  expect(await slaEvents(order.id)).toEqual([]);

  const reports = await runAll(sh('2026-03-03 09:00'));
  expect(reports.filter((r) => r.ran)).toHaveLength(1);
  expect(await slaEvents(order.id)).toEqual(['remind']);

  await runAll(sh('2026-03-04 00:00'));
  expect(await slaEvents(order.id)).toEqual(['remind', 'yellow_card']);

  // Three days forward at once: past the red card (end of the 2nd working day after the deadline).
  await runAll(sh('2026-03-07 00:01'));
  expect(await slaEvents(order.id)).toEqual(['remind', 'yellow_card', 'red_card', 'escalate']);

  // And an hour back: nothing is applied again.
  await runAll(sh('2026-03-06 23:01'));
  await runAll(sh('2026-03-08 10:00'));
  expect(await slaEvents(order.id)).toEqual(['remind', 'yellow_card', 'red_card', 'escalate']);

  // Each row says what was passed, of which deadline, when, and at which unit; the system is the actor.
  const rows = (await h.services.ds.getRepository(WorkOrderEvent).find({ where: { orderId: order.id }, order: { id: 'ASC' } }))
    .filter((e) => e.actorId === null && e.action !== 'register');
  const province = (await h.services.orgs.centre()).id;
  expect(rows.map((e) => [e.action, e.fromStatus, e.toStatus, e.targetUnitId, e.detail, e.actorUnitId, e.note, e.createdAt.toISOString()])).toEqual([
    ['remind', 'dispatched', 'dispatched', gz, order.deadlines.signDueAt, null, null, sh('2026-03-03 09:00').toISOString()],
    ['yellow_card', 'dispatched', 'dispatched', gz, order.deadlines.signDueAt, null, null, sh('2026-03-04 00:00').toISOString()],
    ['red_card', 'dispatched', 'dispatched', gz, order.deadlines.signDueAt, null, null, sh('2026-03-07 00:01').toISOString()],
    ['escalate', 'dispatched', 'dispatched', province, order.deadlines.signDueAt, null, null, sh('2026-03-07 00:01').toISOString()],
  ]);

  const seen = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`);
  expect(seen.body).toMatchObject({ status: 'dispatched', slaLevel: 3 });
  const escalation = seen.body.timeline.find((e: any) => e.action === 'escalate');
  expect(escalation).toMatchObject({ actor: null, targetUnit: { name: '广东省总工会' }, actionLabel: '升级督办' });
});

test('a jump straight past every step applies them all once, even from three sweeps at different minutes', async () => {
  now = sh('2026-03-09 10:00');
  const order = await dispatchedToGz();
  const at = [sh('2026-03-20 10:00'), sh('2026-03-20 10:01'), sh('2026-03-20 10:02')];
  await Promise.all(sweeps().map((s, i) => s.processDue(at[i])));
  expect(await slaEvents(order.id)).toEqual(['remind', 'yellow_card', 'red_card', 'escalate']);
});

test('a jump past the reminder and the yellow card, but not the red, applies those two once', async () => {
  now = sh('2026-03-23 10:00');
  const order = await dispatchedToGz();
  now = sh('2026-03-25 10:00');
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(now);
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(new Date(now.getTime() + 60_000));
  expect(await slaEvents(order.id)).toEqual(['remind', 'yellow_card']);
  const seen = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`);
  expect(seen.body).toMatchObject({ slaLevel: 2 });
});

test('signing in time stops the sign clock and starts the handling one', async () => {
  now = sh('2026-03-09 10:00');
  const order = await dispatchedToGz();
  now = sh('2026-03-10 09:30');
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(now);
  expect(await slaEvents(order.id)).toEqual(['remind']);

  now = sh('2026-03-10 11:00');
  const signed = await h.act('demo-gz', order.id, 'sign');
  expect(signed.body).toMatchObject({ slaLevel: 0, deadlines: { signDueAt: null, handleDueAt: sh('2026-03-13 23:59:59.999').toISOString() } });

  // The old sign deadline passing does nothing now.
  now = sh('2026-03-11 10:00');
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(now);
  expect(await slaEvents(order.id)).toEqual(['remind']);
});

test('an urgent order is chased within the hour', async () => {
  now = sh('2026-03-14 02:00'); // Saturday night: the 1-hour clock runs anyway
  const order = await dispatchedToGz({ mass: true });
  expect(order.urgent).toBe(true);
  now = sh('2026-03-14 02:46');
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(now);
  expect(await slaEvents(order.id)).toEqual(['remind']);
  now = sh('2026-03-14 03:01');
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(now);
  expect(await slaEvents(order.id)).toEqual(['remind', 'yellow_card']);
});

test('the same minute runs once', async () => {
  now = sh('2026-04-01 10:00');
  const [a, b] = sweeps();
  expect((await a.processDue(now)).ran).toBe(true);
  expect(await b.processDue(new Date(now.getTime() + 30_000))).toMatchObject({ ran: false, skipped: 'tick' });
});

const ALL_STEPS = ['remind', 'yellow_card', 'red_card', 'escalate'];

test('a backlog larger than a chunk is advanced chunk by chunk, each step once per order', async () => {
  now = sh('2026-05-11 10:00');
  const orders = [];
  for (let i = 0; i < 5; i++) orders.push(await dispatchedToGz());
  // Chunks of two orders: the five cross two chunk boundaries.
  const chunked = () => new DeadlineSweep(h.services.ds, h.services.tx, undefined, undefined, 2);
  now = sh('2026-05-20 10:00');
  const report = await chunked().processDue(now);
  expect(report.ran).toBe(true);
  for (const order of orders) expect(await slaEvents(order.id)).toEqual(ALL_STEPS);
  now = sh('2026-05-21 10:00');
  await chunked().processDue(now);
  for (const order of orders) expect(await slaEvents(order.id)).toEqual(ALL_STEPS);
});

test('orders of different units, deadlines and progress in one chunk each get their own steps, in order, at their own units', async () => {
  const tianhe = await h.unitId('440106');
  now = sh('2026-07-06 10:00'); // Monday
  const early = await dispatchedToGz();
  const district = await dispatchedToGz();
  expect((await h.act('demo-gz', district.id, 'sign')).status).toBe(200);
  expect((await h.act('demo-gz', district.id, 'dispatch', { unitId: tianhe })).status).toBe(200);
  now = sh('2026-07-07 10:00');
  const late = await dispatchedToGz();
  // The early order's reminder and yellow card are already applied when the backlog starts.
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(sh('2026-07-08 00:01'));
  expect(await slaEvents(early.id)).toEqual(['remind', 'yellow_card']);
  now = sh('2026-07-20 10:00');
  await new DeadlineSweep(h.services.ds, h.services.tx).processDue(now);
  const targets = async (id: number) => (await h.services.ds.getRepository(WorkOrderEvent).find({ where: { orderId: id }, order: { id: 'ASC' } }))
    .filter((e) => e.actorId === null && e.action !== 'register').map((e) => [e.action, e.targetUnitId, e.detail]);
  const province = (await h.services.orgs.centre()).id;
  const due = (order: { id: number }) => h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`).then((r) => r.body.deadlines.signDueAt);
  const [earlyDue, districtDue, lateDue] = [early.deadlines.signDueAt, await due(district), late.deadlines.signDueAt];
  expect(earlyDue).not.toBe(lateDue);
  expect(await targets(early.id)).toEqual([
    ['remind', gz, earlyDue], ['yellow_card', gz, earlyDue], ['red_card', gz, earlyDue], ['escalate', province, earlyDue],
  ]);
  expect(await targets(district.id)).toEqual([
    ['remind', tianhe, districtDue], ['yellow_card', tianhe, districtDue], ['red_card', tianhe, districtDue], ['escalate', gz, districtDue],
  ]);
  expect(await targets(late.id)).toEqual([
    ['remind', gz, lateDue], ['yellow_card', gz, lateDue], ['red_card', gz, lateDue], ['escalate', province, lateDue],
  ]);
});

test('an order someone acts on between the sweep reading it and writing is left to its new deadline', async () => {
  now = sh('2026-06-01 10:00');
  const signedMeanwhile = await dispatchedToGz();
  const untouched = await dispatchedToGz();
  let acted = false;
  // The sweep has read both orders as due when the city union signs one of them.
  const racing = {
    run: async (work: Parameters<Transactor['run']>[0]) => {
      if (!acted) {
        acted = true;
        expect((await h.act('demo-gz', signedMeanwhile.id, 'sign')).status).toBe(200);
      }
      return h.services.tx.run(work);
    },
  } as Transactor;
  now = sh('2026-06-10 10:00');
  await new DeadlineSweep(h.services.ds, racing).processDue(now);
  expect(acted).toBe(true);
  expect(await slaEvents(signedMeanwhile.id)).toEqual([]);
  expect(await slaEvents(untouched.id)).toEqual(ALL_STEPS);
  const seen = await h.as('demo-gz', 'GET', `/api/v1/work-orders/${signedMeanwhile.id}`);
  expect(seen.body).toMatchObject({ status: 'handling', slaLevel: 0 });
});
