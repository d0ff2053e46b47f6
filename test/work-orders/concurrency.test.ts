import { WorkOrderEvent } from '../../src/work-orders/event.entity';
import { Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

test('twenty parallel sign calls: exactly one succeeds and one event is written', async () => {
  const gz = await h.unitId('440100');
  const order = await h.register();
  const dispatched = await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  const token = await h.token('demo-gz');

  const replies = await Promise.all(
    Array.from({ length: 20 }, () =>
      h.request('POST', `/api/v1/work-orders/${order.id}/actions/sign`, { token, body: { version: dispatched.body.version } })),
  );

  const statuses = replies.map((r) => r.status).sort();
  expect(statuses).toEqual([200, ...Array(19).fill(409)]);
  for (const r of replies.filter((x) => x.status === 409)) expect(r.body.error.code).toMatch(/stale_version|action_not_allowed/);
  const signs = await h.services.ds.getRepository(WorkOrderEvent).countBy({ orderId: order.id, action: 'sign' });
  expect(signs).toBe(1);
  const after = await h.as('demo-gz', 'GET', `/api/v1/work-orders/${order.id}`);
  expect(after.body).toMatchObject({ status: 'handling', version: dispatched.body.version + 1 });
});

test('a hundred orders dispatched at once all go through', async () => {
  // A transition reads units through its own transaction: reading them on pooled connections of
  // their own, a burst of transitions can leave every MySQL connection held by a transaction
  // waiting for one more, for ever.
  const gz = await h.unitId('440100');
  const orders: Array<{ id: number; version: number }> = [];
  for (let i = 0; i < 100; i++) orders.push(await h.register({ summary: `同时交办 ${i}` }));
  const token = await h.token('demo-agent');
  const replies = await Promise.all(orders.map((o) =>
    h.request('POST', `/api/v1/work-orders/${o.id}/actions/dispatch`, { token, body: { version: o.version, unitId: gz } })));
  expect(replies.map((r) => r.status)).toEqual(orders.map(() => 200));
  expect(replies.every((r) => r.body.status === 'dispatched')).toBe(true);
});

test('parallel registrations each get their own number', async () => {
  const orders = await Promise.all(Array.from({ length: 15 }, (_, i) => h.register({ summary: `并发登记 ${i}` })));
  expect(new Set(orders.map((o) => o.number)).size).toBe(15);
});

test('a transition that fails half-way leaves the order as it was', async () => {
  const gz = await h.unitId('440100');
  const order = await h.register();
  const events = h.services.ds.getRepository(WorkOrderEvent);
  const before = await events.countBy({ orderId: order.id });
  // The first row insert after the order row's update fails, inside the same transaction.
  const insert = jest.spyOn(Object.getPrototypeOf(events), 'insert').mockRejectedValueOnce(new Error('disk full'));
  const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const res = await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  insert.mockRestore();
  expect(log).toHaveBeenCalledWith('[http]', expect.objectContaining({ message: 'disk full' }));
  log.mockRestore();
  expect(res.status).toBe(500);
  expect(res.body.error).toEqual({ code: 'internal', message: expect.any(String), details: [] });
  const after = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`);
  expect(after.body).toMatchObject({ status: 'registered', version: order.version, chain: [] });
  expect(await events.countBy({ orderId: order.id })).toBe(before);
});
