/**
 * Who sees which orders and whose identity.
 *
 * Centre staff see every order. Staff elsewhere see an order when its chain or a co-handler
 * reached their unit or a unit below it (the `work_order_reach` rows); any other order does
 * not exist for them: 404 on read, absent from lists and counts.
 */
import type { SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import type { Role } from '../auth/staff-user.entity';
import { WorkOrderReach } from './reach.entity';
import type { WorkOrder } from './work-order.entity';

export const seesAllOrders = (user: AuthUser): boolean => user.unit.isCentre;

/** Restricts a query over `alias` (a work_order) to the orders `user` may see. */
export function scopeOrders(qb: SelectQueryBuilder<WorkOrder>, alias: string, user: AuthUser): SelectQueryBuilder<WorkOrder> {
  if (seesAllOrders(user)) return qb;
  return qb.innerJoin(WorkOrderReach, 'reach', `reach.order_id = ${alias}.id AND reach.unit_id = :scopeUnitId`, {
    scopeUnitId: user.unit.id,
  });
}

const IDENTITY_ROLES: readonly Role[] = ['agent', 'lawyer', 'supervisor'];

/** Who works with the worker directly (calls them back): the centre's desk and supervisors. */
export const seesWorkerIdentity = (user: AuthUser): boolean =>
  user.unit.isCentre && IDENTITY_ROLES.includes(user.role);
