import type { Classification } from '../classification/classifier';
import { unitRef } from '../orgs/org.presenter';
import { maskIdentity } from '../privacy/mask';
import type { WorkerIdentity } from '../workers/worker-identities';
import { STATUS_LABELS } from '../work-orders/labels';
import type { WorkOrder } from '../work-orders/work-order.entity';
import type { InboundMessage, Outcome } from './inbound-message.entity';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  answered: '已即时解答',
  order: '已生成工单',
  merged: '已并入工单',
  lawyer_queue: '待律师解答',
};

type OrderLookup = Map<number, Pick<WorkOrder, 'id' | 'number' | 'status' | 'urgent' | 'petitionerCount' | 'suggestedUnitId' | 'routeReason' | 'result'>>;

/** A contact with its classification (and the words that decided it) and what it produced. */
export function presentContact(c: InboundMessage, orders: OrderLookup, units: Map<number, { id: number; name: string }>) {
  const order = c.orderId === null ? undefined : orders.get(c.orderId);
  const classification = JSON.parse(c.classification) as Classification;
  return {
    id: c.id,
    channel: c.channel,
    externalId: c.externalId,
    receivedAt: c.receivedAt.toISOString(),
    text: c.text,
    recordingUrl: c.recordingUrl,
    urgent: c.urgent,
    outcome: c.outcome,
    outcomeLabel: OUTCOME_LABELS[c.outcome],
    classification,
    order: order
      ? {
        id: order.id,
        number: order.number,
        status: order.status,
        urgent: order.urgent,
        petitionerCount: order.petitionerCount,
        suggestedUnit: order.suggestedUnitId === null ? null : units.get(order.suggestedUnitId) ?? null,
        routeReason: order.routeReason,
      }
      : null,
    answer: c.outcome === 'answered' && order ? { articleId: c.articleId, text: order.result } : null,
  };
}

export interface History {
  worker: WorkerIdentity | null;
  contacts: InboundMessage[];
  orders: WorkOrder[];
  units: Map<number, { id: number; name: string }>;
}

/**
 * A worker's earlier contacts and orders, for the centre desk: who the worker is shows masked, with
 * the id the desk reveals them by (POST /workers/:id/reveal).
 */
export function presentHistory({ worker, contacts, orders, units }: History) {
  return {
    worker: worker ? maskIdentity(worker) : null,
    contacts: contacts.map((c) => ({
      id: c.id,
      channel: c.channel,
      receivedAt: c.receivedAt.toISOString(),
      text: c.text,
      urgent: c.urgent,
      outcome: c.outcome,
      outcomeLabel: OUTCOME_LABELS[c.outcome],
      orderId: c.orderId,
    })),
    orders: orders.map((o) => ({
      id: o.id,
      number: o.number,
      status: o.status,
      statusLabel: STATUS_LABELS[o.status],
      category: o.category,
      summary: o.summary,
      urgent: o.urgent,
      currentUnit: unitRef(units.get(o.currentUnitId)),
      createdAt: o.createdAt.toISOString(),
    })),
  };
}
