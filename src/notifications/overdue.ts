import type { StepListener } from '../sla/sweep';
import { enqueue } from './outbox';
import { overdueNotification } from './triggers';

/**
 * What the deadline sweep tells staff: at the yellow card the unit holding the order, at the red
 * card the unit above it (督办 escalates). An order that passed both at once tells both.
 */
export function notifyOverdue(clock: () => Date): StepListener {
  return async (em, advanced) => {
    const drafts = advanced.flatMap(({ order, passed, unitAbove }) => passed.flatMap(({ kind }) => {
      const units = kind === 'yellow' ? [order.currentUnitId] : kind === 'red' && unitAbove !== null ? [unitAbove] : [];
      return units.map((unit) => overdueNotification(order, unit));
    }));
    await enqueue(em, drafts, clock());
  };
}
