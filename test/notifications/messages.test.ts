import { notificationText, subscribeData, SUBSCRIBE_FIELDS } from '../../src/notifications/messages';
import { NOTIFICATION_KINDS, WORKER_KINDS } from '../../src/notifications/notification.entity';
import { notificationsFor, overdueNotification, Recipients } from '../../src/notifications/triggers';
import { draftSchema } from '../../src/notifications/notification.schema';
import { STATUS_LABELS } from '../../src/work-orders/labels';
import type { EventDraft } from '../../src/work-orders/lifecycle';

const order = { id: 41, number: 'GD-20251201-000123' };
const event = (fields: Partial<EventDraft>): EventDraft =>
  ({ action: 'sign', fromStatus: 'dispatched', toStatus: 'handling', targetUnitId: null, detail: null, note: null, ...fields });
const everyone: Recipients = { worker: { channel: 'sms', address: '13812341234' }, staff: true };
const summary = (e: EventDraft, to = everyone) => notificationsFor(e, order, to).map((d) => [d.kind, d.channel, d.recipient]);

test('every text names the order and its status, in at most 200 characters', () => {
  for (const kind of NOTIFICATION_KINDS) {
    for (const statusLabel of Object.values(STATUS_LABELS)) {
      const text = notificationText(kind, { number: order.number, statusLabel, days: 10 });
      expect(text).toContain(order.number);
      expect(text).toContain(statusLabel);
      expect(text.length).toBeLessThanOrEqual(200);
    }
  }
  expect(notificationText('order_accepted', { number: order.number, statusLabel: '已受理' }))
    .toBe('您好，您反映的问题已受理，工单号 GD-20251201-000123，当前状态：已受理。我们会尽快为您办理，请留意后续消息。');
  expect(notificationText('order_extended', { number: order.number, statusLabel: '办理中', days: 5 })).toContain('延长 5 个工作日');
  expect(notificationText('order_extended', { number: order.number, statusLabel: '办理中' })).toContain('办理期限已适当延长');
});

test('subscribe-message data fits the WeChat field limits', () => {
  for (const kind of WORKER_KINDS) {
    for (const statusLabel of Object.values(STATUS_LABELS)) {
      const data = subscribeData(kind, { number: order.number, statusLabel });
      expect(data[SUBSCRIBE_FIELDS.number].value.length).toBeLessThanOrEqual(32);
      expect(data[SUBSCRIBE_FIELDS.status].value).toMatch(/^[\u4e00-\u9fa5]{1,5}$/);
      expect([...data[SUBSCRIBE_FIELDS.tip].value].length).toBeLessThanOrEqual(20);
    }
  }
});

test('the worker hears of acceptance, the first hand-down, extensions, resolution and closing', () => {
  expect(summary(event({ action: 'register', fromStatus: null, toStatus: 'registered' })))
    .toEqual([['order_accepted', 'sms', '13812341234']]);
  expect(summary(event({ action: 'dispatch', fromStatus: 'registered', toStatus: 'dispatched', targetUnitId: 3 })))
    .toEqual([['order_dispatched', 'sms', '13812341234'], ['desk_new', 'webhook', 'unit:3']]);
  expect(summary(event({ action: 'approve_extension', fromStatus: 'handling', toStatus: 'handling', targetUnitId: 5, detail: '5' })))
    .toEqual([['order_extended', 'sms', '13812341234']]);
  expect(summary(event({ action: 'approve', fromStatus: 'reviewing', toStatus: 'resolved' })))
    .toEqual([['order_resolved', 'sms', '13812341234']]);
  expect(summary(event({ action: 'revisit', fromStatus: 'resolved', toStatus: 'closed', detail: 'satisfied' })))
    .toEqual([['order_closed', 'sms', '13812341234']]);

  const [extended] = notificationsFor(event({ action: 'approve_extension', toStatus: 'handling', detail: '5' }), order, everyone);
  expect(extended.text).toBe('您的工单 GD-20251201-000123 需要多一些时间办理，办理期限延长 5 个工作日，当前状态：办理中。感谢您的耐心等待。');
});

test('moves inside the union chain reach only the desk they land on', () => {
  expect(summary(event({ action: 'dispatch', fromStatus: 'handling', toStatus: 'dispatched', targetUnitId: 8 }))).toEqual([['desk_new', 'webhook', 'unit:8']]);
  expect(summary(event({ action: 'report', fromStatus: 'handling', toStatus: 'reviewing', targetUnitId: 3 }))).toEqual([['desk_new', 'webhook', 'unit:3']]);
  expect(summary(event({ action: 'approve', fromStatus: 'reviewing', toStatus: 'reviewing', targetUnitId: 1 }))).toEqual([['desk_new', 'webhook', 'unit:1']]);
  expect(summary(event({ action: 'return', fromStatus: 'handling', toStatus: 'returned', targetUnitId: 3 }))).toEqual([['desk_new', 'webhook', 'unit:3']]);
  expect(summary(event({ action: 'revisit', fromStatus: 'resolved', toStatus: 'handling', targetUnitId: 8, detail: 'unsatisfied' })))
    .toEqual([['desk_new', 'webhook', 'unit:8']]);
  expect(summary(event({ action: 'add_cohandler', fromStatus: 'handling', toStatus: 'handling', targetUnitId: 9 }))).toEqual([['desk_new', 'webhook', 'unit:9']]);
  // Signing, supervising and the like tell nobody.
  expect(summary(event({ action: 'sign' }))).toEqual([]);
  expect(summary(event({ action: 'supervise', fromStatus: 'handling', toStatus: 'handling', targetUnitId: 8, detail: 'urge' }))).toEqual([]);
});

test('without a worker contact or staff pushes those drafts are left out; subscribe messages carry template data', () => {
  const dispatch = event({ action: 'dispatch', fromStatus: 'registered', toStatus: 'dispatched', targetUnitId: 3 });
  expect(summary(dispatch, { worker: null, staff: true })).toEqual([['desk_new', 'webhook', 'unit:3']]);
  expect(summary(dispatch, { worker: everyone.worker, staff: false })).toEqual([['order_dispatched', 'sms', '13812341234']]);

  const [sub] = notificationsFor(dispatch, order, { worker: { channel: 'wechat_subscribe', address: 'openid-1' }, staff: false });
  expect(sub).toMatchObject({ channel: 'wechat_subscribe', recipient: 'openid-1', orderId: 41, payload: subscribeData('order_dispatched', { number: order.number, statusLabel: '待签收' }) });
  const [bot] = notificationsFor(dispatch, order, { worker: { channel: 'bot', address: 'contact-9' }, staff: false });
  expect(bot).toMatchObject({ channel: 'bot', payload: null });
});

test('an overdue order is pushed to the desk holding it', () => {
  expect(overdueNotification([{ ...order, status: 'handling' }], 8)).toEqual({
    channel: 'webhook', recipient: 'unit:8', orderId: 41, kind: 'overdue', payload: null,
    text: '工单 GD-20251201-000123 已超过办理时限，当前状态：办理中，请尽快处理。',
  });
});

test('at the red card the desk above is told it now supervises the order', () => {
  expect(overdueNotification([{ ...order, status: 'handling' }], 2, 'escalated')).toMatchObject({
    recipient: 'unit:2', kind: 'escalated', text: '工单 GD-20251201-000123 超时未办，已升级由本单位督办，当前状态：办理中，请督促承办单位尽快处理。',
  });
});

test('several orders of one desk overdue at once make one notice naming the first three, every id in the payload', () => {
  const orders = Array.from({ length: 120 }, (_, i) => ({ id: 1000 + i, number: `GD-20251201-${String(1000 + i).padStart(6, '0')}`, status: 'handling' as const }));
  const digest = overdueNotification(orders, 8);
  expect(digest).toEqual({
    channel: 'webhook', recipient: 'unit:8', orderId: null, kind: 'overdue', payload: { orderIds: orders.map((o) => o.id) },
    text: '本单位有 120 张工单已超过办理时限：GD-20251201-001000、GD-20251201-001001、GD-20251201-001002 等，请尽快处理。',
  });
  expect(overdueNotification(orders.slice(0, 2), 2, 'escalated').text)
    .toBe('2 张工单超时未办，已升级由本单位督办：GD-20251201-001000、GD-20251201-001001，请督促承办单位尽快处理。');
  // The outbox takes it: within the text's 200 characters whatever the count.
  expect(() => draftSchema.parse(overdueNotification(Array(100_000).fill(orders[0]), 8))).not.toThrow();
});
