import { insertMany } from '../../src/db/bulk';
import { WorkOrderReach } from '../../src/work-orders/reach.entity';
import { WorkOrder } from '../../src/work-orders/work-order.entity';
import { indexAllOrders } from '../../src/work-orders/search';
import { LIST_COUNT_CAP, SEARCH_COUNT_CAP } from '../../src/work-orders/work-order.service';
import { Harness } from '../support/harness';

/**
 * List counts stop at LIST_COUNT_CAP: past it the list says so (`totalCapped`) instead of counting
 * every match, for the centre (orders read directly) and for a unit (read off its reach rows).
 * Below the cap, and with a filter that narrows the matches, the count is exact. A text search
 * counts to the lower SEARCH_COUNT_CAP.
 */
let h: Harness;
let gz: number;
const SOCIAL_INSURANCE = 120;

beforeAll(async () => {
  h = await Harness.start();
  gz = await h.unitId('440100');
  const first = await h.register({ summary: '样本工单' });
  await h.act('demo-agent', first.id, 'dispatch', { unitId: gz });

  // Copies of the dispatched order, written straight to the tables: registering ten thousand
  // orders one by one over HTTP would take minutes and test nothing more here.
  const { ds } = h.services;
  const { id: _id, ...order } = (await ds.getRepository(WorkOrder).findOneByOrFail({ id: first.id })) as WorkOrder;
  const reach = await ds.getRepository(WorkOrderReach).findBy({ orderId: first.id });
  // The first few are about social insurance, to count a filter below the cap.
  const fields = (i: number) => (i < SOCIAL_INSURANCE
    ? { category: 'social_insurance' as const, summary: `${order.summary}（社保）` }
    : { category: order.category, summary: order.summary });
  const copies = Array.from({ length: LIST_COUNT_CAP }, (_, i) => ({ ...order, number: `CAP${String(i).padStart(8, '0')}`, ...fields(i) }));
  await ds.transaction(async (em) => {
    await insertMany(em, WorkOrder, copies);
    const rows: Array<{ id: number | string; number: string }> = await em.query("SELECT id, number FROM work_order WHERE number LIKE 'CAP%'");
    await insertMany(em, WorkOrderReach, rows.flatMap(({ id, number }) =>
      reach.map(({ orderId: _o, ...r }) => ({ ...r, orderId: Number(id), ...fields(Number(number.slice(3))) }))));
    // Where the search index is kept, every order is indexed afresh, the copies with it.
    await em.query('DELETE FROM work_order_gram');
    await indexAllOrders(em);
  });
}, 120_000);
afterAll(() => h.stop());

test.each([
  ['the centre', 'demo-agent'],
  ['a city', 'demo-gz'],
])('%s sees the count stop at the cap, and pages still fill', async (_scope, who) => {
  const res = await h.as(who, 'GET', '/api/v1/work-orders?pageSize=50&page=3');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ total: LIST_COUNT_CAP, totalCapped: true });
  expect(res.body.items).toHaveLength(50);
});

test.each([
  ['the centre', 'demo-agent'],
  ['a city', 'demo-gz'],
])('%s gets an exact count, without the flag, for a filter under the cap', async (_scope, who) => {
  const res = await h.as(who, 'GET', '/api/v1/work-orders?category=social_insurance&pageSize=100&page=2');
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(SOCIAL_INSURANCE);
  expect(res.body.totalCapped).toBeUndefined();
  expect(res.body.items).toHaveLength(SOCIAL_INSURANCE - 100);
});

test.each([
  ['the centre', 'demo-agent'],
  ['a city', 'demo-gz'],
])('%s sees a text search count stop at its lower cap, and an exact count under it', async (_scope, who) => {
  const common = await h.as(who, 'GET', `/api/v1/work-orders?q=${encodeURIComponent('样本工单')}&pageSize=50&page=3`);
  expect(common.status).toBe(200);
  expect(common.body).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
  expect(common.body.items).toHaveLength(50);

  const narrow = await h.as(who, 'GET', `/api/v1/work-orders?q=${encodeURIComponent('社保')}&pageSize=100&page=2`);
  expect(narrow.status).toBe(200);
  expect(narrow.body.total).toBe(SOCIAL_INSURANCE);
  expect(narrow.body.totalCapped).toBeUndefined();
  expect(narrow.body.items).toHaveLength(SOCIAL_INSURANCE - 100);
});
