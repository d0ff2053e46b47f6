import { Harness } from '../support/harness';

/**
 * One expected-access table: every kind of staff member, by their relation to the unit handling an
 * order (Tianhe), against every route that reads that order or figures that include it. 200 means
 * allowed; 404 means the order (or unit) does not exist for them; 403 means they see it but may not
 * use this route.
 */
type Who =
  | 'own' | 'parent' | 'parentSupervisor' | 'child' | 'sibling' | 'siblingSupervisor' | 'otherCity'
  | 'agent' | 'lawyer' | 'supervisor' | 'admin' | 'auditor';

const ACCOUNTS: Record<Who, string> = {
  own: 'demo-gz-tianhe',
  parent: 'demo-gz',
  parentSupervisor: 'demo-gz-supervisor',
  child: 'tianhe-street',
  sibling: 'haizhu',
  siblingSupervisor: 'haizhu-supervisor',
  otherCity: 'demo-fs-nanhai',
  agent: 'demo-agent',
  lawyer: 'demo-lawyer',
  supervisor: 'demo-supervisor',
  admin: 'demo-admin',
  auditor: 'demo-auditor',
};
const WHO = Object.keys(ACCOUNTS) as Who[];

/** Who sees the order: the chain reached Tianhe (and so Guangzhou above it), and the centre sees all. */
const SEES: Who[] = ['own', 'parent', 'parentSupervisor', 'agent', 'lawyer', 'supervisor', 'admin', 'auditor'];
const CENTRE: Who[] = ['agent', 'lawyer', 'supervisor', 'admin', 'auditor'];
const DESK: Who[] = ['agent', 'lawyer', 'supervisor'];

const expect200 = (allowed: Who[], otherwise: 403 | 404) => (who: Who) => (allowed.includes(who) ? 200 : otherwise);
const seenOr = (allowed: Who[]) => (who: Who) => (allowed.includes(who) ? 200 : SEES.includes(who) ? 403 : 404);

/** route → who → expected status, and the body sent. `:order`, `:unit` and `:worker` are filled in below. */
const MATRIX: Array<[string, (who: Who) => number, unknown?]> = [
  ['GET /api/v1/work-orders/:order', expect200(SEES, 404)],
  ['GET /api/v1/work-orders/:order/petitioners', seenOr(DESK)],
  ['GET /api/v1/attachments?orderId=:order', expect200(SEES, 404)],
  ['GET /api/v1/stats/kpis?unitId=:unit', expect200(['own', 'parent', 'parentSupervisor', ...CENTRE], 404)],
  ['GET /api/v1/stats/kpis.csv?unitId=:unit', expect200(['own', 'parent', 'parentSupervisor', ...CENTRE], 404)],
  ['GET /api/v1/notifications?orderId=:order', expect200(CENTRE, 403)],
  ['GET /api/v1/contacts', expect200(DESK, 403)],
  ['GET /api/v1/audit', expect200(['auditor'], 403)],
  // The order's worker: revealed to the centre desk only; outside the centre workers do not exist.
  ['POST /api/v1/workers/:worker/reveal', (who) => (DESK.includes(who) ? 200 : CENTRE.includes(who) ? 403 : 404), { reason: '矩阵测试' }],
];

let h: Harness;
let order: any;
let tianhe: number;
let workerId: number;
beforeAll(async () => {
  h = await Harness.start();
  await h.createStaff('tianhe-street', 'handler', '440106001');
  await h.createStaff('haizhu', 'handler', '440105');
  await h.createStaff('haizhu-supervisor', 'supervisor', '440105');
  const gz = await h.unitId('440100');
  tianhe = await h.unitId('440106');
  order = await h.register({ summary: '矩阵测试工单', worker: { name: '王五', phone: '13911112222', anonymous: false } });
  workerId = (await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`)).body.worker.id;
  await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  await h.act('demo-gz', order.id, 'sign');
  await h.act('demo-gz', order.id, 'dispatch', { unitId: tianhe });
  await h.act('demo-gz-tianhe', order.id, 'sign');
});
afterAll(() => h.stop());

describe.each(MATRIX)('%s', (route, expected, body) => {
  test.each(WHO)('%s', async (who) => {
    const [method, path] = route.replace(':order', String(order.id)).replace(':unit', String(tianhe)).replace(':worker', String(workerId)).split(' ');
    const res = await h.as(ACCOUNTS[who], method, path, body);
    expect({ who, status: res.status }).toEqual({ who, status: expected(who) });
  });
});

describe('lists and counts', () => {
  test.each(WHO)('%s finds the order in lists and counts exactly when it may see it', async (who) => {
    const res = await h.as(ACCOUNTS[who], 'GET', `/api/v1/work-orders?q=${encodeURIComponent('矩阵测试')}`);
    const sees = SEES.includes(who);
    expect({ who, total: res.body.total, ids: res.body.items.map((o: any) => o.id) })
      .toEqual({ who, total: sees ? 1 : 0, ids: sees ? [order.id] : [] });
  });

  test.each(WHO)("%s: the order counts in the KPIs of its own subtree only", async (who) => {
    const res = await h.as(ACCOUNTS[who], 'GET', '/api/v1/stats/kpis');
    expect(res.status).toBe(200);
    // Each user's default KPIs cover their own unit and below: the order counts where it is seen.
    expect({ who, counted: res.body.totals.orders >= 1 }).toEqual({ who, counted: SEES.includes(who) });
  });
});

describe('actions follow the table too', () => {
  test.each(WHO)('%s may report the order only if it holds it', async (who) => {
    const current = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`);
    const res = await h.as(ACCOUNTS[who], 'POST', `/api/v1/work-orders/${order.id}/actions/report`, { result: '测试', version: current.body.version });
    const expected = who === 'own' ? 200 : SEES.includes(who) ? 403 : 404;
    expect({ who, status: res.status }).toEqual({ who, status: expected });
    if (res.status === 200) {
      // Put it back in Tianhe's hands for the next rows.
      await h.act('demo-gz', order.id, 'reject', { reason: '矩阵测试' });
    }
  });
});
