import { Notification } from '../../src/notifications/notification.entity';
import type { Sealed } from '../../src/privacy/field-crypto';
import { DeadlineSweep } from '../../src/sla/sweep';
import { notifyOverdue } from '../../src/notifications/overdue';
import { FakeWechat } from '../support/fake-wechat';
import { Harness, SERVICE_TOKEN } from '../support/harness';

/** Changes to orders queue notifications in their own transaction; the relay delivers them. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
let now = sh('2026-03-02 10:00');
let h: Harness;
let fake: FakeWechat;
beforeAll(async () => {
  fake = await FakeWechat.start();
  h = await Harness.start({ clock: () => now, env: fake.config() });
});
afterAll(async () => {
  await h.stop();
  await fake.stop();
});

const queued = async (orderId: number) =>
  (await h.services.ds.getRepository(Notification).find({ where: { orderId }, order: { id: 'ASC' } }))
    .map((n) => [n.kind, n.channel, n.recipient]);

test('a worker who wrote to the bot hears back through the bot; each desk is told what lands on it', async () => {
  const res = await h.request('POST', '/api/v1/intake/messages', {
    token: SERVICE_TOKEN,
    body: { channel: 'wechat', messageId: 'w-1', senderId: 'wxid_worker_1', text: '我在天河区一家保安公司上班，老板拖欠我三个月工资' },
  });
  const orderId = res.body.order.id;
  expect(await queued(orderId)).toEqual([['order_accepted', 'bot', 'wxid_worker_1']]);

  const gz = await h.unitId('440100');
  await h.act('demo-agent', orderId, 'dispatch', { unitId: gz });
  await h.act('demo-gz', orderId, 'sign');
  // In a chat the worker hears of every change of status, signing included.
  expect(await queued(orderId)).toEqual([
    ['order_accepted', 'bot', 'wxid_worker_1'],
    ['order_dispatched', 'bot', 'wxid_worker_1'],
    ['desk_new', 'webhook', `unit:${gz}`],
    ['order_status', 'bot', 'wxid_worker_1'],
  ]);

  const report = await h.services.relay.deliverDue(now, 50);
  expect(report.sent).toBe(4);
  const texts = fake.pushes.map((p) => JSON.stringify(p.body));
  expect(texts.every((t) => t.includes(res.body.order.number))).toBe(true);
  // Lock screens show the number and status, never the complaint or the worker.
  expect(texts.join('')).not.toMatch(/保安|拖欠|wxid_worker_1.*工资/);
  expect(fake.hooks).toHaveLength(1);
});

test('a caller hears by SMS at the number they called from, the first time and when they call again; a landline hears nothing', async () => {
  const callFrom = (callerNumber: string, callId: string) => h.postCall({
    callId, callerNumber, agentId: 'seat-07', transcript: '我在天河区一家物流公司上班，老板拖欠我两个月工资，请工会帮忙',
    startedAt: new Date(now.getTime() - 300_000).toISOString(), endedAt: now.toISOString(),
  }, now);
  for (const callId of ['sms-call-1', 'sms-call-2']) {
    const { body } = await callFrom('13600002222', callId);
    const [accepted, ...rest] = await h.services.ds.getRepository(Notification).findBy({ orderId: body.order.id });
    expect(rest).toEqual([]);
    expect(accepted).toMatchObject({ kind: 'order_accepted', channel: 'sms', recipient: expect.stringMatching(/^v1:/) });
    expect(h.services.crypto.open(accepted.recipient as Sealed, 'phone')).toBe('13600002222');
  }
  const landline = await callFrom('02087654321', 'sms-call-3');
  expect(await h.services.ds.getRepository(Notification).countBy({ orderId: landline.body.order.id })).toBe(0);
});

test('an approved extension tells the worker; a refused rollback tells nobody', async () => {
  const order = await h.register({ worker: { name: '赵六', phone: '13700001111', anonymous: false } });
  const gz = await h.unitId('440100');
  await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  await h.act('demo-gz', order.id, 'sign');
  const tianhe = await h.unitId('440106');
  await h.act('demo-gz', order.id, 'dispatch', { unitId: tianhe });
  await h.act('demo-gz-tianhe', order.id, 'sign');
  await h.act('demo-gz-tianhe', order.id, 'request_extension', { days: 5, reason: '等待仲裁结果' });
  await h.act('demo-gz', order.id, 'approve_extension');
  const rows = await h.services.ds.getRepository(Notification).find({ where: { orderId: order.id, kind: 'order_extended' } });
  expect(rows).toHaveLength(1);
  // The outbox keeps the number sealed, as the worker row does.
  expect(rows[0]).toMatchObject({ channel: 'sms', recipient: expect.stringMatching(/^v1:/) });
  expect(h.services.crypto.open(rows[0].recipient as Sealed, 'phone')).toBe('13700001111');
  expect(rows[0].text).toContain('5 个工作日');
  expect(rows[0].text).not.toContain('赵六');

  // A transition that fails leaves no notification behind.
  const before = await h.services.ds.getRepository(Notification).count();
  expect((await h.act('demo-gz-tianhe', order.id, 'approve')).status).toBe(409);
  expect(await h.services.ds.getRepository(Notification).count()).toBe(before);
});

test('overdue orders reach the desk holding them and, at red, the desk above as an escalation', async () => {
  const order = await h.register();
  const gz = await h.unitId('440100');
  await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  const sweep = new DeadlineSweep(h.services.ds, h.services.tx, notifyOverdue(() => now));
  now = sh('2026-03-10 10:00');
  await sweep.processDue(now);
  const overdue = (await overdueAbout(order.id)).map((n) => [n.kind, n.channel, n.recipient]);
  expect(overdue).toEqual([['overdue', 'webhook', `unit:${gz}`], ['escalated', 'webhook', `unit:${(await h.services.orgs.centre()).id}`]]);
});

/** The sweep's notices naming an order: its own, or a digest listing it. */
const overdueAbout = async (orderId: number) =>
  (await h.services.ds.getRepository(Notification).find({ order: { id: 'ASC' } })).filter((n) =>
    (n.kind === 'overdue' || n.kind === 'escalated') && (n.orderId === orderId || JSON.parse(n.payload ?? '{}').orderIds?.includes(orderId)));

test('orders of one desk overdue in the same sweep make one notice for that desk, and one escalation above', async () => {
  now = sh('2026-03-16 10:00');
  const gz = await h.unitId('440100');
  const orders = [await h.register(), await h.register({ summary: '加班费没有按规定支付' })];
  for (const order of orders) await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  now = sh('2026-03-23 10:00');
  await new DeadlineSweep(h.services.ds, h.services.tx, notifyOverdue(() => now)).processDue(now);
  const rows = await overdueAbout(orders[1].id);
  const centre = (await h.services.orgs.centre()).id;
  expect(rows.map((n) => [n.kind, n.recipient, n.orderId, JSON.parse(n.payload!)])).toEqual([
    ['overdue', `unit:${gz}`, null, { orderIds: orders.map((o) => o.id) }],
    ['escalated', `unit:${centre}`, null, { orderIds: orders.map((o) => o.id) }],
  ]);
  expect(rows[0].text).toBe(`本单位有 2 张工单已超过办理时限：${orders[0].number}、${orders[1].number}，请尽快处理。`);

  // The centre's notifications list finds the digests under each order they name, and under no other.
  const listedFor = async (orderId: number) =>
    (await h.as('demo-agent', 'GET', `/api/v1/notifications?orderId=${orderId}&pageSize=100`)).body.items
      .filter((n: any) => n.orderId === null).map((n: any) => n.id);
  const digests = rows.map((n) => n.id).sort((a, b) => b - a);
  for (const order of orders) expect(await listedFor(order.id)).toEqual(digests);
  const other = await h.register();
  expect(await listedFor(other.id)).toEqual([]);
  expect(await listedFor(Number(`${orders[0].id}0`))).toEqual([]);
});

test('an order answered on the spot announces nothing: the answer is the news', async () => {
  const res = await h.request('POST', '/api/v1/intake/messages', {
    token: SERVICE_TOKEN,
    body: { channel: 'wechat', messageId: 'w-kb', senderId: 'wxid_worker_2', text: '入职三个月了公司一直没签劳动合同，能要双倍工资吗？' },
  });
  expect(res.body.outcome).toBe('answered');
  expect(await queued(res.body.order.id)).toEqual([]);
});

test('an urgent order is announced to the centre desk and the city union desk, however it became urgent', async () => {
  const [centre, dg, gz] = [(await h.services.orgs.centre()).id, await h.unitId('441900'), await h.unitId('440100')];
  const alerts = async (orderId: number) => (await queued(orderId)).filter(([kind]) => kind === 'urgent_alert').map(([, , recipient]) => recipient);

  const contact = await h.request('POST', '/api/v1/intake/messages', {
    token: SERVICE_TOKEN,
    body: { channel: 'wechat', messageId: 'w-mass', senderId: 'wxid_worker_3', text: '东莞塘厦三十多个工人被拖欠工资，明天去厂门口拉横幅' },
  });
  expect(await alerts(contact.body.order.id)).toEqual([`unit:${centre}`, `unit:${dg}`]);

  const registered = await h.register({ description: '天河区一个工人说再不给钱就从楼顶跳下去', category: undefined, regionCode: undefined, employer: undefined });
  expect(registered).toMatchObject({ crisis: true, urgent: true });
  expect(await alerts(registered.id)).toEqual([`unit:${centre}`, `unit:${gz}`]);

  const calm = await h.register();
  expect(await alerts(calm.id)).toEqual([]);
  await h.act('demo-agent', calm.id, 'reclassify', { mass: true });
  await h.act('demo-agent', calm.id, 'reclassify', { difficulty: 'hard' });
  expect(await alerts(calm.id)).toEqual([`unit:${centre}`, `unit:${gz}`]);
});
