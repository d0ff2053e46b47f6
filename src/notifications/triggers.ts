/**
 * Which changes to an order notify whom. Pure: the work-order service calls these inside its
 * transaction and hands the drafts to `enqueue`.
 */
import { STATUS_LABELS } from '../work-orders/labels';
import type { Action, EventDraft, Status } from '../work-orders/lifecycle';
import { MessageFacts, notificationText, overdueDigestText, subscribeData } from './messages';
import type { STAFF_KINDS, WorkerKind } from './notification.entity';
import type { NotificationDraft } from './notification.schema';

/** How to reach the worker, through the channel they came from. */
export interface WorkerContact {
  /** `bot`: the bot's contact id; `wechat_subscribe`: the mini-program openid; `sms`: a mobile number, sealed (phone). */
  channel: 'bot' | 'wechat_subscribe' | 'sms';
  address: string;
}

export interface Recipients {
  /** Null when the worker cannot or asked not to be reached. */
  worker: WorkerContact | null;
  /** Whether staff desks are pushed to (STAFF_WEBHOOK_URL is configured). */
  staff: boolean;
}

export interface OrderRef {
  id: number;
  number: string;
}

/** Actions that put the order (or a part of it) on the desk of the event's target unit. */
const DESK_ACTIONS: ReadonlySet<Action | 'register'> = new Set<Action>([
  'dispatch', 'redispatch', 'return', 'report', 'approve', 'reject', 'revisit', 'add_cohandler', 'request_extension',
]);

/** The notifications one lifecycle event causes: to the worker, and to the desk it lands on. */
export function notificationsFor(event: EventDraft, order: OrderRef, to: Recipients): NotificationDraft[] {
  const facts: MessageFacts = { number: order.number, statusLabel: STATUS_LABELS[event.toStatus] };
  const drafts: NotificationDraft[] = [];
  // A worker in a chat hears of every change of status; elsewhere only of the milestones.
  // Answers reach the chat their own way (the bot's reply, or reply_ready), so they are left out.
  const inChat = to.worker?.channel === 'bot' && event.action !== 'answer';
  const kind = workerKind(event)
    ?? (inChat && event.fromStatus !== null && event.fromStatus !== event.toStatus ? 'order_status' : null);
  if (kind && to.worker) drafts.push(workerDraft(kind, order, to.worker, { ...facts, days: kind === 'order_extended' ? Number(event.detail) || null : null }));
  if (to.staff && event.targetUnitId !== null && DESK_ACTIONS.has(event.action)) {
    drafts.push(deskDraft('desk_new', order, event.targetUnitId, facts));
  }
  return drafts;
}

/** A mass incident or crisis: the on-duty supervisors of these units are alerted at once. */
export function urgentAlerts(order: OrderRef & { status: Status }, unitIds: number[]): NotificationDraft[] {
  const facts = { number: order.number, statusLabel: STATUS_LABELS[order.status] };
  return unitIds.map((unitId) => deskDraft('urgent_alert', order, unitId, facts));
}

/**
 * The desk answered a question the worker had asked the bot and was queued (a lawyer's opinion, an
 * article): the bot tells them, by WeChat contact id. The answer itself is not in the outbox; the
 * worker asks the bot for the order and reads it there.
 */
export function replyReady(order: OrderRef & { status: Status }, botContact: string | null): NotificationDraft[] {
  if (!botContact) return [];
  return [workerDraft('reply_ready', order, { channel: 'bot', address: botContact }, { number: order.number, statusLabel: STATUS_LABELS[order.status] })];
}

/**
 * For the deadline sweep: the unit holding overdue orders is told (`overdue`), and at the red
 * card the unit above them, which now supervises them (`escalated`). One order: its own notice.
 * Several at once (day deadlines all end at midnight): one notice naming them, so a desk is not
 * pushed once per order; `payload.orderIds` lists them all for systems that take the push.
 */
export function overdueNotification(orders: Array<OrderRef & { status: Status }>, unitId: number, kind: 'overdue' | 'escalated' = 'overdue'): NotificationDraft {
  if (orders.length === 1) return deskDraft(kind, orders[0], unitId, { number: orders[0].number, statusLabel: STATUS_LABELS[orders[0].status] });
  return {
    channel: 'webhook', recipient: `unit:${unitId}`, orderId: null, kind,
    text: overdueDigestText(kind, orders.map((o) => o.number)), payload: { orderIds: orders.map((o) => o.id) },
  };
}

/**
 * LIKE patterns matching a digest whose payload lists the order (`orderIds`, stored as JSON by the
 * outbox): how the notifications of one order are found when the column names none.
 */
export function listedInDigest(orderId: number): string[] {
  return [`[${orderId}]`, `[${orderId},`, `,${orderId},`, `,${orderId}]`].map((piece) => `%"orderIds":%${piece}%`);
}

function workerKind(e: EventDraft): WorkerKind | null {
  switch (e.action) {
    case 'register': return 'order_accepted';
    // Only the centre's first hand-down: the moves further down the chain are the unions' business.
    case 'dispatch': return e.fromStatus === 'registered' ? 'order_dispatched' : null;
    case 'approve_extension': return 'order_extended';
    case 'approve': return e.toStatus === 'resolved' ? 'order_resolved' : null;
    case 'revisit': return e.toStatus === 'closed' ? 'order_closed' : null;
    default: return null;
  }
}

function workerDraft(kind: WorkerKind, order: OrderRef, contact: WorkerContact, facts: MessageFacts): NotificationDraft {
  return {
    channel: contact.channel,
    recipient: contact.address,
    orderId: order.id,
    kind,
    text: notificationText(kind, facts),
    payload: contact.channel === 'wechat_subscribe' ? subscribeData(kind, facts) : null,
  };
}

function deskDraft(kind: (typeof STAFF_KINDS)[number], order: OrderRef, unitId: number, facts: MessageFacts): NotificationDraft {
  return { channel: 'webhook', recipient: `unit:${unitId}`, orderId: order.id, kind, text: notificationText(kind, facts), payload: null };
}
