import { REDACTED, RetentionService } from '../../src/retention/retention.service';
import { gramsOf } from '../../src/work-orders/search';
import { Worker } from '../../src/workers/worker.entity';
import { Harness } from '../support/harness';

let now = new Date('2026-03-02T02:00:00Z');
let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
});
afterAll(() => h.stop());

async function closedOrder(worker: Record<string, unknown>, description: string) {
  const order = await h.register({ description, worker });
  await h.act('demo-agent', order.id, 'answer', { answer: '已解答' });
  await h.act('demo-agent', order.id, 'revisit', { resultRating: 5, serviceRating: 4, comment: '谢谢张老师' });
  return order;
}

test('three years after closing, an order keeps its figures but loses its personal data', async () => {
  const old = await closedOrder({ name: '钱七', phone: '13600001111', anonymous: false }, '我是钱七，在天河一家餐馆，老板欠我工资');
  const shared = await closedOrder({ name: '孙八', phone: '13600002222', anonymous: false }, '孙八的第一件事');
  now = new Date('2027-06-01T02:00:00Z');
  const stillOpen = await h.register({ description: '孙八的第二件事', worker: { name: '孙八', phone: '13600002222', anonymous: false } });
  const recent = await closedOrder({ name: '李九', phone: '13600003333', anonymous: false }, '李九的事');

  now = new Date('2029-03-03T02:00:00Z'); // just over three years after the first two closed
  const retention = new RetentionService(h.services.ds, h.services.tx, 3);
  expect(await retention.pseudonymiseDue(now)).toBe(2);
  expect(await retention.pseudonymiseDue(now)).toBe(0);

  const seen = (await h.as('demo-agent', 'GET', `/api/v1/work-orders/${old.id}`)).body;
  expect(seen).toMatchObject({ number: old.number, category: 'wages', status: 'closed', resultRating: 5, description: REDACTED, revisitComment: null });
  expect(seen.summary).toBe('工资报酬（已脱敏）');
  expect(JSON.stringify(seen)).not.toMatch(/钱七|13600001111|谢谢张老师/);

  const { identities } = h.services.workers;
  const byPhone = (phone: string) => identities.findByPhone(h.services.ds.manager, phone);
  expect(await h.services.ds.getRepository(Worker).findOneByOrFail({ id: seen.worker.id }))
    .toMatchObject({ sealedName: null, sealedPhone: null, phoneHash: null, sealedIdNumber: null });
  expect(await byPhone('13600001111')).toBeNull();
  // 孙八 still has an open order: kept until that one is done with too.
  const kept = await byPhone('13600002222');
  expect(kept && identities.open(kept)).toMatchObject({ name: '孙八', phone: '13600002222' });
  expect((await h.as('demo-agent', 'GET', `/api/v1/work-orders/${shared.id}`)).body.description).toBe(REDACTED);
  expect((await h.as('demo-agent', 'GET', `/api/v1/work-orders/${stillOpen.id}`)).body.description).toBe('孙八的第二件事');
  expect((await h.as('demo-agent', 'GET', `/api/v1/work-orders/${recent.id}`)).body.description).toBe('李九的事');

  // The statistics of the period are what they were.
  const kpis = await h.as('demo-agent', 'GET', '/api/v1/stats/kpis?from=2026-03-01&to=2026-03-31');
  expect(kpis.body.totals.orders).toBe(2);
});

test("a unit's search no longer finds a pseudonymised order by its old summary", async () => {
  now = new Date('2029-04-01T02:00:00Z');
  const nanhai = await h.unitId('440605');
  const order = await h.register({ summary: '五金厂拖欠钱七工资', regionCode: '440605', employer: '南海某五金厂' });
  for (const [who, action, fields] of [
    ['demo-agent', 'dispatch', { unitId: nanhai }],
    ['demo-fs-nanhai', 'sign', {}],
    ['demo-fs-nanhai', 'report', { result: '企业已补发工资' }],
    ['demo-agent', 'approve', {}],
    ['demo-agent', 'revisit', { resultRating: 5, serviceRating: 5 }],
  ] as const) expect((await h.act(who, order.id, action, fields)).status).toBe(200);
  const search = async (q: string) =>
    (await h.as('demo-fs-nanhai', 'GET', `/api/v1/work-orders?q=${encodeURIComponent(q)}`)).body.items.map((o: any) => o.id);
  expect(await search('拖欠钱七')).toEqual([order.id]);

  now = new Date('2032-04-02T02:00:00Z');
  await new RetentionService(h.services.ds, h.services.tx, 3).pseudonymiseDue(now);
  expect(await search('拖欠钱七')).toEqual([]);
  expect(await search('已脱敏')).toEqual([order.id]);
  expect(await search('南海某五金厂')).toEqual([order.id]);
  // The index (MySQL/MariaDB) holds the texts the order keeps, and nothing of the old summary.
  if (!process.env.TEST_DATABASE_URL) return;
  const indexed: Array<{ gram: number }> = await h.services.ds.query('SELECT gram FROM work_order_gram WHERE order_id = ?', [order.id]);
  expect(indexed.map((r) => Number(r.gram)).sort()).toEqual(gramsOf('工资报酬（已脱敏）', '南海某五金厂').sort());
});
