import { Notification } from '../../src/notifications/notification.entity';
import { startRelay } from '../../src/notifications/relay';
import { draft, OutboxFixture, T0, waitFor } from './fixture';

let f: OutboxFixture;
beforeAll(async () => {
  f = await OutboxFixture.start();
});
afterAll(() => f.stop());
beforeEach(async () => {
  await f.clear();
  f.fake.reset();
});

test('notifications enqueued in a transaction that rolls back leave no row; committed ones stay', async () => {
  const { tx } = f.h.services;
  await expect(tx.run(async (em) => {
    await f.enqueueWith(em, [draft(), f.sms('13812341234')]);
    throw new Error('the change failed');
  })).rejects.toThrow('the change failed');
  expect(await f.rows()).toEqual([]);

  await tx.run((em) => f.enqueueWith(em, [draft({ orderId: 5 })]));
  expect(await f.rows()).toEqual([expect.objectContaining({
    orderId: 5, status: 'pending', attempts: 0, nextAttemptAt: T0, createdAt: T0, sentAt: null, payload: null,
  })]);
});

test('a draft that breaks the rules (text over 200 characters) is refused and takes its transaction with it', async () => {
  await expect(f.h.services.tx.run(async (em) => {
    await f.enqueueWith(em, [draft({ orderId: 1 })]);
    await f.enqueueWith(em, [draft({ text: '字'.repeat(201) })]);
  })).rejects.toThrow();
  expect(await f.rows()).toEqual([]);
});

describe('staff API', () => {
  /** Two dead rows (SMS not configured; subscription refused) and one sent. */
  async function deadRows(): Promise<Notification[]> {
    const rows = await f.enqueue([
      f.sms('13812341234', { orderId: 11 }),
      draft({ channel: 'wechat_subscribe', recipient: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', payload: { thing3: { value: '提示' } }, orderId: 12 }),
      draft({ channel: 'bot', recipient: 'contact-77', orderId: 13 }),
    ]);
    f.fake.failNext('send', { errcode: 43101 });
    expect(await f.relay({ SMS_WEBHOOK_URL: undefined }).deliverDue(T0, 10)).toMatchObject({ dead: 2, sent: 1 });
    return rows;
  }

  test('centre staff list dead notifications, newest first, with recipients masked', async () => {
    const [sms, sub] = await deadRows();
    const res = await f.h.as('demo-supervisor', 'GET', '/api/v1/notifications?status=dead');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: sub.id, channel: 'wechat_subscribe', recipient: 'o6_b****', status: 'dead', attempts: 1, orderId: 12 }),
      {
        id: sms.id, channel: 'sms', recipient: '138****1234', orderId: 11, kind: 'order_accepted', text: sms.text,
        status: 'dead', attempts: 1, nextAttemptAt: null, lastError: '未配置短信服务：请设置 SMS_WEBHOOK_URL',
        createdAt: T0.toISOString(), sentAt: null,
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('13812341234');

    const all = await f.h.as('demo-agent', 'GET', '/api/v1/notifications?pageSize=1&page=2');
    expect(all.body).toMatchObject({ total: 3, items: [{ id: sub.id }] });
    const ofOrder = await f.h.as('demo-admin', 'GET', '/api/v1/notifications?orderId=13');
    expect(ofOrder.body).toMatchObject({ total: 1, items: [{ channel: 'bot', recipient: 'cont****', status: 'sent' }] });
  });

  test('units below the centre may not list; auditors may list but not retry; bad input is a 400', async () => {
    const [sms] = await deadRows();
    expect((await f.h.as('demo-gz', 'GET', '/api/v1/notifications')).status).toBe(403);
    expect((await f.h.as('demo-gz-supervisor', 'POST', `/api/v1/notifications/${sms.id}/retry`)).status).toBe(403);
    expect((await f.h.as('demo-auditor', 'GET', '/api/v1/notifications?status=dead')).body.total).toBe(2);
    expect((await f.h.as('demo-auditor', 'POST', `/api/v1/notifications/${sms.id}/retry`)).status).toBe(403);
    const bad = await f.h.as('demo-admin', 'GET', '/api/v1/notifications?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.status');
    expect((await f.h.request('GET', '/api/v1/notifications')).status).toBe(401);
  });

  test('a dead notification retried over HTTP is pending again, due now, and the relay then delivers it', async () => {
    const [sms, , bot] = await deadRows();
    const before = Date.now();
    const res = await f.h.as('demo-agent', 'POST', `/api/v1/notifications/${sms.id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: sms.id, status: 'pending', attempts: 0, recipient: '138****1234' });
    const due = new Date(res.body.nextAttemptAt).getTime();
    expect(due).toBeGreaterThanOrEqual(before - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 1000);

    expect((await f.h.as('demo-agent', 'POST', `/api/v1/notifications/${sms.id}/retry`)).body.error.code).toBe('not_dead');
    expect((await f.h.as('demo-agent', 'POST', `/api/v1/notifications/${bot.id}/retry`)).status).toBe(409);
    expect((await f.h.as('demo-agent', 'POST', '/api/v1/notifications/999999/retry')).status).toBe(404);

    // SMS is configured now: the next pass sends it.
    expect(await f.relay().deliverDue(new Date(Date.now() + 2000), 10)).toMatchObject({ claimed: 1, sent: 1 });
    expect(f.fake.sms).toEqual([{ ref: `notification-${sms.id}`, phone: '13812341234', text: sms.text }]);
    expect(await f.row(sms.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await f.h.as('demo-agent', 'GET', '/api/v1/notifications?status=dead')).body.total).toBe(1);
  });

  test('the routes are in the OpenAPI document', async () => {
    const res = await f.h.request('GET', '/openapi.json');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/notifications', '/api/v1/notifications/{id}/retry']));
  });
});

describe('startRelay', () => {
  test('delivers on its timer and stops cleanly', async () => {
    const relay = f.relay();
    await f.enqueue([draft({ recipient: 'contact-loop' })], new Date(Date.now() - 1000));
    const loop = startRelay({ relay, clock: () => new Date(), config: { NOTIFY_BATCH_SIZE: 10 } }, 20);
    await waitFor(() => f.fake.pushes.length === 1);
    await loop.stop();
    expect(f.fake.pushes[0].body.contactId).toBe('contact-loop');
  });

  test('skips a tick while the previous pass is still running, and stop waits for that pass', async () => {
    let running = 0;
    let overlapped = false;
    let passes = 0;
    const slow = {
      async deliverDue() {
        overlapped ||= running > 0;
        running += 1;
        await new Promise((r) => setTimeout(r, 120));
        running -= 1;
        passes += 1;
        return { claimed: 0, sent: 0, retrying: 0, dead: 0, superseded: 0 };
      },
    };
    const loop = startRelay({ relay: slow, clock: () => new Date(), config: { NOTIFY_BATCH_SIZE: 10 } }, 10);
    await new Promise((r) => setTimeout(r, 300));
    await loop.stop();
    expect(running).toBe(0);
    expect(overlapped).toBe(false);
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(passes).toBeLessThanOrEqual(3);
  });
});
