import { Harness } from '../support/harness';

/** The staff side of the mini-program: what waits at my unit, most pressing first. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
let now = sh('2026-03-02 10:00');
let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
});
afterAll(() => h.stop());

test('the desk lists what waits to be signed, handled and reviewed, with deadlines and actions', async () => {
  const [gz, tianhe] = [await h.unitId('440100'), await h.unitId('440106')];
  const first = await h.register({ employer: '柜台甲公司' });
  const second = await h.register({ employer: '柜台乙公司' });
  const handled = await h.register({ employer: '柜台丙公司' });
  const returned = await h.register({ employer: '柜台丁公司' });

  // Dispatched a day apart: the older deadline comes first although its order is older.
  await h.act('demo-agent', first.id, 'dispatch', { unitId: tianhe });
  now = sh('2026-03-03 10:00');
  await h.act('demo-agent', second.id, 'dispatch', { unitId: tianhe });
  const viaGuangzhou = [['demo-agent', 'dispatch', { unitId: gz }], ['demo-gz', 'sign', {}], ['demo-gz', 'dispatch', { unitId: tianhe }]] as const;
  for (const [who, action, fields] of [...viaGuangzhou, ['demo-gz-tianhe', 'sign', {}]] as const) await h.act(who, handled.id, action, fields);
  for (const [who, action, fields] of [...viaGuangzhou, ['demo-gz-tianhe', 'return', { reason: '不属本区' }]] as const) {
    await h.act(who, returned.id, action, fields);
  }

  const desk = await h.as('demo-gz-tianhe', 'GET', '/api/v1/mp/staff/desk');
  expect(desk.status).toBe(200);
  expect(desk.body.unit).toEqual({ id: tianhe, name: '天河区总工会' });
  expect(desk.body.toSign.map((o: any) => o.id)).toEqual([first.id, second.id]);
  expect(desk.body.toSign[0]).toMatchObject({
    status: 'dispatched', deadlines: { signDueAt: expect.any(String), nextDueAt: expect.any(String) },
    allowedActions: expect.arrayContaining(['sign', 'return']),
  });
  expect(desk.body.toSign[0].deadlines.nextDueAt < desk.body.toSign[1].deadlines.nextDueAt).toBe(true);
  expect(desk.body.toHandle).toMatchObject([{ id: handled.id, status: 'handling', allowedActions: expect.arrayContaining(['report', 'dispatch', 'return']) }]);
  expect(desk.body.toReview).toEqual([]);

  // The returned order waits at Guangzhou for a new hand-down; a report waits there for review.
  await h.act('demo-gz-tianhe', handled.id, 'report', { result: '已补发。' });
  const gzDesk = await h.as('demo-gz', 'GET', '/api/v1/mp/staff/desk');
  expect(gzDesk.body.toHandle).toMatchObject([{ id: returned.id, status: 'returned', allowedActions: ['redispatch', 'take_over'] }]);
  expect(gzDesk.body.toReview).toMatchObject([{ id: handled.id, status: 'reviewing', allowedActions: ['approve', 'reject'] }]);
  expect((await h.request('GET', '/api/v1/mp/staff/desk')).status).toBe(401);
});
