import { AuditLog } from '../../src/audit/audit.entity';
import { Harness } from '../support/harness';

/** The centre desk reveals a masked worker, giving a reason; nobody else can, and every reveal is audited. */
const WORKER = { name: '欧阳娜娜', phone: '13922223333', idNumber: '44010619900101123X' };

let h: Harness;
let named: { orderId: number; workerId: number };
let anonymous: { orderId: number; workerId: number };
beforeAll(async () => {
  h = await Harness.start();
  await h.createStaff('gd-auditor', 'auditor', '440000');
  const register = async (worker: object) => {
    const order = await h.register({ worker });
    const seen = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`);
    return { orderId: order.id, workerId: seen.body.worker.id as number };
  };
  named = await register({ ...WORKER, anonymous: false });
  anonymous = await register({ name: '匿名甲', phone: '13922224444', anonymous: true });
  await h.act('demo-agent', named.orderId, 'dispatch', { unitId: await h.unitId('440100') });
});
afterAll(() => h.stop());

/** `body` null: none sent. */
const reveal = (who: string, workerId: number, body: unknown = { reason: '回访核实办理结果' }) =>
  h.as(who, 'POST', `/api/v1/workers/${workerId}/reveal`, body ?? undefined);
const reveals = () => h.services.ds.getRepository(AuditLog).find({ where: { action: 'reveal_identity' }, order: { id: 'ASC' } });

test('the order shows the centre desk a masked worker with the id to reveal them by', async () => {
  const seen = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${named.orderId}`);
  expect(seen.body.worker).toEqual({ id: named.workerId, name: '欧***', phone: '139****3333', idNumber: '4*************123X' });
  const petitioners = await h.as('demo-lawyer', 'GET', `/api/v1/work-orders/${named.orderId}/petitioners`);
  expect(petitioners.body.items[0].worker).toEqual({ id: named.workerId, name: '欧***', phone: '139****3333' });
  // A handling unit sees less, and nothing to reveal by.
  expect((await h.as('demo-gz', 'GET', `/api/v1/work-orders/${named.orderId}`)).body.worker).toEqual({ name: '欧***', phone: '139****3333', idNumber: null });
});

test.each(['demo-agent', 'demo-lawyer', 'demo-supervisor'])('%s reveals the worker in full; the audit trail records who, whom and why', async (who) => {
  const before = (await reveals()).length;
  const res = await reveal(who, named.workerId, { reason: '  回访核实办理结果  ' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ id: named.workerId, ...WORKER });
  const rows = await reveals();
  expect(rows).toHaveLength(before + 1);
  expect(rows.at(-1)).toMatchObject({
    actorName: who, ip: expect.stringContaining('127.0.0.1'), targetType: 'worker', targetId: String(named.workerId), detail: JSON.stringify({ reason: '回访核实办理结果' }),
  });
});

test('anonymous workers too: the centre desk is who calls them back', async () => {
  expect((await reveal('demo-agent', anonymous.workerId)).body).toEqual({ id: anonymous.workerId, name: '匿名甲', phone: '13922224444', idNumber: null });
});

test.each([
  ['demo-admin', 403], ['gd-auditor', 403],
  // Other units: workers do not exist for them, not even the one on an order they hold.
  ['demo-gz', 404], ['demo-gz-tianhe', 404], ['demo-fs-nanhai', 404],
])('%s gets %i and no reveal is recorded', async (who, status) => {
  const before = (await reveals()).length;
  for (const id of [named.workerId, anonymous.workerId]) {
    const res = await reveal(who, id);
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.body)).not.toMatch(/欧阳|13922223333|13922224444|匿名甲/);
  }
  expect(await reveals()).toHaveLength(before);
});

test.each([
  ['no body', null],
  ['no reason', {}],
  ['a blank reason', { reason: '   ' }],
  ['a one-character reason', { reason: '查' }],
  ['a reason over 200 characters', { reason: '查'.repeat(201) }],
  ['a reason that is not text', { reason: 42 }],
])('%s → 400 naming body.reason, nothing revealed', async (_what, body) => {
  const before = (await reveals()).length;
  const res = await reveal('demo-agent', named.workerId, body);
  expect(res.status).toBe(400);
  expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.reason']);
  expect(await reveals()).toHaveLength(before);
});

test('an unknown worker is 404, a bad id 400, and without a login 401', async () => {
  expect((await reveal('demo-agent', 999_999)).status).toBe(404);
  const bad = await h.as('demo-agent', 'POST', '/api/v1/workers/abc/reveal', { reason: '回访核实' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['params.id']);
  expect((await h.request('POST', `/api/v1/workers/${named.workerId}/reveal`, { body: { reason: '回访核实' } })).status).toBe(401);
});
