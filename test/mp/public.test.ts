import { MpWorld } from './support';

let w: MpWorld;
beforeAll(async () => {
  w = await MpWorld.start();
});
afterAll(() => w.stop());

let ip = 0;
/** Each test looks up from its own address, so the per-address limit is its own. */
const lookupFrom = (address: string) => (number: string, phoneLast4: string) =>
  w.h.request('GET', `/api/v1/mp/public/orders/${number}?phoneLast4=${phoneLast4}`, { headers: { 'x-forwarded-for': address } });

describe('looking an order up by number and phone', () => {
  test('the right last four digits show the progress in plain words, and nothing personal', async () => {
    const lookup = lookupFrom(`198.51.100.${++ip}`);
    const token = await w.login('o-lookup-1');
    const appeal = await w.orderedAppeal(token, { phone: '13912345678', employer: '天河查询测试厂' });
    await w.h.act('demo-agent', await w.orderId(appeal.orderNumber), 'dispatch', { unitId: await w.h.unitId('440100') });

    const res = await lookup(appeal.orderNumber, '5678');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      number: appeal.orderNumber, status: 'dispatched', createdAt: expect.any(String),
      timeline: [{ at: expect.any(String), text: '诉求已受理，生成工单' }, { at: expect.any(String), text: '已交由广州市总工会办理' }],
    });
    const text = JSON.stringify(res.body);
    for (const secret of ['13912345678', '天河查询测试厂', '保安公司', '陈晓']) expect(text).not.toContain(secret);
  });

  test('orders from the hotline can be looked up too', async () => {
    const order = await w.h.register({ worker: { name: '张三', phone: '13812341234', anonymous: false } });
    const res = await lookupFrom(`198.51.100.${++ip}`)(order.number, '1234');
    expect(res.body).toMatchObject({ number: order.number, status: 'registered' });
    expect(JSON.stringify(res.body)).not.toContain('张三');
  });

  test('a wrong suffix reads exactly like an unknown number: 404', async () => {
    const lookup = lookupFrom(`198.51.100.${++ip}`);
    const order = await w.h.register({ worker: { name: '李四', phone: '13800001234', anonymous: false } });
    const wrong = await lookup(order.number, '4321');
    const unknown = await lookup('GD-20990101-000001', '1234');
    expect(wrong.status).toBe(404);
    expect(wrong.body).toEqual(unknown.body);
    expect((await lookup(order.number, '12a4')).status).toBe(400);
    expect((await lookup('12345', '1234')).status).toBe(400);
  });

  test('ten lookups a minute per address; then 429 with Retry-After', async () => {
    const lookup = lookupFrom('203.0.113.9');
    const order = await w.h.register({ worker: { name: '王五', phone: '13800005678', anonymous: false } });
    for (let i = 0; i < 10; i++) expect((await lookup(order.number, String(1000 + i))).status).toBe(404);
    const limited = await lookup(order.number, '5678');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('rate_limited');
    // Another address is not held back by this one.
    expect((await lookupFrom('203.0.113.10')(order.number, '5678')).status).toBe(200);
  });

  test('twenty lookups an hour per order, from however many addresses: four digits are not guessable', async () => {
    const order = await w.h.register({ worker: { name: '赵六', phone: '13800009876', anonymous: false } });
    for (let i = 0; i < 20; i++) expect((await lookupFrom(`192.0.2.${i}`)(order.number, String(2000 + i))).status).toBe(404);
    expect((await lookupFrom('192.0.2.200')(order.number, '9876')).status).toBe(429);
  });
});

describe('regions for the picker', () => {
  test('cities, then a city\'s districts, then a district\'s towns and streets', async () => {
    const cities = await w.h.request('GET', '/api/v1/mp/public/regions');
    expect(cities.body.items).toHaveLength(21);
    expect(cities.body.items).toContainEqual({ code: '440100', name: '广州市', level: 'city', hasChildren: true });
    const districts = await w.h.request('GET', '/api/v1/mp/public/regions?parentCode=440100');
    expect(districts.body.items).toContainEqual({ code: '440106', name: '天河区', level: 'district', hasChildren: true });
    const towns = await w.h.request('GET', '/api/v1/mp/public/regions?parentCode=440106');
    expect(towns.body.items[0]).toMatchObject({ level: 'town', hasChildren: false });
    // Dongguan has no districts: its towns come straight under the city.
    const dongguan = await w.h.request('GET', '/api/v1/mp/public/regions?parentCode=441900');
    expect(dongguan.body.items.map((r: any) => r.name)).toContain('塘厦镇');
    expect((await w.h.request('GET', '/api/v1/mp/public/regions?parentCode=abc')).status).toBe(400);
  });
});

describe('结果公示', () => {
  const WORKER = { name: '张三丰', phone: '13822223333', idNumber: '440106199001011234', anonymous: false };

  async function closedOrder(): Promise<number> {
    const order = await w.h.register({ employer: '恒达电子厂', regionCode: '440106001', worker: WORKER });
    await w.h.resolve(order.id);
    expect((await w.h.act('demo-agent', order.id, 'revisit', { resultRating: 5, serviceRating: 5 })).body.status).toBe('closed');
    return order.id;
  }

  const good = { summary: '某电子厂拖欠一名职工三个月工资约两万元。', result: '经区总工会协调，企业已全额补发拖欠工资。' };

  test('the centre publishes a closed order; the public sees it desensitised', async () => {
    const orderId = await closedOrder();
    expect((await w.h.as('demo-gz', 'POST', '/api/v1/mp/results', { orderId, ...good })).status).toBe(403);
    for (const [field, leak] of [
      ['summary', '张三丰被拖欠三个月工资，共计两万元。'],
      ['summary', '职工电话 138 2222 3333，被拖欠三个月工资。'],
      ['result', '恒达电子厂已全额补发拖欠的工资。'],
      ['result', '企业已补发，身份证 440106199001011234 已核实。'],
    ]) {
      const res = await w.h.as('demo-agent', 'POST', '/api/v1/mp/results', { orderId, ...good, [field]: leak });
      expect({ leak, status: res.status, path: res.body.error?.details[0].path }).toEqual({ leak, status: 400, path: `body.${field}` });
    }

    const published = await w.h.as('demo-agent', 'POST', '/api/v1/mp/results', { orderId, ...good });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      category: 'wages', categoryLabel: '工资报酬', region: '广州市天河区', employer: '恒**子厂', ...good,
    });
    expect((await w.h.as('demo-agent', 'POST', '/api/v1/mp/results', { orderId, ...good })).status).toBe(409);

    const list = await w.h.request('GET', '/api/v1/mp/public/results');
    expect(list.body.items).toContainEqual(published.body);
    const text = JSON.stringify(list.body);
    for (const secret of [WORKER.name, WORKER.phone, WORKER.idNumber, '恒达电子厂', '恒达电子', '五山']) expect(text).not.toContain(secret);
    expect((await w.h.request('GET', '/api/v1/mp/public/results?category=injury')).body).toEqual({ items: [], total: 0 });

    expect((await w.h.as('demo-gz', 'DELETE', `/api/v1/mp/results/${published.body.id}`)).status).toBe(403);
    expect((await w.h.as('demo-agent', 'DELETE', `/api/v1/mp/results/${published.body.id}`)).status).toBe(204);
    expect((await w.h.request('GET', '/api/v1/mp/public/results')).body.items).not.toContainEqual(published.body);
    expect((await w.h.as('demo-agent', 'DELETE', `/api/v1/mp/results/${published.body.id}`)).status).toBe(404);
  });

  test('only closed orders are published', async () => {
    const order = await w.h.register({ employer: '公示未结公司' });
    const res = await w.h.as('demo-agent', 'POST', '/api/v1/mp/results', { orderId: order.id, ...good });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_closed');
    expect((await w.h.as('demo-agent', 'POST', '/api/v1/mp/results', { orderId: 999_999, ...good })).status).toBe(404);
  });
});
