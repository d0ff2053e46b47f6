import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { Petitioner } from '../../src/intake/petitioner.entity';
import { sign } from '../../src/intake/signature';
import { WorkOrder } from '../../src/work-orders/work-order.entity';
import { Harness, SERVICE_TOKEN, WEBHOOK_SECRET } from '../support/harness';

const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
let now = sh('2026-03-02 10:00');
let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
});
afterAll(() => h.stop());

let seq = 0;
const call = (text: string, extra: Record<string, unknown> = {}) => ({
  callId: `call-${++seq}`,
  callerNumber: '13912345678',
  agentId: 'seat-07',
  transcript: text,
  recordingUrl: 'https://cc.example.cn/rec/1.mp3',
  startedAt: new Date(now.getTime() - 300_000).toISOString(),
  endedAt: now.toISOString(),
  ...extra,
});

/** Posts a call the way the call-centre system does: signed over the exact body sent. */
function postCall(body: unknown, options: { timestamp?: number; signWith?: string; raw?: string } = {}) {
  const raw = options.raw ?? JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(now.getTime() / 1000));
  return h.request('POST', '/api/v1/intake/hotline', {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-hotline-timestamp': timestamp,
      'x-hotline-signature': sign(WEBHOOK_SECRET, timestamp, options.signWith ?? raw),
    },
  });
}

const message = (senderId: string, text: string, messageId = `msg-${++seq}`) =>
  h.request('POST', '/api/v1/intake/messages', {
    token: SERVICE_TOKEN,
    body: { channel: 'wechat', messageId, senderId, text },
  });

const contacts = () => h.services.ds.getRepository(InboundMessage).count();
const orders = () => h.services.ds.getRepository(WorkOrder).count();

describe('the hotline webhook', () => {
  test('a signed call is stored, classified and becomes an order routed to the town union', async () => {
    const res = await postCall(call('我在佛山南海区狮山镇一家五金厂，老板拖欠三个月工资'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'hotline', outcome: 'order', urgent: false, repeated: false,
      classification: { category: 'wages', city: '佛山市', district: '南海区', town: '狮山镇' },
      order: { status: 'registered', suggestedUnit: { name: '狮山镇总工会' } },
    });
    expect(res.body.classification.evidence.find((e: any) => e.field === 'category').terms.join('')).toContain('拖欠');

    // The agent confirms the suggestion with one action.
    const order = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${res.body.order.id}`);
    expect(order.body).toMatchObject({ channel: 'hotline', category: 'wages', regionCode: '440605124', allowedActions: expect.arrayContaining(['dispatch']) });
    expect(order.body.worker).toMatchObject({ phone: '139****5678' });
    const sent = await h.act('demo-agent', order.body.id, 'dispatch', { unitId: order.body.suggestedUnit.id });
    expect(sent.body).toMatchObject({ status: 'dispatched', currentUnit: { name: '狮山镇总工会' } });
  });

  test('with the town unknown it suggests the district', async () => {
    const res = await postCall(call('南海区一家家具厂拖欠我们两个月工资，请工会帮忙'));
    expect(res.body.order.suggestedUnit).toMatchObject({ name: '南海区总工会' });
  });

  test('a retried callId gives the first result, never a second order', async () => {
    const body = call('天河区一家餐馆拖欠我工资，老板不接电话');
    const first = await postCall(body);
    const [c, o] = [await contacts(), await orders()];
    const again = await postCall(body);
    expect(again.status).toBe(200);
    // Read back, it is the answer the first call got from the order in hand.
    expect(again.body).toEqual({ ...first.body, repeated: true });
    expect([await contacts(), await orders()]).toEqual([c, o]);
  });

  test.each([
    ['unsigned', (b: any) => h.request('POST', '/api/v1/intake/hotline', { body: b })],
    ['stale', (b: any) => postCall(b, { timestamp: Math.floor(now.getTime() / 1000) - 301 })],
    ['tampered', (b: any) => postCall(b, { signWith: JSON.stringify({ ...b, transcript: '别的内容' }) })],
    ['signed with another secret', (b: any) =>
      h.request('POST', '/api/v1/intake/hotline', {
        body: b,
        headers: { 'x-hotline-timestamp': String(Math.floor(now.getTime() / 1000)), 'x-hotline-signature': sign('wrong-secret', String(Math.floor(now.getTime() / 1000)), JSON.stringify(b)) },
      })],
  ])('%s calls are rejected with 401 and nothing is stored', async (_what, send) => {
    const before = await contacts();
    const res = await send(call('老板拖欠工资'));
    expect(res.status).toBe(401);
    expect(await contacts()).toBe(before);
  });

  test.each([
    ['no callId', { callId: undefined }, 'body.callId'],
    ['neither transcript nor notes', { transcript: undefined }, 'body.transcript'],
    ['a bad caller number', { callerNumber: 'abc' }, 'body.callerNumber'],
    ['a bad time', { startedAt: 'yesterday' }, 'body.startedAt'],
    ['over 10,000 characters', { transcript: '欠'.repeat(10_001) }, 'body.transcript'],
  ])('a signed call with %s → 400 naming the field, nothing stored', async (_what, change, field) => {
    const before = await contacts();
    const res = await postCall(call('x', change));
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.path)).toContain(field);
    expect(await contacts()).toBe(before);
  });

  test('garbage and foreign text are stored and queued for a person, not crashed on', async () => {
    for (const text of ['hello, is anybody there?', '\u0001\u0002\u0003\uFFFD\uFFFD', '？？？']) {
      const res = await postCall(call(text));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ outcome: 'lawyer_queue', classification: { category: 'other' }, order: null });
    }
  });
});

describe('chat messages from the bot', () => {
  test('need the service token', async () => {
    const res = await h.request('POST', '/api/v1/intake/messages', {
      token: 'wrong', body: { channel: 'wechat', messageId: 'm', senderId: 's', text: '拖欠工资' },
    });
    expect(res.status).toBe(401);
  });

  test('a message delivered twice is one contact, by id or by the same words within 10 seconds', async () => {
    const before = await contacts();
    const first = await message('wx-a', '番禺一家鞋厂拖欠我两个月工资', 'dup-1');
    expect(first.status).toBe(201);
    expect((await message('wx-a', '番禺一家鞋厂拖欠我两个月工资', 'dup-1')).body).toMatchObject({ id: first.body.id, repeated: true });
    now = new Date(now.getTime() + 5_000);
    expect((await message('wx-a', '番禺一家鞋厂拖欠我两个月工资', 'dup-2')).body).toMatchObject({ id: first.body.id, repeated: true });
    expect(await contacts()).toBe(before + 1);
    now = new Date(now.getTime() + 11_000);
    expect((await message('wx-a', '番禺一家鞋厂拖欠我两个月工资', 'dup-3')).body.id).not.toBe(first.body.id);
  });
});

describe('the urgent path', () => {
  test('a mass incident is dispatched at once with a one-hour sign deadline', async () => {
    const res = await message('wx-mass', '东莞塘厦三十多个工人被拖欠工资，明天去厂门口拉横幅');
    expect(res.body).toMatchObject({ urgent: true, outcome: 'order', classification: { mass: true } });
    const order = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${res.body.order.id}`);
    expect(order.body).toMatchObject({
      urgent: true, mass: true, status: 'dispatched', currentUnit: { name: '塘厦镇总工会' },
      deadlines: { signDueAt: new Date(now.getTime() + 3600_000).toISOString() },
    });
    expect(order.body.timeline.map((e: any) => [e.action, e.actor])).toEqual([['register', null], ['dispatch', null]]);
  });

  test('a crisis is marked urgent even when nobody knows where it is yet', async () => {
    const res = await message('wx-crisis', '再不给钱我就从楼顶跳下去');
    expect(res.body).toMatchObject({ urgent: true, outcome: 'order', classification: { crisis: true }, order: { urgent: true, status: 'registered' } });
  });

  test('a figure of speech is not a crisis', async () => {
    const res = await message('wx-sale', '商场跳楼价甩卖，累死了');
    expect(res.body.urgent).toBe(false);
  });
});

describe('并单', () => {
  test('300 workers of one factory messaging about the same wages make one order with 300 petitioners', async () => {
    const phrasings = [
      '我是东莞塘厦恒达电子厂的工人，老板拖欠我们三个月工资了',
      '东莞市塘厦镇恒达电子厂欠薪三个月，请工会帮帮我们',
      '塘厦恒达电子厂三个月没发工资，工人都很着急，请帮我们讨薪',
    ];
    const before = await orders();
    const replies = [];
    for (let batch = 0; batch < 30; batch++) {
      replies.push(...await Promise.all(Array.from({ length: 10 }, (_, i) =>
        message(`wx-worker-${batch * 10 + i}`, phrasings[(batch * 10 + i) % phrasings.length]))));
    }
    expect(replies.map((r) => r.status)).toEqual(Array(300).fill(201));
    expect(await orders()).toBe(before + 1);
    const ids = new Set(replies.map((r) => r.body.order.id));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => r.body.outcome === 'merged')).toHaveLength(299);
    const master = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${[...ids][0]}`);
    expect(master.body).toMatchObject({ petitionerCount: 300, category: 'wages' });
  });
});

describe('并单 joins only an open order of the same employer, district and category from the last 30 days', () => {
  const about = (employer: string, place = '佛山南海', matter = '拖欠我们两个月工资') => `我在${place}${employer}上班，老板${matter}`;

  test.each([
    ['another category', about('金鹏达五金厂'), about('金鹏达五金厂', '佛山南海', '一直不给我们交社保')],
    ['another district', about('瑞祥五金厂'), about('瑞祥五金厂', '佛山顺德')],
    ['another employer', about('永利达五金厂'), about('永利丰五金厂')],
  ])('%s: a new order', async (_, first, second) => {
    const a = await message(`wx-a-${seq}`, first);
    const b = await message(`wx-b-${seq}`, second);
    expect([a.body.outcome, b.body.outcome]).toEqual(['order', 'order']);
    expect(b.body.order.id).not.toBe(a.body.order.id);
  });

  test('a closed order, or one registered over 30 days ago, is not joined; an open one of the month is', async () => {
    const text = about('华盛达五金厂');
    const first = await message('wx-c-1', text);
    expect((await message('wx-c-2', about('佛山市南海区华盛达五金有限公司', ''))).body).toMatchObject({ outcome: 'merged', order: { id: first.body.order.id } });

    await h.services.ds.getRepository(WorkOrder).update(first.body.order.id, { status: 'closed' });
    const afterClosing = await message('wx-c-3', text);
    expect(afterClosing.body.outcome).toBe('order');

    const old = new Date(now.getTime() - 31 * 24 * 3600_000);
    await h.services.ds.getRepository(WorkOrder).update(afterClosing.body.order.id, { createdAt: old });
    expect((await message('wx-c-4', text)).body.outcome).toBe('order');
  });
});

describe('the lawyers queue', () => {
  test('a consultation nobody answers outright waits for a lawyer, whose opinion answers it', async () => {
    const asked = await message('wx-q', '公司让我签自愿放弃社保的协议，这个协议有效吗？');
    expect(asked.body).toMatchObject({ outcome: 'lawyer_queue', order: null });

    const queue = await h.as('demo-lawyer', 'GET', '/api/v1/contacts?queue=lawyer');
    expect(queue.body.items.map((c: any) => c.id)).toContain(asked.body.id);
    expect((await h.as('demo-gz', 'GET', '/api/v1/contacts')).status).toBe(403);

    const opinion = {
      facts: '用人单位要求劳动者签署放弃社会保险的协议。',
      legalBasis: '《社会保险法》第五十八条、第六十条',
      advice: '缴纳社会保险是法定义务，不能通过协议免除；可向社保经办机构投诉。',
      referral: 'none',
      reply: '这种协议无效，缴纳社保是公司的法定义务。您可以向当地社保部门投诉，也可以随时再联系我们。',
    };
    expect((await h.as('demo-agent', 'POST', `/api/v1/contacts/${asked.body.id}/opinion`, opinion)).status).toBe(403);
    const bad = await h.as('demo-lawyer', 'POST', `/api/v1/contacts/${asked.body.id}/opinion`, { ...opinion, referral: 'court' });
    expect(bad.body.error.details[0].path).toBe('body.referral');

    const answered = await h.as('demo-lawyer', 'POST', `/api/v1/contacts/${asked.body.id}/opinion`, opinion);
    expect(answered.body).toMatchObject({ outcome: 'answered', answer: { text: opinion.reply }, order: { status: 'answered' } });
    // The worker is the order's one petitioner, brought by this contact.
    expect(await h.services.ds.getRepository(Petitioner).findBy({ orderId: answered.body.order.id }))
      .toEqual([expect.objectContaining({ inboundMessageId: asked.body.id })]);
    expect((await h.as('demo-lawyer', 'POST', `/api/v1/contacts/${asked.body.id}/opinion`, opinion)).status).toBe(409);
    expect((await h.as('demo-lawyer', 'GET', '/api/v1/contacts/999999')).status).toBe(404);
  });
});

describe('首呼解决', () => {
  test('a question the knowledge base answers confidently is answered at first contact, citing the law', async () => {
    const res = await message('wx-kb', '入职三个月了公司一直没签劳动合同，能要双倍工资吗？', 'kb-1');
    expect(res.body).toMatchObject({ outcome: 'answered', order: { status: 'answered' }, answer: { articleId: expect.any(Number) } });
    expect((await message('wx-kb', '入职三个月了公司一直没签劳动合同，能要双倍工资吗？', 'kb-1')).body).toEqual({ ...res.body, repeated: true });
    expect(res.body.answer.text).toMatch(/依据：.*劳动合同法/);
    const order = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${res.body.order.id}`);
    expect(order.body.timeline.map((e: any) => [e.action, e.actor])).toEqual([['register', null], ['answer', null]]);
    expect(order.body.allowedActions).toContain('revisit');
  });
});

describe('并单 by hand', () => {
  test('an agent merges a duplicate into its master; the petitioners follow', async () => {
    const master = await message('wx-m1', '黄埔一家物流公司拖欠我们司机两个月工资，请工会帮忙');
    const dup = await message('wx-m2', '我们在黄埔开货车，公司两个月没发工资了，请你们帮帮忙');
    expect(dup.body.order.id).not.toBe(master.body.order.id);

    const closed = await h.act('demo-agent', master.body.order.id, 'cancel', { reason: 'x', route: 'y' });
    expect(closed.status).toBe(200);
    const fresh = await message('wx-m3', '黄埔区一家建筑公司拖欠工资三个月，请工会帮忙讨薪');
    expect((await h.act('demo-agent', dup.body.order.id, 'merge', { masterId: master.body.order.id })).body.error.details[0].path).toBe('body.masterId');
    expect((await h.act('demo-agent', dup.body.order.id, 'merge', { masterId: dup.body.order.id })).status).toBe(400);
    expect((await h.act('demo-gz', dup.body.order.id, 'merge', { masterId: fresh.body.order.id })).status).toBe(404);

    const merged = await h.act('demo-agent', dup.body.order.id, 'merge', { masterId: fresh.body.order.id });
    expect(merged.body).toMatchObject({ status: 'merged', statusLabel: '已并单', allowedActions: [] });
    const into = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${fresh.body.order.id}`);
    expect(into.body.petitionerCount).toBe(2);
    expect(into.body.timeline.at(-1)).toMatchObject({ action: 'merge', actionLabel: '并单', actor: { name: '客服 陈晓' } });
  });
});

describe('splitting by hand', () => {
  test('a petitioner whose matter differs leaves for an order of their own', async () => {
    const first = await message('wx-s1', '我是番禺金辉电子厂的工人，老板拖欠我们两个月工资，请工会帮忙');
    const second = await message('wx-s2', '番禺区金辉电子厂拖欠工资两个月了，请帮我们讨薪');
    expect(second.body).toMatchObject({ outcome: 'merged', order: { id: first.body.order.id, petitionerCount: 2 } });

    const petitioners = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${first.body.order.id}/petitioners`);
    expect(petitioners.body.items).toHaveLength(2);
    expect((await h.as('demo-gz', 'GET', `/api/v1/work-orders/${first.body.order.id}/petitioners`)).status).toBe(404);
    const leaving = petitioners.body.items.find((p: any) => p.contact?.id === second.body.id);

    const split = await h.act('demo-agent', first.body.order.id, 'split', { petitionerId: leaving.id });
    expect(split.body).toMatchObject({ petitionerCount: 1 });
    const after = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${first.body.order.id}/petitioners`);
    expect(after.body.items.map((p: any) => p.id)).not.toContain(leaving.id);
    const alone = await h.as('demo-agent', 'GET', '/api/v1/work-orders?status=registered&pageSize=1');
    expect(alone.body.items[0]).toMatchObject({ petitionerCount: 1, category: 'wages' });
    expect((await h.act('demo-agent', first.body.order.id, 'split', { petitionerId: after.body.items[0].id })).status).toBe(400);
  });
});

describe('opening an order from the queue', () => {
  test('the desk registers a queued contact with the routing suggestion', async () => {
    const asked = await message('wx-open', '在佛山顺德区上班，公司要我签自愿放弃年休假的说明，我要不要签？');
    expect(asked.body.outcome).toBe('lawyer_queue');
    expect((await h.as('demo-gz', 'POST', `/api/v1/contacts/${asked.body.id}/order`)).status).toBe(403);
    const opened = await h.as('demo-agent', 'POST', `/api/v1/contacts/${asked.body.id}/order`);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ outcome: 'order', order: { status: 'registered', suggestedUnit: { name: '顺德区总工会' } } });
    expect((await h.as('demo-lawyer', 'POST', `/api/v1/contacts/${asked.body.id}/order`)).status).toBe(409);
  });
});
