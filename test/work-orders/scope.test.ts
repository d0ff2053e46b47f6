import { Harness } from '../support/harness';

/**
 * Visibility: an order exists only for the centre and for units its chain reached (and their
 * ancestors). Everyone else gets 404 and never sees it in lists or counts.
 */
let h: Harness;
let atTianhe: any;
let atGzOnly: any;
let anonymous: any;
let atNanhai: any;

beforeAll(async () => {
  h = await Harness.start();
  await h.createStaff('haizhu', 'handler', '440105'); // sibling of Tianhe
  await h.createStaff('tianhe-street', 'handler', '440106001'); // a street union below Tianhe
  await h.createStaff('gd-auditor', 'auditor', '440000');
  const gz = await h.unitId('440100');
  const tianhe = await h.unitId('440106');
  const nanhai = await h.unitId('440605');

  atTianhe = await h.register();
  await h.act('demo-agent', atTianhe.id, 'dispatch', { unitId: gz });
  await h.act('demo-gz', atTianhe.id, 'sign');
  await h.act('demo-gz', atTianhe.id, 'dispatch', { unitId: tianhe });

  atGzOnly = await h.register({ summary: '只到市总' });
  await h.act('demo-agent', atGzOnly.id, 'dispatch', { unitId: gz });

  anonymous = await h.register({ summary: '匿名投诉', worker: { name: '李四', phone: '13998765432', anonymous: true } });
  await h.act('demo-agent', anonymous.id, 'dispatch', { unitId: gz });

  atNanhai = await h.register({ summary: '南海的工单', regionCode: '440605' });
  await h.act('demo-agent', atNanhai.id, 'dispatch', { unitId: nanhai });
});
afterAll(() => h.stop());

const numbersSeenBy = async (who: string) => {
  const res = await h.as(who, 'GET', '/api/v1/work-orders?pageSize=100');
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return res.body.items.map((o: any) => o.summary).sort();
};

test.each([
  ['demo-agent', ['匿名投诉', '南海的工单', '只到市总', '拖欠工资']],
  ['gd-auditor', ['匿名投诉', '南海的工单', '只到市总', '拖欠工资']],
  ['demo-gz', ['匿名投诉', '只到市总', '拖欠工资']], // parent of Tianhe, and reached itself
  ['demo-gz-tianhe', ['拖欠工资']], // only what came down to it
  ['haizhu', []], // sibling
  ['tianhe-street', []], // child: the order stopped above it
  ['demo-fs-nanhai', ['南海的工单']], // another city
])('%s sees exactly its orders in lists and counts', async (who, expected) => {
  expect(await numbersSeenBy(who)).toEqual([...expected].sort());
});

test.each(['haizhu', 'tianhe-street', 'demo-fs-nanhai'])('%s gets 404 for an order it cannot see, on read and on action', async (who) => {
  expect((await h.as(who, 'GET', `/api/v1/work-orders/${atTianhe.id}`)).status).toBe(404);
  const res = await h.as(who, 'POST', `/api/v1/work-orders/${atTianhe.id}/actions/sign`, { version: 1 });
  expect(res.status).toBe(404);
  expect(res.body.error.code).toBe('not_found');
});

test('a visible order the user may not act on answers 403 with the reason', async () => {
  const current = await h.as('demo-gz', 'GET', `/api/v1/work-orders/${atTianhe.id}`);
  const res = await h.as('demo-gz', 'POST', `/api/v1/work-orders/${atTianhe.id}/actions/sign`, { version: current.body.version });
  expect(res.status).toBe(403);
  expect(res.body.error.message).toContain('签收');
});

test('filters narrow within the scope, never beyond it', async () => {
  const nanhai = await h.unitId('440605');
  const byUnit = await h.as('demo-gz', 'GET', `/api/v1/work-orders?unitId=${nanhai}`);
  expect(byUnit.body).toEqual({ items: [], total: 0 });
  const byText = await h.as('demo-fs-nanhai', 'GET', `/api/v1/work-orders?q=${encodeURIComponent('拖欠')}`);
  expect(byText.body.total).toBe(0);
  const byStatus = await h.as('demo-gz', 'GET', '/api/v1/work-orders?status=dispatched');
  expect(byStatus.body.items.map((o: any) => o.summary).sort()).toEqual(['匿名投诉', '只到市总', '拖欠工资'].sort());
});

test("text search finds a summary's or employer's words within the scope only", async () => {
  const summariesFor = async (who: string, q: string) =>
    (await h.as(who, 'GET', `/api/v1/work-orders?q=${encodeURIComponent(q)}&pageSize=100`)).body.items.map((o: any) => o.summary).sort();
  expect(await summariesFor('demo-gz', '市总')).toEqual(['只到市总']);
  expect(await summariesFor('demo-gz', '某餐')).toEqual(['匿名投诉', '只到市总', '拖欠工资']); // every order here names 天河某餐馆
  expect(await summariesFor('demo-gz-tianhe', '某餐')).toEqual(['拖欠工资']);
  expect(await summariesFor('demo-gz', '南海的')).toEqual([]);
  expect(await summariesFor('demo-fs-nanhai', '南海的')).toEqual(['南海的工单']);
  expect(await summariesFor('demo-fs-nanhai', '100%')).toEqual([]); // % taken literally
});

test('an order number, whole or its start, finds the orders in scope only', async () => {
  const numbersFor = async (who: string, q: string) =>
    (await h.as(who, 'GET', `/api/v1/work-orders?q=${q}&pageSize=100`)).body.items.map((o: any) => o.number).sort();
  const day = atTianhe.number.slice(0, 'GD-YYYYMMDD'.length);
  const thatDay = [atTianhe, atGzOnly, anonymous, atNanhai].map((o) => o.number).filter((n: string) => n.startsWith(day));
  expect(await numbersFor('demo-agent', day)).toEqual(thatDay.sort());
  expect(await numbersFor('demo-gz-tianhe', day.toLowerCase())).toEqual([atTianhe.number]);
  expect(await numbersFor('demo-gz', atGzOnly.number)).toEqual([atGzOnly.number]);
  expect(await numbersFor('haizhu', atTianhe.number)).toEqual([]);
  expect(await numbersFor('demo-agent', `${day}&from=2020-01-01&to=2099-12-31`)).toEqual(thatDay.sort());
  // Not the start of a number: searched as text, as before.
  expect(await numbersFor('demo-gz-tianhe', atTianhe.number.slice(3))).toEqual([atTianhe.number]);
});

test('an anonymous worker is hidden from every unit but the centre desk; everyone sees workers masked', async () => {
  const byAgent = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${anonymous.id}`);
  expect(byAgent.body.worker).toEqual({ id: expect.any(Number), name: '李*', phone: '139****5432', idNumber: null });
  const byGz = await h.as('demo-gz', 'GET', `/api/v1/work-orders/${anonymous.id}`);
  expect(byGz.body.anonymous).toBe(true);
  expect(byGz.body.worker).toBeNull();
  expect(JSON.stringify(byGz.body)).not.toMatch(/李四|13998765432/);

  const named = await h.as('demo-gz-tianhe', 'GET', `/api/v1/work-orders/${atTianhe.id}`);
  expect(named.body.worker).toEqual({ name: '张*', phone: '138****1234', idNumber: null });
  const byAuditor = await h.as('gd-auditor', 'GET', `/api/v1/work-orders/${anonymous.id}`);
  expect(byAuditor.body.worker).toBeNull();
});
