import type { AuthUser } from '../auth/auth.service';
import type { Status } from '../work-orders/lifecycle';
import { listQuery } from '../work-orders/work-order.schema';
import type { WorkOrderService } from '../work-orders/work-order.service';

/** A mobile desk shows what fits a screen; the console pages through the rest. */
const PER_GROUP = 100;

type Summary = Awaited<ReturnType<WorkOrderService['list']>>['items'][number];

const dueFirst = (a: Summary, b: Summary) =>
  (a.deadlines.nextDueAt ?? '\uffff').localeCompare(b.deadlines.nextDueAt ?? '\uffff');

/**
 * The orders waiting at the staff member's unit, most pressing deadline first: to sign, to
 * handle (returned ones included: they wait for a new hand-down), to review. The ordinary order
 * list does the work, so scope, deadlines and `allowedActions` are the console's.
 */
export async function deskOf(workOrders: WorkOrderService, user: AuthUser) {
  const waiting = async (...statuses: Status[]) => {
    const pages = await Promise.all(statuses.map((status) =>
      workOrders.list(user, listQuery.parse({ status, unitId: user.unit.id, pageSize: PER_GROUP }))));
    return pages.flatMap((p) => p.items).sort(dueFirst);
  };
  return {
    unit: { id: user.unit.id, name: user.unit.name },
    toSign: await waiting('dispatched'),
    toHandle: await waiting('handling', 'returned'),
    toReview: await waiting('reviewing'),
  };
}
