import type { MigrationInterface } from 'typeorm';
import { ReachSearchText1764880000000 } from '../../src/db/migrations/1764880000000-ReachSearchText';
import { OrderGrams1764890000000 } from '../../src/db/migrations/1764890000000-OrderGrams';
import { GramsComparedAsIs1764900000000 } from '../../src/db/migrations/1764900000000-GramsComparedAsIs';
import { gramsOf } from '../../src/work-orders/search';
import { WorkOrderReach } from '../../src/work-orders/reach.entity';
import { Harness } from '../support/harness';

/** The hand-written migrations must produce exactly the schema the entities describe. */
test('after the migrations the entities need no further schema change', async () => {
  const h = await Harness.start();
  try {
    const log = await h.services.ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  } finally {
    await h.stop();
  }
});

test('the union tree is seeded from the divisions: province, 21 cities, districts and towns', async () => {
  const h = await Harness.start();
  try {
    const rows: Array<{ level: string; n: number | string }> = await h.services.ds.query(
      'SELECT level, COUNT(*) AS n FROM org_unit GROUP BY level ORDER BY level');
    const counts = Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
    expect(counts.province).toBe(1);
    expect(counts.city).toBe(21);
    expect(counts.district).toBeGreaterThan(100);
    expect(counts.town).toBeGreaterThan(1500);
    // Dongguan has no districts: its towns hang under the city union.
    const res = await h.as('demo-admin', 'GET', '/api/v1/orgs?code=441900');
    const towns = await h.as('demo-admin', 'GET', `/api/v1/orgs/${res.body.items[0].id}/children`);
    expect(towns.body.items.map((u: any) => u.level)).toEqual(expect.arrayContaining(['town']));
    expect(towns.body.items.map((u: any) => u.name)).toContain('塘厦镇总工会');
  } finally {
    await h.stop();
  }
});

/** Runs a migration down and up again, as on a database that had the data before it. */
async function undoAndRedo(h: Harness, migration: MigrationInterface): Promise<void> {
  const runner = h.services.ds.createQueryRunner();
  try {
    await migration.down(runner);
    await migration.up(runner);
  } finally {
    await runner.release();
  }
}

(process.env.TEST_DATABASE_URL ? test : test.skip)('the text search index is filled in for the orders already registered', async () => {
  const h = await Harness.start();
  try {
    const orders = [await h.register({ summary: '电子厂拖欠加班费', employer: '天河某电子厂' }), await h.register({ summary: '年休假咨询', employer: undefined })];
    await undoAndRedo(h, new OrderGrams1764890000000());
    const rows: Array<{ gram: number; order_id: number }> = await h.services.ds.query('SELECT gram, order_id FROM work_order_gram');
    const indexed = (id: number) => rows.filter((r) => Number(r.order_id) === id).map((r) => Number(r.gram)).sort();
    expect(indexed(orders[0].id)).toEqual(gramsOf('电子厂拖欠加班费', '天河某电子厂').sort());
    expect(indexed(orders[1].id)).toEqual(gramsOf('年休假咨询').sort());
    expect((await h.as('demo-agent', 'GET', `/api/v1/work-orders?q=${encodeURIComponent('休假咨')}`)).body.items.map((o: any) => o.id)).toEqual([orders[1].id]);
  } finally {
    await h.stop();
  }
});

(process.env.TEST_DATABASE_URL ? test : test.skip)('the index drops grams of characters not compared as they are, and gets them back on undo', async () => {
  const h = await Harness.start();
  try {
    const order = await h.register({ summary: '加班费 Overtime', employer: 'Café 咖啡馆' });
    const indexed = async () => ((await h.services.ds.query('SELECT gram FROM work_order_gram WHERE order_id = ?', [order.id])) as Array<{ gram: number }>)
      .map((r) => Number(r.gram)).sort();
    const migration = new GramsComparedAsIs1764900000000();
    const runner = h.services.ds.createQueryRunner();
    try {
      await migration.down(runner);
      // As the index was: the pending mark gone, every pair in, ASCII in lower case.
      const before = await indexed();
      expect(before).toHaveLength(new Set(['加班', '班费', '费 ', ' o', 'ov', 've', 'er', 'rt', 'ti', 'im', 'me', 'ca', 'af', 'fé', 'é ', ' 咖', '咖啡', '啡馆']).size);
      expect(before).toContain(('o'.charCodeAt(0) << 16) | 'v'.charCodeAt(0));
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await indexed()).toEqual(gramsOf('加班费 Overtime', 'Café 咖啡馆').sort());
    expect((await h.as('demo-agent', 'GET', `/api/v1/work-orders?q=${encodeURIComponent('CAFE 咖啡')}`)).body.items.map((o: any) => o.id)).toEqual([order.id]);
  } finally {
    await h.stop();
  }
});

test("rebuilding the reach rows with their searched texts fills them in from the orders", async () => {
  const h = await Harness.start();
  try {
    const order = await h.register({ summary: '电子厂拖欠加班费', employer: '天河某电子厂' });
    expect((await h.act('demo-agent', order.id, 'dispatch', { unitId: await h.unitId('440100') })).status).toBe(200);
    await undoAndRedo(h, new ReachSearchText1764880000000());
    const rows = await h.services.ds.getRepository(WorkOrderReach).findBy({ orderId: order.id });
    expect(rows.length).toBeGreaterThanOrEqual(2); // 广州 and the province above it
    for (const row of rows) expect(row).toMatchObject({ number: order.number, summary: '电子厂拖欠加班费', employer: '天河某电子厂', status: 'dispatched' });
    const found = await h.as('demo-gz', 'GET', `/api/v1/work-orders?q=${encodeURIComponent('某电子')}`);
    expect(found.body.items.map((o: any) => o.id)).toEqual([order.id]);
    expect((await h.services.ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  } finally {
    await h.stop();
  }
});
