import { KpiDay } from '../../src/stats/kpi-day.entity';
import { KpiRollup } from '../../src/stats/rollup';
import { Harness } from '../support/harness';

/**
 * KPIs over a fixture of orders walked through the real lifecycle on a settable clock, checked
 * against figures computed by hand. Times below are Shanghai time (UTC+8), all in 2025.
 *
 * Deadlines (sla-policy): signing by the end of the next working day after dispatch; handling
 * (normal difficulty) by the end of the 3rd working day after signing. 24 Feb and 3 Mar are Mondays.
 *
 *  O1 wages     reg 02-24 10:00  → 广州 (signs 11:00) → 天河 (signs 14:00); 天河 reports 02-26 10:00 with
 *               ¥8000, 广州 approves 11:00, centre 12:00 (resolved, 2.0833 days); revisit 5/4 → closed.
 *               All on time (deadlines: sign 02-25, handle 02-27).
 *  O5 other     reg 03-01 07:00 (still February in UTC): cancelled.
 *  O2 wages     reg 03-03 10:00  → 广州 → 天河, both sign on time (handle due 03-06); 天河 reports 03-07
 *               10:00 with ¥1234.56 (late), 广州 approves 11:00 (late), centre 12:00 (4.0833 days);
 *               revisit 4/3 → closed.
 *  O3 contract  reg 03-03 10:00  → 广州 (signs) → 天河, which returns it at 11:00 before signing (a
 *               response in time); 广州 redispatches to 海珠 11:10 (sign due 03-04), which signs 03-05
 *               09:00 (late; handle due 03-10); 海珠 reports 03-07 09:00 with ¥500 (on time), 广州
 *               approves 09:30 (late: due 03-06), centre 09:45 → resolved (3.9896 days), no revisit yet.
 *  O4 hours     reg 03-03 10:00, answered at 10:05 (0.0035 days), revisit 5/5 → closed. First contact.
 *  O6 injury    reg 03-03 10:00  → 广州, never signed: past its deadline (03-04) by now.
 *  O7 social    reg 03-03 10:00  → 南海 (signs 10:30), reports 03-04 10:00 with ¥3000, centre approves
 *               11:00 (1.0417 days); revisit 5/5 → closed.
 *  O8 wages     reg 03-03 10:00  → 广州 → 天河 (both sign on time); reports 03-05 with ¥2000, approved up
 *               to the centre; revisit 03-10 2/4 → unsatisfied: back to 天河, no longer resolved, its
 *               reports cleared.
 *  O11 wages    reg 03-11 09:00  → 广州, not signed yet and still within its deadline.
 *
 * "Now" for every query: 2025-03-11 10:00.
 */
const at = (when: string) => new Date(`2025-${when.replace(' ', 'T')}:00+08:00`);

const NOW = at('03-11 10:00');
let now = NOW;
let h: Harness;
const order: Record<string, number> = {};
let centre: number;
let gz: number;
let tianhe: number;
let haizhu: number;
let foshan: number;
let nanhai: number;

type Step = [when: string, who: string, orderName: string, action: string, fields?: Record<string, unknown>];

const report = (recoveredAmount: number): Record<string, unknown> => ({ result: '企业已补发工资', recoveredAmount });

beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
  await h.createStaff('haizhu', 'handler', '440105');
  await h.createStaff('gd-auditor', 'auditor', '440000');
  // Tokens last 12 hours on the same clock: sign everyone in at "now" so they stay valid while the
  // fixture is written at earlier times.
  for (const who of ['demo-agent', 'demo-lawyer', 'demo-admin', 'demo-gz', 'demo-gz-tianhe', 'demo-fs-nanhai', 'haizhu', 'gd-auditor']) {
    await h.token(who);
  }
  [centre, gz, tianhe, haizhu, foshan, nanhai] = await Promise.all(
    ['440000', '440100', '440106', '440105', '440600', '440605'].map((code) => h.unitId(code)));

  const steps: Step[] = [
    ['02-24 10:00', 'demo-agent', 'O1', 'register', { category: 'wages' }],
    ['02-24 10:00', 'demo-agent', 'O1', 'dispatch', { unitId: gz }],
    ['02-24 11:00', 'demo-gz', 'O1', 'sign'],
    ['02-24 11:30', 'demo-gz', 'O1', 'dispatch', { unitId: tianhe }],
    ['02-24 14:00', 'demo-gz-tianhe', 'O1', 'sign'],
    ['02-26 10:00', 'demo-gz-tianhe', 'O1', 'report', report(8000)],
    ['02-26 11:00', 'demo-gz', 'O1', 'approve'],
    ['02-26 12:00', 'demo-agent', 'O1', 'approve'],
    ['02-27 10:00', 'demo-agent', 'O1', 'revisit', { resultRating: 5, serviceRating: 4 }],

    ['03-01 07:00', 'demo-agent', 'O5', 'register', { category: 'other', summary: '邻里纠纷' }],
    ['03-01 07:05', 'demo-agent', 'O5', 'cancel', { reason: '不属于劳动争议', route: '向街道办反映' }],

    ['03-03 10:00', 'demo-agent', 'O2', 'register', { category: 'wages' }],
    ['03-03 10:00', 'demo-agent', 'O3', 'register', { category: 'contract' }],
    ['03-03 10:00', 'demo-agent', 'O4', 'register', { category: 'hours_leave' }],
    ['03-03 10:00', 'demo-agent', 'O6', 'register', { category: 'injury' }],
    ['03-03 10:00', 'demo-agent', 'O7', 'register', { category: 'social_insurance', regionCode: '440605' }],
    ['03-03 10:00', 'demo-agent', 'O8', 'register', { category: 'wages' }],
    ['03-03 10:00', 'demo-agent', 'O2', 'dispatch', { unitId: gz }],
    ['03-03 10:00', 'demo-agent', 'O3', 'dispatch', { unitId: gz }],
    ['03-03 10:00', 'demo-agent', 'O6', 'dispatch', { unitId: gz }],
    ['03-03 10:00', 'demo-agent', 'O7', 'dispatch', { unitId: nanhai }],
    ['03-03 10:00', 'demo-agent', 'O8', 'dispatch', { unitId: gz }],
    ['03-03 10:05', 'demo-lawyer', 'O4', 'answer', { answer: '累计工作满1年不满10年的，年休假5天。' }],
    ['03-03 10:10', 'demo-gz', 'O2', 'sign'],
    ['03-03 10:10', 'demo-gz', 'O3', 'sign'],
    ['03-03 10:10', 'demo-gz', 'O8', 'sign'],
    ['03-03 10:20', 'demo-gz', 'O2', 'dispatch', { unitId: tianhe }],
    ['03-03 10:20', 'demo-gz', 'O3', 'dispatch', { unitId: tianhe }],
    ['03-03 10:20', 'demo-gz', 'O8', 'dispatch', { unitId: tianhe }],
    ['03-03 10:30', 'demo-gz-tianhe', 'O2', 'sign'],
    ['03-03 10:30', 'demo-gz-tianhe', 'O8', 'sign'],
    ['03-03 10:30', 'demo-fs-nanhai', 'O7', 'sign'],
    ['03-03 11:00', 'demo-gz-tianhe', 'O3', 'return', { reason: '用人单位在海珠区' }],
    ['03-03 11:10', 'demo-gz', 'O3', 'redispatch', { unitId: haizhu }],

    ['03-04 10:00', 'demo-agent', 'O4', 'revisit', { resultRating: 5, serviceRating: 5 }],
    ['03-04 10:00', 'demo-fs-nanhai', 'O7', 'report', report(3000)],
    ['03-04 11:00', 'demo-agent', 'O7', 'approve'],
    ['03-05 09:00', 'haizhu', 'O3', 'sign'],
    ['03-05 10:00', 'demo-agent', 'O7', 'revisit', { resultRating: 5, serviceRating: 5 }],
    ['03-05 10:00', 'demo-gz-tianhe', 'O8', 'report', report(2000)],
    ['03-05 11:00', 'demo-gz', 'O8', 'approve'],
    ['03-05 12:00', 'demo-agent', 'O8', 'approve'],
    ['03-07 09:00', 'haizhu', 'O3', 'report', report(500)],
    ['03-07 09:30', 'demo-gz', 'O3', 'approve'],
    ['03-07 09:45', 'demo-agent', 'O3', 'approve'],
    ['03-07 10:00', 'demo-gz-tianhe', 'O2', 'report', report(1234.56)],
    ['03-07 11:00', 'demo-gz', 'O2', 'approve'],
    ['03-07 12:00', 'demo-agent', 'O2', 'approve'],
    ['03-10 10:00', 'demo-agent', 'O2', 'revisit', { resultRating: 4, serviceRating: 3 }],
    ['03-10 10:00', 'demo-agent', 'O8', 'revisit', { resultRating: 2, serviceRating: 4 }],

    ['03-11 09:00', 'demo-agent', 'O11', 'register', { category: 'wages' }],
    ['03-11 09:00', 'demo-agent', 'O11', 'dispatch', { unitId: gz }],
  ];
  for (const [when, who, name, action, fields = {}] of steps) {
    now = at(when);
    if (action === 'register') {
      order[name] = (await h.register({ summary: `工单 ${name}`, ...fields }, who)).id;
      continue;
    }
    const res = await h.act(who, order[name], action, fields);
    if (res.status !== 200) throw new Error(`${when} ${who} ${action} ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  now = NOW;
});
afterAll(() => h.stop());

const kpis = (who: string, query: string) => h.as(who, 'GET', `/api/v1/stats/kpis?${query}`);
const MARCH_AND_FEB = 'from=2025-02-01&to=2025-03-31';

/** A rate as the API reports it: 4 decimals, null with nothing to count. */
const r = (numerator: number, denominator: number) => ({
  numerator, denominator, rate: denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
});

test('the centre sees every order: totals as computed by hand', async () => {
  const res = await kpis('demo-agent', MARCH_AND_FEB);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    from: '2025-01-31T16:00:00.000Z',
    to: '2025-03-31T15:59:59.999Z',
    unit: { id: centre, name: '广东省总工会' },
    totals: {
      orders: 9,
      // 12 assignments: O11's is still within its deadline; O3 at 海珠 was late and O6 never signed.
      responseRate: r(9, 11),
      // Reported: O1 广州, 天河; O2 广州, 天河 (both late); O3 广州 (late), 海珠; O7 南海. O8's were cleared.
      onTimeRate: r(4, 7),
      // Not cancelled: 8; answered/resolved/closed: O1, O2, O3, O4, O7.
      resolutionRate: r(5, 8),
      // Rated: O1 5/4, O2 4/3, O4 5/5, O7 5/5, O8 2/4.
      resultSatisfaction: r(4, 5),
      serviceSatisfaction: r(5, 5),
      returnRate: r(1, 12),
      firstContactResolutionRate: r(1, 8),
      // (2.0833 + 4.0833 + 3.9896 + 0.0035 + 1.0417) / 5 = 2.2403
      averageHandlingDays: 2.2,
      // O1 + O2 + O3 + O7; O8's ¥2000 went back for re-handling.
      wagesRecovered: 12734.56,
    },
    groups: [],
  });
  expect(await kpis('gd-auditor', MARCH_AND_FEB).then((a) => a.body)).toEqual(res.body);
});

test('the period counts orders by registration time, bare dates being Shanghai days', async () => {
  const totalOf = async (query: string) => (await kpis('demo-agent', query)).body.totals.orders;
  expect(await totalOf('from=2025-03-01&to=2025-03-31')).toBe(8); // O5 at 07:00 on 1 March is in
  expect(await totalOf(`from=${encodeURIComponent('2025-03-01T00:00:00Z')}&to=2025-03-31`)).toBe(7); // 08:00 Shanghai
  expect(await totalOf('from=2025-02-24&to=2025-02-24')).toBe(1);
  expect(await totalOf('from=2025-03-12&to=2025-03-31')).toBe(0);

  // Default: the 30 days up to the end of today.
  const byDefault = await kpis('demo-agent', '');
  expect(byDefault.body).toMatchObject({ from: '2025-02-09T16:00:00.000Z', to: '2025-03-11T15:59:59.999Z', totals: { orders: 9 } });
  const fromOnly = await kpis('demo-agent', 'from=2025-03-02');
  expect(fromOnly.body).toMatchObject({ to: '2025-03-11T15:59:59.999Z', totals: { orders: 7 } });
});

const GZ_TOTALS = {
  orders: 6, // O1, O2, O3, O6, O8, O11
  responseRate: r(8, 10), // the centre's but 南海's
  onTimeRate: r(3, 6),
  resolutionRate: r(3, 6),
  resultSatisfaction: r(2, 3),
  serviceSatisfaction: r(3, 3),
  returnRate: r(1, 11), // 广州 6 (O1, O2, O3, O6, O8, O11), 天河 4 (O1, O2, O3, O8), 海珠 1
  firstContactResolutionRate: r(0, 6),
  averageHandlingDays: 3.4, // (2.0833 + 4.0833 + 3.9896) / 3 = 3.3854
  wagesRecovered: 9734.56,
};

const TIANHE_TOTALS = {
  orders: 4, // O1, O2, O3 (returned, but it reached 天河), O8
  responseRate: r(4, 4), // O3's return came before the deadline
  onTimeRate: r(1, 2), // O1 on time, O2 late
  resolutionRate: r(3, 4),
  resultSatisfaction: r(2, 3),
  serviceSatisfaction: r(3, 3),
  returnRate: r(1, 4),
  firstContactResolutionRate: r(0, 4),
  averageHandlingDays: 3.4,
  wagesRecovered: 9734.56,
};

const HAIZHU = {
  orders: 1, // O3
  responseRate: r(0, 1),
  onTimeRate: r(1, 1),
  resolutionRate: r(1, 1),
  resultSatisfaction: r(0, 0),
  serviceSatisfaction: r(0, 0),
  returnRate: r(0, 1),
  firstContactResolutionRate: r(0, 1),
  averageHandlingDays: 4,
  wagesRecovered: 500,
};

const NANHAI = {
  orders: 1, // O7
  responseRate: r(1, 1),
  onTimeRate: r(1, 1),
  resolutionRate: r(1, 1),
  resultSatisfaction: r(1, 1),
  serviceSatisfaction: r(1, 1),
  returnRate: r(0, 1),
  firstContactResolutionRate: r(0, 1),
  averageHandlingDays: 1,
  wagesRecovered: 3000,
};

test('each union sees its own subtree: 广州 more than 天河, neither any of 南海', async () => {
  const ofGz = await kpis('demo-gz', MARCH_AND_FEB);
  expect(ofGz.body).toMatchObject({ unit: { id: gz, name: '广州市总工会' }, totals: GZ_TOTALS });
  const ofTianhe = await kpis('demo-gz-tianhe', MARCH_AND_FEB);
  expect(ofTianhe.body).toMatchObject({ unit: { id: tianhe, name: '天河区总工会' }, totals: TIANHE_TOTALS });
  const ofNanhai = await kpis('demo-fs-nanhai', MARCH_AND_FEB);
  expect(ofNanhai.body.totals).toEqual(NANHAI);

  const tianheCategories = await kpis('demo-gz-tianhe', `${MARCH_AND_FEB}&groupBy=category`);
  expect(tianheCategories.body.groups.map((g: any) => [g.key, g.orders])).toEqual([['wages', 3], ['contract', 1]]);

  // A union may look at a unit below it, which is the same as that unit looking at itself.
  const tianheByGz = await kpis('demo-gz', `${MARCH_AND_FEB}&unitId=${tianhe}`);
  expect(tianheByGz.body).toEqual(ofTianhe.body);
});

test('a unit outside the caller\'s subtree does not exist for them: 404', async () => {
  for (const [who, unit] of [['demo-gz', nanhai], ['demo-gz-tianhe', gz], ['demo-gz-tianhe', haizhu], ['demo-fs-nanhai', centre]] as const) {
    const res = await kpis(who, `unitId=${unit}`);
    expect({ who, unit, status: res.status }).toEqual({ who, unit, status: 404 });
    expect(res.body.error.code).toBe('not_found');
  }
});

test('groupBy=category: one row per category with orders, in the usual order', async () => {
  const res = await kpis('demo-agent', `${MARCH_AND_FEB}&groupBy=category`);
  expect(res.status).toBe(200);
  expect(res.body.totals.orders).toBe(9);
  expect(res.body.groups).toEqual([
    {
      key: 'wages', label: '工资报酬', orders: 4, // O1, O2, O8, O11
      responseRate: r(6, 6), onTimeRate: r(2, 4), resolutionRate: r(2, 4), resultSatisfaction: r(2, 3),
      serviceSatisfaction: r(3, 3), returnRate: r(0, 7), firstContactResolutionRate: r(0, 4),
      averageHandlingDays: 3.1, wagesRecovered: 9234.56,
    },
    {
      key: 'contract', label: '劳动合同', orders: 1, // O3
      responseRate: r(2, 3), onTimeRate: r(1, 2), resolutionRate: r(1, 1), resultSatisfaction: r(0, 0),
      serviceSatisfaction: r(0, 0), returnRate: r(1, 3), firstContactResolutionRate: r(0, 1),
      averageHandlingDays: 4, wagesRecovered: 500,
    },
    { key: 'social_insurance', label: '社会保险', ...NANHAI },
    {
      key: 'injury', label: '工伤', orders: 1, // O6
      responseRate: r(0, 1), onTimeRate: r(0, 0), resolutionRate: r(0, 1), resultSatisfaction: r(0, 0),
      serviceSatisfaction: r(0, 0), returnRate: r(0, 1), firstContactResolutionRate: r(0, 1),
      averageHandlingDays: null, wagesRecovered: 0,
    },
    {
      key: 'hours_leave', label: '工时休假', orders: 1, // O4
      responseRate: r(0, 0), onTimeRate: r(0, 0), resolutionRate: r(1, 1), resultSatisfaction: r(1, 1),
      serviceSatisfaction: r(1, 1), returnRate: r(0, 0), firstContactResolutionRate: r(1, 1),
      averageHandlingDays: 0, wagesRecovered: 0,
    },
    {
      key: 'other', label: '其他', orders: 1, // O5, cancelled
      responseRate: r(0, 0), onTimeRate: r(0, 0), resolutionRate: r(0, 0), resultSatisfaction: r(0, 0),
      serviceSatisfaction: r(0, 0), returnRate: r(0, 0), firstContactResolutionRate: r(0, 0),
      averageHandlingDays: null, wagesRecovered: 0,
    },
  ]);
});

test('groupBy=unit: the direct children, an order counting for every child subtree it reached', async () => {
  const ofGz = await kpis('demo-gz', `${MARCH_AND_FEB}&groupBy=unit`);
  expect(ofGz.status).toBe(200);
  // O3 reached both 天河 and 海珠; O6 and O11 never left 广州 and count in neither.
  const children = [
    { key: haizhu, label: '海珠区总工会', ...HAIZHU },
    { key: tianhe, label: '天河区总工会', ...TIANHE_TOTALS },
  ].sort((a, b) => a.key - b.key);
  expect(ofGz.body).toEqual({ from: expect.any(String), to: expect.any(String), unit: { id: gz, name: '广州市总工会' }, totals: GZ_TOTALS, groups: children });

  // The centre's children are the cities; O4 and O5 never left the centre.
  const ofCentre = await kpis('demo-agent', `${MARCH_AND_FEB}&groupBy=unit`);
  expect(ofCentre.body.groups).toEqual([
    { key: gz, label: '广州市总工会', ...GZ_TOTALS },
    { key: foshan, label: '佛山市总工会', ...NANHAI },
  ]);
});

test('groupBy=month: Shanghai calendar months of registration', async () => {
  const res = await kpis('demo-agent', `${MARCH_AND_FEB}&groupBy=month`);
  expect(res.body.groups).toEqual([
    {
      key: '2025-02', label: '2025年2月', orders: 1, // O1
      responseRate: r(2, 2), onTimeRate: r(2, 2), resolutionRate: r(1, 1), resultSatisfaction: r(1, 1),
      serviceSatisfaction: r(1, 1), returnRate: r(0, 2), firstContactResolutionRate: r(0, 1),
      averageHandlingDays: 2.1, wagesRecovered: 8000,
    },
    {
      // O5 was registered at 23:00 UTC on 28 February: March in Shanghai.
      key: '2025-03', label: '2025年3月', orders: 8,
      responseRate: r(7, 9), onTimeRate: r(2, 5), resolutionRate: r(4, 7), resultSatisfaction: r(3, 4),
      serviceSatisfaction: r(4, 4), returnRate: r(1, 10), firstContactResolutionRate: r(1, 7),
      averageHandlingDays: 2.3, // (4.0833 + 3.9896 + 0.0035 + 1.0417) / 4 = 2.2795
      wagesRecovered: 4734.56,
    },
  ]);
});

describe('bad input → 400 naming the field', () => {
  test.each([
    ['from after to', 'from=2025-03-10&to=2025-03-01', 'query.from'],
    ['from in the future, to by default today', 'from=2025-03-12', 'query.from'],
    ['a period over 5 years', 'from=2020-02-29&to=2025-02-28', 'query.from'],
    ['a period over 5 years, to by default', 'from=2020-03-11', 'query.from'],
    ['a malformed date', 'from=2025-02-30', 'query.from'],
    ['a datetime without a zone', 'to=2025-03-01T10:00:00', 'query.to'],
    ['an unknown unit', 'unitId=99999999', 'query.unitId'],
    ['a unit id that is not a number', 'unitId=gz', 'query.unitId'],
    ['an unknown grouping', 'groupBy=district', 'query.groupBy'],
  ])('%s', async (_what, query, field) => {
    const res = await kpis('demo-gz', query);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.path)).toEqual([field]);
  });

  test('exactly 5 years is allowed', async () => {
    expect((await kpis('demo-gz', 'from=2020-03-01&to=2025-02-28')).status).toBe(200);
  });

  test('no token → 401', async () => {
    expect((await h.request('GET', '/api/v1/stats/kpis')).status).toBe(401);
  });
});

describe('CSV export', () => {
  const csv = async (who: string, query: string) => {
    const res = await fetch(`${h.baseUrl}/api/v1/stats/kpis.csv?${query}`, { headers: { authorization: `Bearer ${await h.token(who)}` } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const rowsOf = (bytes: Buffer) => bytes.subarray(3).toString('utf8').split('\r\n');

  test('one row per group and a 合计 row, with a BOM, Chinese headers and percentages', async () => {
    const { res, bytes } = await csv('demo-gz', `${MARCH_AND_FEB}&groupBy=unit`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kpis-2025-02-01-2025-03-31.csv"');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(bytes);
    expect(rows[0]).toBe('单位,工单数,响应率,按期办结率,解决率,结果满意率,服务满意率,退单率,首呼解决率,平均办理天数,追回工资（元）');
    const byName = Object.fromEntries(rows.slice(1, -1).map((row) => [row.split(',')[0], row]));
    expect(byName).toEqual({
      天河区总工会: '天河区总工会,4,100.0%,50.0%,75.0%,66.7%,100.0%,25.0%,0.0%,3.4,9734.56',
      海珠区总工会: '海珠区总工会,1,0.0%,100.0%,100.0%,,,0.0%,0.0%,4.0,500.00',
      合计: '合计,6,80.0%,50.0%,50.0%,66.7%,100.0%,9.1%,0.0%,3.4,9734.56',
    });
    expect(rows.at(-2)).toMatch(/^合计,/);
    expect(rows.at(-1)).toBe('');
  });

  test('without groupBy: the unit\'s own row; bad input is still a JSON 400', async () => {
    const { res, bytes } = await csv('demo-gz-tianhe', 'from=2025-03-01&to=2025-03-31');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kpis-2025-03-01-2025-03-31.csv"');
    // March only: O2, O3, O8 → O2 late, O3 returned; resolved O2, O3 (4.0833 and 3.9896 days).
    expect(rowsOf(bytes).slice(1)).toEqual(['天河区总工会,3,100.0%,0.0%,66.7%,50.0%,100.0%,33.3%,0.0%,4.0,1734.56', '']);

    const bad = await csv('demo-gz', 'from=2025-03-10&to=2025-03-01');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString('utf8')).error.details[0].path).toBe('query.from');
  });
});

test('rolling finished orders up into kpi_day changes no figure, nor does finishing one after', async () => {
  const sh = (local: string) => encodeURIComponent(`${local}+08:00`);
  const queries: Array<[string, string]> = [
    ['demo-agent', MARCH_AND_FEB],
    ['demo-agent', `${MARCH_AND_FEB}&groupBy=category`],
    ['demo-agent', `${MARCH_AND_FEB}&groupBy=unit`],
    ['demo-agent', `${MARCH_AND_FEB}&groupBy=month`],
    ['demo-gz', `${MARCH_AND_FEB}&groupBy=unit`],
    ['demo-gz-tianhe', `${MARCH_AND_FEB}&groupBy=category`],
    ['demo-fs-nanhai', MARCH_AND_FEB],
    // Partial days at either end, counted from the orders even once rolled up.
    ['demo-agent', `from=${sh('2025-02-24T09:00:00')}&to=${sh('2025-03-03T10:00:00')}&groupBy=category`],
    ['demo-gz', `from=${sh('2025-02-24T12:00:00')}&to=2025-03-31&groupBy=month`],
    ['demo-agent', `from=${sh('2025-03-03T09:00:00')}&to=${sh('2025-03-03T11:00:00')}`],
  ];
  const all = () => Promise.all(queries.map(([who, query]) => kpis(who, query).then((res) => res.body)));
  const rollup = new KpiRollup(h.services.ds, h.services.tx, h.services.orgs);

  const live = await all();
  expect(await rollup.fold(now)).toBe(5); // O1, O2, O4, O7 closed; O5 cancelled
  expect(await h.services.ds.getRepository(KpiDay).count()).toBeGreaterThan(0);
  expect(await all()).toEqual(live);
  expect(await rollup.fold(now)).toBe(0);

  // O3 finishes now: counted from the order until rolled up, then from kpi_day, never twice.
  expect((await h.act('demo-agent', order.O3, 'revisit', { resultRating: 4, serviceRating: 5 })).status).toBe(200);
  const closedO3 = await all();
  expect(closedO3[0].totals.resultSatisfaction).toEqual(r(5, 6));
  expect(await rollup.fold(now)).toBe(1);
  expect(await all()).toEqual(closedO3);
});
