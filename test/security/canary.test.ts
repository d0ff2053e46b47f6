import { Harness, SERVICE_TOKEN } from '../support/harness';

/**
 * Canaries: anonymous orders carrying a known name and phone go down the chain. Every response
 * a non-centre account gets from every readable route, and every log line written meanwhile,
 * is scanned for them: nothing may leak.
 */
const CANARY = { name: '甄金丝雀', phone: '13700009527' };
const TRACES = [CANARY.name, CANARY.phone, CANARY.phone.slice(-4) + '"', '金丝雀'];
const OUTSIDERS = ['demo-gz', 'demo-gz-supervisor', 'demo-gz-tianhe', 'demo-fs-nanhai', 'demo-admin', 'demo-auditor'];

let h: Harness;
let orderIds: number[] = [];
let contactId: number;
const logged: string[] = [];
let spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  h = await Harness.start();
  spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))));
  const gz = await h.unitId('440100');
  const tianhe = await h.unitId('440106');
  // An anonymous order handed down two levels and reported back up.
  const order = await h.register({ summary: '匿名投诉', worker: { ...CANARY, anonymous: true } });
  await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  await h.act('demo-gz', order.id, 'sign');
  await h.act('demo-gz', order.id, 'dispatch', { unitId: tianhe });
  await h.act('demo-gz-tianhe', order.id, 'sign');
  await h.act('demo-gz-tianhe', order.id, 'report', { result: '已处理' });
  // The same worker writes to the bot, giving name and phone in the words; handed down likewise.
  const written = await h.request('POST', '/api/v1/intake/messages', {
    token: SERVICE_TOKEN,
    body: { channel: 'wechat', messageId: 'canary-1', senderId: 'wx-canary', text: `我叫${CANARY.name}，电话${CANARY.phone}，天河区一家电子厂拖欠我们三个月工资，请工会帮忙` },
  });
  expect(written.body).toMatchObject({ outcome: 'order' });
  contactId = written.body.id;
  await h.act('demo-agent', written.body.order.id, 'dispatch', { unitId: gz });
  await h.act('demo-gz', written.body.order.id, 'sign');
  await h.act('demo-gz', written.body.order.id, 'dispatch', { unitId: tianhe });
  orderIds = [order.id, written.body.order.id];
});
afterAll(async () => {
  for (const spy of spies) spy.mockRestore();
  await h.stop();
});

test('no response to anyone outside the centre desk carries the canary, on any readable route', async () => {
  const doc = (await h.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const reads = Object.entries(doc.paths).filter(([, ops]) => 'get' in ops).map(([path]) => path);
  let checked = 0;
  for (const who of OUTSIDERS) {
    for (const path of reads) {
      for (const id of path.includes('{') ? orderIds : [0]) {
        const url = path.replace(/\{[^}]+\}/g, String(id)) + (path.endsWith('/attachments') || path.endsWith('/notifications') ? `?orderId=${id}` : '');
        const res = await h.as(who, 'GET', url);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
        for (const trace of TRACES) expect({ who, url, leaked: text.includes(trace) }).toEqual({ who, url, leaked: false });
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(100);
});

test('the centre desk sees them masked, and in full only by revealing them (so the scans look at the right data)', async () => {
  const res = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${orderIds[0]}`);
  expect(res.body.worker).toMatchObject({ name: '甄***', phone: '137****9527' });
  const reveal = (who: string) => h.as(who, 'POST', `/api/v1/workers/${res.body.worker.id}/reveal`, { reason: '回访核实' });
  expect((await reveal('demo-agent')).body).toMatchObject(CANARY);
  for (const who of OUTSIDERS) {
    const text = JSON.stringify((await reveal(who)).body);
    for (const trace of TRACES) expect({ who, leaked: text.includes(trace) }).toEqual({ who, leaked: false });
  }
});

test('the words as written stay with the contact, for the centre desk only', async () => {
  const contact = await h.as('demo-agent', 'GET', `/api/v1/contacts/${contactId}`);
  expect(contact.body.text).toContain(CANARY.phone);
  const order = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${orderIds[1]}`);
  expect(order.body.description).toBe('我叫甄***，电话137****9527，天河区一家电子厂拖欠我们三个月工资，请工会帮忙');
  for (const who of OUTSIDERS) expect((await h.as(who, 'GET', `/api/v1/contacts/${contactId}`)).status).toBeGreaterThanOrEqual(403);
});

test('no log line written meanwhile carries the canary', () => {
  for (const line of logged) for (const trace of TRACES) expect({ line, leaked: line.includes(trace) }).toEqual({ line, leaked: false });
});
