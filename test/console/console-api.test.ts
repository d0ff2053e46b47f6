/**
 * The API additions the console stands on: the labels, the queue's ETag, the worker's history,
 * answering a contact from the knowledge base, and the deadline filters of the order list.
 */
import { AuditLog } from '../../src/audit/audit.entity';
import { Harness, SERVICE_TOKEN } from '../support/harness';

const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
let now = sh('2026-03-02 10:00'); // a Monday
let h: Harness;
let gz: number;
let nanhai: number;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
  [gz, nanhai] = await Promise.all([h.unitId('440100'), h.unitId('440605')]);
});
afterAll(() => h.stop());

let seq = 0;
const message = async (senderId: string, text: string) =>
  (await h.request('POST', '/api/v1/intake/messages', { token: SERVICE_TOKEN, body: { channel: 'wechat', messageId: `c-${++seq}`, senderId, text } })).body;

/** A finished call, signed the way the call-centre system signs it. */
async function call(callerNumber: string, transcript: string) {
  const res = await h.postCall({ callId: `call-${++seq}`, callerNumber, transcript, startedAt: now.toISOString() }, now);
  expect(res.status).toBe(201);
  return res.body;
}

describe('GET /labels', () => {
  test('gives every code its Chinese name, from the server’s own maps', async () => {
    const res = await h.as('demo-gz', 'GET', '/api/v1/labels');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      statuses: { dispatched: '待签收', closed: '已办结' },
      actions: { sign: '签收', red_card: '超时红牌' },
      categories: { wages: '工资报酬' },
      outcomes: { lawyer_queue: '待律师解答' },
      channels: { hotline: '热线电话' },
      supervisionLevels: { red: '红牌督办' },
      referrals: { legal_aid: '法律援助' },
      notificationStatuses: { dead: '发送失败' },
      auditActions: { reveal_identity: '查看完整身份', denied: '越权访问被拒' },
      auditTargets: { worker: '职工' },
    });
    expect((await h.request('GET', '/api/v1/labels')).status).toBe(401);
  });
});

describe('the live queue', () => {
  test('revalidates with its ETag: 304 while nothing changed, 200 as soon as something did', async () => {
    const token = await h.token('demo-agent');
    const first = await h.request('GET', '/api/v1/contacts?pageSize=50', { token });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-store');

    // fetch() sends `Cache-Control: no-cache` with a hand-set If-None-Match, as browsers do.
    const same = await h.request('GET', '/api/v1/contacts?pageSize=50', { token, headers: { 'if-none-match': etag! } });
    expect(same.status).toBe(304);
    expect(same.body).toBeUndefined();
    expect(same.headers.get('etag')).toBe(etag);
    const weak = await h.request('GET', '/api/v1/contacts?pageSize=50', { token, headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(weak.status).toBe(304);

    await message('wx-etag', '公司让我签自愿放弃社保的协议，这个协议有效吗？');
    const changed = await h.request('GET', '/api/v1/contacts?pageSize=50', { token, headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.items[0].text).toContain('自愿放弃社保');
  });
});

describe('a worker’s history', () => {
  test('shows the centre desk who is calling, with their other contacts and orders', async () => {
    const earlier = await h.register({ worker: { name: '李四', phone: '13900001111', anonymous: false } });
    const asked = await call('13900001111', '公司让我签自愿放弃年休假的说明，我要不要签？');
    const again = await call('13900001111', '我想再问一下，公司让我签自愿放弃年休假的说明有效吗？');

    const res = await h.as('demo-lawyer', 'GET', `/api/v1/contacts/${again.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.worker).toEqual({ id: expect.any(Number), name: '李*', phone: '139****1111', idNumber: null });
    expect(res.body.contacts.map((c: any) => c.id)).toEqual([asked.id]);
    expect(res.body.contacts[0]).toMatchObject({ outcome: asked.outcome, outcomeLabel: expect.any(String) });
    expect(res.body.orders).toEqual([expect.objectContaining({ id: earlier.id, number: earlier.number, statusLabel: '已受理' })]);

    // In full only when the desk reveals who it calls back: the same worker as the earlier order's.
    const revealed = await h.as('demo-lawyer', 'POST', `/api/v1/workers/${res.body.worker.id}/reveal`, { reason: '回电答复' });
    expect(revealed.body).toEqual({ id: res.body.worker.id, name: '李四', phone: '13900001111', idNumber: null });
    expect(await h.services.ds.getRepository(AuditLog).countBy({ action: 'reveal_identity', targetId: String(res.body.worker.id) })).toBe(1);
  });

  test('an unknown sender has no history, and only the centre desk may ask', async () => {
    const anonymous = await message('wx-nobody-knows', '请问工会能帮忙看一下劳动合同吗？');
    expect((await h.as('demo-agent', 'GET', `/api/v1/contacts/${anonymous.id}/history`)).body).toEqual({
      worker: { id: expect.any(Number), name: null, phone: null, idNumber: null }, contacts: [], orders: [],
    });
    expect((await h.as('demo-gz', 'GET', `/api/v1/contacts/${anonymous.id}/history`)).status).toBe(403);
    expect((await h.as('demo-agent', 'GET', '/api/v1/contacts/999999/history')).status).toBe(404);
  });
});

describe('answering a contact from the knowledge base', () => {
  const article = async (title: string) => {
    const res = await h.as('demo-lawyer', 'GET', `/api/v1/knowledge/articles?q=${encodeURIComponent(title)}`);
    return res.body.items.find((a: any) => a.title === title);
  };

  test('records the article as the answer at first contact, by the desk member who gave it', async () => {
    const asked = await message('wx-kb-1', '公司让我签自愿放弃社保的协议，这个协议有效吗？');
    expect(asked.outcome).toBe('lawyer_queue');
    const chosen = await article('"自愿放弃社保"的承诺无效');

    const res = await h.as('demo-lawyer', 'POST', `/api/v1/contacts/${asked.id}/answer`, { articleId: chosen.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'answered', answer: { articleId: chosen.id }, order: { status: 'answered' } });
    expect(res.body.answer.text).toBe(`${chosen.answer}\n依据：${chosen.legalBasis}`);
    const order = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${res.body.order.id}`);
    expect(order.body.timeline.map((e: any) => [e.action, e.actor?.name ?? null])).toEqual([['register', '律师 林静'], ['answer', '律师 林静']]);
    expect((await h.as('demo-agent', 'POST', `/api/v1/contacts/${asked.id}/answer`, { articleId: chosen.id })).status).toBe(409);
  });

  test('takes only a published article, and only from the centre’s agents and lawyers', async () => {
    const asked = await message('wx-kb-2', '公司让我签自愿放弃社保的协议，到底有没有效？');
    const chosen = await article('"自愿放弃社保"的承诺无效');
    for (const who of ['demo-supervisor', 'demo-gz']) {
      expect((await h.as(who, 'POST', `/api/v1/contacts/${asked.id}/answer`, { articleId: chosen.id })).status).toBe(403);
    }
    const unknown = await h.as('demo-agent', 'POST', `/api/v1/contacts/${asked.id}/answer`, { articleId: 999999 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('body.articleId');
    const extra = await h.as('demo-agent', 'POST', `/api/v1/contacts/${asked.id}/answer`, { articleId: chosen.id, reply: 'x' });
    expect(extra.status).toBe(400);
    const res = await h.as('demo-agent', 'POST', `/api/v1/contacts/${asked.id}/answer`, { articleId: chosen.id });
    expect(res.body).toMatchObject({ outcome: 'answered', answer: { articleId: chosen.id } });
  });
});

describe('the order list by deadline', () => {
  test('finds overdue and soon-due orders, most pressing first, within the caller’s reach', async () => {
    now = sh('2026-03-09 10:00'); // Monday: signing is due by the end of Tuesday
    const dispatch = async (unitId: number, summary: string) => {
      const order = await h.register({ summary });
      expect((await h.act('demo-agent', order.id, 'dispatch', { unitId })).status).toBe(200);
      return order;
    };
    const lateGz = await dispatch(gz, '广州超期');
    const lateNanhai = await dispatch(nanhai, '南海超期');
    now = sh('2026-03-11 09:00'); // Wednesday: both are a day late
    const soonGz = await dispatch(gz, '广州临期');
    const registered = await h.register({ summary: '尚未交办' });

    // Orders from the tests above (answered, waiting for their call back) are due too: only these count here.
    const mine = new Set([lateGz.id, lateNanhai.id, soonGz.id, registered.id]);
    const ids = async (who: string, query: string) =>
      (await h.as(who, 'GET', `/api/v1/work-orders?pageSize=100&${query}`)).body.items.map((o: any) => o.id).filter((id: number) => mine.has(id));

    expect(await ids('demo-supervisor', 'overdue=true&sort=due')).toEqual([lateGz.id, lateNanhai.id]);
    const notOverdue = await ids('demo-supervisor', 'overdue=false');
    expect(notOverdue).toEqual(expect.arrayContaining([soonGz.id, registered.id]));
    expect(notOverdue).not.toContain(lateGz.id);
    // Due by the end of Thursday (a bare date is the whole Shanghai day); no deadline, no place.
    expect(await ids('demo-supervisor', 'dueBefore=2026-03-12&sort=due')).toEqual([lateGz.id, lateNanhai.id, soonGz.id]);
    expect(await ids('demo-supervisor', 'overdue=false&dueBefore=2026-03-12')).toEqual([soonGz.id]);
    expect(await ids('demo-supervisor', 'sort=due')).not.toContain(registered.id);

    // Scoped like every list.
    expect(await ids('demo-gz-supervisor', 'overdue=true')).toEqual([lateGz.id]);
    expect(await ids('demo-fs-nanhai', 'overdue=true&sort=due')).toEqual([lateNanhai.id]);
    const count = await h.as('demo-fs-nanhai', 'GET', '/api/v1/work-orders?dueBefore=2026-03-12');
    expect(count.body).toMatchObject({ total: 1, items: [{ id: lateNanhai.id }] });
  });

  test.each([
    ['overdue=maybe', 'query.overdue'],
    ['dueBefore=tomorrow', 'query.dueBefore'],
    ['sort=oldest', 'query.sort'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await h.as('demo-agent', 'GET', `/api/v1/work-orders?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.path)).toContain(field);
  });
});
