import { groupOf } from '../collections';
import type { StepListener } from '../sla/sweep';
import type { WorkOrder } from '../work-orders/work-order.entity';
import { enqueue } from './outbox';
import { overdueNotification } from './triggers';

/**
 * What the deadline sweep tells staff: at the yellow card the unit holding the order, at the red
 * card the unit above it, which now supervises it (督办). Each desk gets one notice per kind for
 * the orders of a sweep's chunk (see overdueNotification).
 */
export function notifyOverdue(clock: () => Date): StepListener {
  return async (em, steps) => {
    // Per desk and kind, in the order the steps came: one notice for all of a desk's orders.
    const desks = new Map<string, { unitId: number; kind: 'overdue' | 'escalated'; orders: WorkOrder[] }>();
    const add = (unitId: number, kind: 'overdue' | 'escalated', order: WorkOrder) =>
      groupOf(desks, `${kind}:${unitId}`, () => ({ unitId, kind, orders: [] })).orders.push(order);
    for (const { order, step, unitAbove } of steps) {
      if (step.kind === 'yellow') add(order.currentUnitId, 'overdue', order);
      else if (step.kind === 'red' && unitAbove !== null) add(unitAbove, 'escalated', order);
    }
    await enqueue(em, [...desks.values()].map((d) => overdueNotification(d.orders, d.unitId, d.kind)), clock());
  };
}
