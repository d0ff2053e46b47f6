import type { StepListener } from '../sla/sweep';
import { enqueue } from './outbox';
import { overdueNotification } from './triggers';

/**
 * What the deadline sweep tells staff: at the yellow card the unit holding the order, at the red
 * card the unit above it, which now supervises it (督办).
 */
export function notifyOverdue(clock: () => Date): StepListener {
  return async (em, steps) => {
    const drafts = steps.flatMap(({ order, step, unitAbove }) => {
      if (step.kind === 'yellow') return [overdueNotification(order, order.currentUnitId)];
      return step.kind === 'red' && unitAbove !== null ? [overdueNotification(order, unitAbove, 'escalated')] : [];
    });
    await enqueue(em, drafts, clock());
  };
}
