import { insertMany } from '../../src/db/bulk';
import { WorkOrderGram } from '../../src/work-orders/gram.entity';
import { CANDIDATES_MAX, gramsOf, indexPending, PENDING } from '../../src/work-orders/search';
import { Harness } from '../support/harness';

/**
 * Text search (`q`): words of a summary or an employer, for the centre and for the units an
 * order reached. On MySQL/MariaDB a word few orders hold is looked up in the gram index; one that
 * many hold, or a single character, is scanned for in the scope, as every word is on SQLite.
 * Either way the results are the same, and an order is found from its registration on, indexed
 * or not yet.
 */
const withIndex = process.env.TEST_DATABASE_URL ? test : test.skip;
let h: Harness;
let textile: any;
let foxconn: any;
const gram = (pair: string) => (pair.charCodeAt(0) << 16) | pair.charCodeAt(1);

beforeAll(async () => {
  h = await Harness.start();
  const gz = await h.unitId('440100');
  textile = await h.register({ summary: '夜班补贴一直未发放', employer: '荔湾某纺织厂', regionCode: '440103' });
  foxconn = await h.register({ summary: '加班时长超标', employer: 'Foxconn 代工厂' });
  for (const order of [textile, foxconn]) expect((await h.act('demo-agent', order.id, 'dispatch', { unitId: gz })).status).toBe(200);
  await indexPending(h.services.tx);
});
afterAll(() => h.stop());

const indexed = async (orderId: number) =>
  ((await h.services.ds.query('SELECT gram FROM work_order_gram WHERE order_id = ?', [orderId])) as Array<{ gram: number }>)
    .map((r) => Number(r.gram)).sort();

const found = async (who: string, q: string) => {
  const res = await h.as(who, 'GET', `/api/v1/work-orders?q=${encodeURIComponent(q)}&pageSize=100`);
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return res.body.items.map((o: any) => o.id);
};

test('grams: distinct two-character pieces of characters compared as they are, none across two texts', () => {
  expect(gramsOf('甲乙', '丙丁')).toEqual([gram('甲乙'), gram('丙丁')]);
  expect(gramsOf('甲乙甲乙')).toEqual([gram('甲乙'), gram('乙甲')]);
  expect(gramsOf('甲')).toEqual([]);
  // Latin letters, digits, spaces and characters beyond the BMP (surrogate pairs) take no part.
  expect(gramsOf('AbAb', null, 'Café 3号线', '𠀀𠀁')).toEqual([gram('号线')]);
});

test('words of a summary or an employer are found by the centre and the units reached, and by no one else', async () => {
  for (const who of ['demo-agent', 'demo-gz']) {
    expect(await found(who, '补贴一直')).toEqual([textile.id]);
    expect(await found(who, '夜班补贴一直未发放')).toEqual([textile.id]); // more grams than are counted
    expect(await found(who, '荔湾某纺织')).toEqual([textile.id]);
    expect(await found(who, 'FOXCONN 代工')).toEqual([foxconn.id]);
    expect(await found(who, '工厂')).toEqual([foxconn.id]);
    expect(await found(who, '未发放荔湾')).toEqual([]); // the end of one text and the start of the other
  }
  expect(await found('demo-fs-nanhai', '补贴一直')).toEqual([]);
  expect(await found('demo-gz-tianhe', '补贴一直')).toEqual([]);
});

withIndex('a rare word is looked up in the index; a common word and a single character are scanned for', async () => {
  const { ds } = h.services;
  expect(await indexed(textile.id)).toEqual(gramsOf('夜班补贴一直未发放', '荔湾某纺织厂').sort());
  // Out of the index, the order can only be found by a scan.
  await ds.query('DELETE FROM work_order_gram WHERE order_id = ? AND gram = ?', [textile.id, gram('纺织')]);
  expect(await found('demo-agent', '纺织')).toEqual([]);
  expect(await found('demo-gz', '纺织')).toEqual([]);
  expect(await found('demo-gz', '纺')).toEqual([textile.id]);

  // Now as many orders hold 纺织 as are worth looking up one by one: the scope is scanned.
  await ds.transaction((em) => insertMany(em, WorkOrderGram, Array.from({ length: CANDIDATES_MAX }, (_, i) => ({ gram: gram('纺织'), orderId: -1 - i }))));
  expect(await found('demo-agent', '纺织')).toEqual([textile.id]);
  expect(await found('demo-gz', '纺织')).toEqual([textile.id]);
  // A longer word goes by its rarest gram, here 织厂, under which the order is still indexed.
  expect(await found('demo-gz', '纺织厂')).toEqual([textile.id]);
  await ds.query('DELETE FROM work_order_gram WHERE order_id = ? AND gram = ?', [textile.id, gram('织厂')]);
  expect(await found('demo-gz', '纺织厂')).toEqual([]);
});

withIndex('a word differing from the text by accent or case is found as by a scan', async () => {
  // utf8mb4_general_ci takes e for é and E; the index must not be narrower than that.
  const cafe = await h.register({ summary: '拖欠工资', employer: 'Café Lumière 咖啡馆' });
  await indexPending(h.services.tx);
  expect(await found('demo-agent', 'CAFE LUMIERE 咖啡')).toEqual([cafe.id]);
  expect(await found('demo-agent', 'cafe lumiere')).toEqual([cafe.id]);
});

withIndex('a new order is found while it waits to be indexed, and after', async () => {
  const order = await h.register({ summary: '宿舍停水三天', employer: '白云某皮具厂', regionCode: '440111' });
  expect(await indexed(order.id)).toEqual([PENDING]);
  expect(await found('demo-agent', '宿舍停水')).toEqual([order.id]);
  expect(await found('demo-agent', '某皮具')).toEqual([order.id]);
  expect(await indexPending(h.services.tx)).toBe(1);
  expect(await indexed(order.id)).toEqual(gramsOf('宿舍停水三天', '白云某皮具厂').sort());
  expect(await found('demo-agent', '宿舍停水')).toEqual([order.id]);
  expect(await indexPending(h.services.tx)).toBe(0);
});

withIndex('two instances indexing at once index each order once, and neither fails', async () => {
  const orders = [];
  for (let i = 0; i < 5; i++) orders.push(await h.register({ summary: `同时建立索引的第${i}单`, employer: '越秀某酒店' }));
  const counts = await Promise.all([indexPending(h.services.tx), indexPending(h.services.tx)]);
  // The one that gave way may have indexed nothing; between them every order was indexed, once.
  expect(counts[0] + counts[1]).toBeLessThanOrEqual(5);
  for (const [i, order] of orders.entries()) expect(await indexed(order.id)).toEqual(gramsOf(`同时建立索引的第${i}单`, '越秀某酒店').sort());
  expect(await indexPending(h.services.tx)).toBe(0);
});
