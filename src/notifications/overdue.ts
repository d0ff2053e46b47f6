import type { StepListener } from '../sla/sweep';
import { enqueue } from './outbox';
import { overdueNotification } from './triggers';

/**
 * What the deadline sweep tells staff: at the yellow card the unit holding the order, at the red
 * card the unit above it, which now supervises it (督办).
 */
export function notifyOverdue(clock: () => Date): StepListener {
  return async (em, advanced) => {
    const drafts = advanced.flatMap(({ order, passed, unitAbove }) => passed.flatMap(({ kind }) => {
      if (kind === 'yellow') return [overdueNotification(order, order.currentUnitId)];
      return kind === 'red' && unitAbove !== null ? [overdueNotification(order, unitAbove, 'escalated')] : [];
    }));
    await enqueue(em, drafts, clock());
  };
}
