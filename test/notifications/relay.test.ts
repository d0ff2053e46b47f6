import { Notification } from '../../src/notifications/notification.entity';
import { subscribeData } from '../../src/notifications/messages';
import { overdueNotification } from '../../src/notifications/triggers';
import { at, draft, OutboxFixture, T0, waitFor } from './fixture';

let f: OutboxFixture;
beforeAll(async () => {
  f = await OutboxFixture.start();
});
afterAll(() => f.stop());
beforeEach(async () => {
  await f.clear();
  f.fake.reset();
});

const facts = { number: 'GD-20251201-000001', statusLabel: '已受理' };
const wechat = () => draft({ channel: 'wechat_subscribe', recipient: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', payload: subscribeData('order_accepted', facts) });
const seconds = (from: Date, to: Date | null) => (to!.getTime() - from.getTime()) / 1000;

test('one pass delivers through every channel: bot push, subscribe message, SMS and webhooks', async () => {
  const [bot, sub, sms, hook, desk, digest] = await f.enqueue([
    draft({ channel: 'bot', recipient: 'contact-42', orderId: 7 }),
    wechat(),
    f.sms('13812341234'),
    draft({ channel: 'webhook', recipient: `${f.fake.url}/hook/204` }),
    draft({ channel: 'webhook', recipient: 'unit:9', kind: 'desk_new', text: '工单 GD-20251201-000001 已到达本单位，当前状态：待签收，请及时登录系统处理。' }),
    overdueNotification([{ id: 7, number: 'GD-20251201-000007', status: 'handling' }, { id: 8, number: 'GD-20251201-000008', status: 'handling' }], 9),
  ]);

  const relay = f.relay();
  expect(await relay.deliverDue(T0, 50)).toEqual({ claimed: 6, sent: 6, retrying: 0, dead: 0, superseded: 0 });

  for (const row of await f.rows()) {
    expect(row).toMatchObject({ status: 'sent', attempts: 1, nextAttemptAt: null, lastError: null, sentAt: T0 });
  }
  expect(f.fake.pushes).toEqual([{
    authorization: 'Bearer bot-test-token',
    body: { id: bot.id, contactId: 'contact-42', orderId: 7, kind: 'order_accepted', text: bot.text },
  }]);
  expect(f.fake.tokenRequests).toBe(1);
  expect(f.fake.messages).toEqual([{
    accessToken: 'token-1',
    touser: sub.recipient,
    template_id: 'tmpl-order-progress',
    data: { character_string1: { value: facts.number }, phrase2: { value: '已受理' }, thing3: { value: '诉求已受理，请留意后续消息' } },
  }]);
  expect(f.fake.sms).toEqual([{ ref: `notification-${sms.id}`, phone: '13812341234', text: sms.text }]);
  expect(f.fake.hooks).toEqual([
    { path: '/hook/204', body: { id: hook.id, kind: 'order_accepted', orderId: null, text: hook.text } },
    { path: '/hook/200', body: { id: desk.id, kind: 'desk_new', orderId: null, text: desk.text, unitId: 9 } },
    // A digest of several overdue orders names them all.
    { path: '/hook/200', body: { id: digest.id, kind: 'overdue', orderId: null, orderIds: [7, 8], text: digest.text, unitId: 9 } },
  ]);

  // Nothing is due any more; the cached token serves the next message.
  expect((await relay.deliverDue(at(3600), 50)).claimed).toBe(0);
  await f.enqueue([wechat()], at(10));
  expect((await relay.deliverDue(at(10), 50)).sent).toBe(1);
  expect(f.fake.tokenRequests).toBe(1);
});

test('a notification is not sent before it is due, and a pass takes at most `limit` rows, oldest first', async () => {
  await f.enqueue([draft({ recipient: 'late' })], at(60));
  await f.enqueue([draft({ recipient: 'first' }), draft({ recipient: 'second' })], T0);
  const relay = f.relay();
  expect((await relay.deliverDue(at(59), 1)).sent).toBe(1);
  expect((await relay.deliverDue(at(59), 50)).sent).toBe(1);
  expect((await relay.deliverDue(at(59), 50)).claimed).toBe(0);
  expect((await relay.deliverDue(at(60), 50)).sent).toBe(1);
  expect(f.fake.pushes.map((p) => p.body.contactId)).toEqual(['first', 'second', 'late']);
});

test('WeChat 40001: exactly one token refresh and one retry, then sent', async () => {
  const [row] = await f.enqueue([wechat()]);
  f.fake.failNext('send', { errcode: 40001 });
  expect((await f.relay().deliverDue(T0, 10)).sent).toBe(1);
  expect(f.fake.tokenRequests).toBe(2);
  expect(f.fake.sendCalls).toBe(2);
  expect(f.fake.messages.map((m) => m.accessToken)).toEqual(['token-2']);
  expect(await f.row(row.id)).toMatchObject({ status: 'sent', attempts: 1 });
});

test('a token WeChat stopped accepting is replaced once; a second refusal waits for the next attempt', async () => {
  const relay = f.relay();
  await f.enqueue([wechat()]);
  await relay.deliverDue(T0, 10);
  f.fake.invalidateTokens();
  const [, second] = await f.enqueue([wechat()], at(10));
  f.fake.failNext('send', { errcode: 42001 }, { errcode: 40001 });
  expect(await relay.deliverDue(at(10), 10)).toMatchObject({ sent: 0, retrying: 1 });
  expect(f.fake.tokenRequests).toBe(2);
  expect(await f.row(second.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('40001') });

  // The stale cached token is refused by the fake itself this time: one refresh, then sent.
  f.fake.invalidateTokens();
  expect((await relay.deliverDue(at(40), 10)).sent).toBe(1);
  expect(f.fake.tokenRequests).toBe(3);
  expect(f.fake.messages.map((m) => m.accessToken)).toEqual(['token-1', 'token-3']);
});

test('WeChat 43101 (subscription refused): dead after one attempt and never tried again', async () => {
  const [row] = await f.enqueue([wechat()]);
  f.fake.failNext('send', { errcode: 43101, errmsg: 'user refuse to accept the msg' });
  const relay = f.relay();
  expect(await relay.deliverDue(T0, 10)).toMatchObject({ dead: 1 });
  expect(await f.row(row.id)).toMatchObject({
    status: 'dead', attempts: 1, nextAttemptAt: null, lastError: '微信订阅消息发送失败：43101 user refuse to accept the msg',
  });
  expect((await relay.deliverDue(at(7 * 86400), 10)).claimed).toBe(0);
  expect(f.fake.sendCalls).toBe(1);
});

test('WeChat HTTP 500 is transient: retried after the backoff', async () => {
  const [row] = await f.enqueue([wechat()]);
  f.fake.failNext('send', { httpStatus: 500 });
  const relay = f.relay();
  expect(await relay.deliverDue(T0, 10)).toMatchObject({ retrying: 1 });
  const after = await f.row(row.id);
  expect(after).toMatchObject({ status: 'pending', attempts: 1, lastError: '微信订阅消息接口返回 HTTP 500' });
  expect(seconds(T0, after.nextAttemptAt)).toBe(30);
  expect((await relay.deliverDue(at(29), 10)).claimed).toBe(0);
  expect((await relay.deliverDue(at(30), 10)).sent).toBe(1);
  expect(await f.row(row.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null, sentAt: at(30) });
});

test('a channel failing every time: backoff doubles up to the cap, and after N attempts the row is dead', async () => {
  const [row] = await f.enqueue([draft({ channel: 'webhook', recipient: `${f.fake.url}/hook/503` })]);
  const relay = f.relay({ NOTIFY_MAX_ATTEMPTS: 8, NOTIFY_BACKOFF_BASE_SECONDS: 30, NOTIFY_BACKOFF_CAP_SECONDS: 600 });
  const waits: number[] = [];
  let now = T0;
  for (let attempt = 1; attempt <= 8; attempt++) {
    expect((await relay.deliverDue(now, 10)).claimed).toBe(1);
    const current = await f.row(row.id);
    expect(current.attempts).toBe(attempt);
    if (current.status === 'dead') break;
    expect(current).toMatchObject({ status: 'pending', lastError: 'Webhook返回 HTTP 503' });
    waits.push(seconds(now, current.nextAttemptAt));
    // Not a second early.
    expect((await relay.deliverDue(new Date(current.nextAttemptAt!.getTime() - 1000), 10)).claimed).toBe(0);
    now = current.nextAttemptAt!;
  }
  expect(waits).toEqual([30, 60, 120, 240, 480, 600, 600]);
  expect(await f.row(row.id)).toMatchObject({ status: 'dead', attempts: 8, nextAttemptAt: null });
  expect(f.fake.hooks).toHaveLength(8);
  expect((await relay.deliverDue(at(365 * 86400), 10)).claimed).toBe(0);
});

test('webhooks: 4xx is permanent except 408 and 429; only http(s) recipients; every call has a timeout', async () => {
  const rows = await f.enqueue(['404', '429', '408', 'hang'].map((s) => draft({ channel: 'webhook', recipient: `${f.fake.url}/hook/${s}` }))
    .concat(draft({ channel: 'webhook', recipient: 'file:///etc/passwd' })));
  const started = Date.now();
  expect(await f.relay({ NOTIFY_HTTP_TIMEOUT_MS: 300 }).deliverDue(T0, 10)).toMatchObject({ claimed: 5, dead: 2, retrying: 3 });
  expect(Date.now() - started).toBeLessThan(3000);
  const byId = new Map((await f.rows()).map((r) => [r.id, r]));
  expect(rows.map((r) => [byId.get(r.id)!.status, byId.get(r.id)!.lastError])).toEqual([
    ['dead', 'Webhook返回 HTTP 404'],
    ['pending', 'Webhook返回 HTTP 429'],
    ['pending', 'Webhook返回 HTTP 408'],
    ['pending', '请求失败：超时（300 ms）'],
    ['dead', '接收地址不是 http(s) 地址'],
  ]);
  expect(f.fake.hooks).toHaveLength(4);
});

test('channels that are not configured, and invalid phone numbers, fail permanently with a clear reason', async () => {
  const rows = await f.enqueue([
    draft({ channel: 'bot' }),
    wechat(),
    f.sms('13812341234'),
    draft({ channel: 'webhook', recipient: 'unit:3', kind: 'desk_new' }),
  ]);
  const unconfigured = f.relay({
    BOT_PUSH_URL: undefined, WECHAT_APP_ID: undefined, SMS_WEBHOOK_URL: undefined, STAFF_WEBHOOK_URL: undefined,
  });
  expect(await unconfigured.deliverDue(T0, 10)).toMatchObject({ dead: 4 });
  const errors = new Map((await f.rows()).map((r) => [r.id, r.lastError]));
  expect(rows.map((r) => errors.get(r.id))).toEqual([
    '未配置机器人推送地址 BOT_PUSH_URL',
    '未配置微信小程序：请设置 WECHAT_APP_ID、WECHAT_APP_SECRET 和 WECHAT_SUBSCRIBE_TEMPLATE_ID',
    '未配置短信服务：请设置 SMS_WEBHOOK_URL',
    '未配置工作人员推送地址 STAFF_WEBHOOK_URL',
  ]);

  await f.clear();
  await f.enqueue([f.sms('0755-12345678')]);
  expect(await f.relay().deliverDue(T0, 10)).toMatchObject({ dead: 1 });
  expect((await f.rows())[0].lastError).toBe('接收号码不是有效的手机号');
  expect(f.fake.sms).toEqual([]);
});

test('a row left `sending` by a relay that died becomes due again when its claim lapses (at least once)', async () => {
  const [row] = await f.enqueue([draft()]);
  // The first relay's push never gets an answer: it stands for a relay stuck or killed mid-send.
  f.fake.failNext('bot', { hang: true });
  const stuck = f.relay({ NOTIFY_HTTP_TIMEOUT_MS: 1500 }).deliverDue(T0, 10);
  await waitFor(async () => (await f.row(row.id)).status === 'sending');
  expect(await f.row(row.id)).toMatchObject({ status: 'sending', attempts: 1, nextAttemptAt: at(120) });

  const other = f.relay();
  expect((await other.deliverDue(at(119), 10)).claimed).toBe(0);
  expect(await other.deliverDue(at(120), 10)).toMatchObject({ claimed: 1, sent: 1 });
  expect(await f.row(row.id)).toMatchObject({ status: 'sent', attempts: 2 });

  // The first relay's send finally fails; its outcome no longer counts.
  expect(await stuck).toMatchObject({ claimed: 1, superseded: 1, retrying: 0 });
  expect(await f.row(row.id)).toMatchObject({ status: 'sent', attempts: 2 });
});

test('two relays running at once over the same due rows deliver each row once', async () => {
  const rows = await f.enqueue(Array.from({ length: 30 }, (_, i) => draft({ recipient: `contact-${i}` })));
  const [a, b] = [f.relay(), f.relay()];
  const results = await Promise.all([a.deliverDue(T0, 50), b.deliverDue(T0, 50), a.deliverDue(T0, 50)]);
  expect(results.reduce((n, r) => n + r.sent, 0)).toBe(30);
  const pushed = f.fake.pushes.map((p) => p.body.id).sort((x, y) => x - y);
  expect(pushed).toEqual(rows.map((r) => r.id));
  const after = await f.rows();
  expect(after.every((r: Notification) => r.status === 'sent' && r.attempts === 1)).toBe(true);
});
