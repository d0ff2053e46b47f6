import type { StepListener } from '../sla/sweep';
import { enqueue } from './outbox';
import { overdueNotification } from './triggers';

/**
 * What the deadline sweep tells staff: at the yellow card the unit holding the order, at the red
 * card the unit above it (督办 escalates).
 */
export function notifyOverdue(clock: () => Date): StepListener {
  return async (em, steps) => {
    const drafts = steps.flatMap(({ order, step, unitAbove }) => {
      const units = step.kind === 'yellow' ? [order.currentUnitId] : step.kind === 'red' && unitAbove !== null ? [unitAbove] : [];
      return units.map((unit) => overdueNotification(order, unit));
    });
    await enqueue(em, drafts, clock());
  };
}
