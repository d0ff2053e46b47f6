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

/** The alias under which scopeOrders joins the user's work_order_reach rows. */
export const SCOPE_ALIAS = 'reach';

/** Restricts a query over `alias` (a work_order) to the orders `user` may see. */
export function scopeOrders(qb: SelectQueryBuilder<WorkOrder>, alias: string, user: AuthUser): SelectQueryBuilder<WorkOrder> {
  if (seesAllOrders(user)) return qb;
  return qb.innerJoin(WorkOrderReach, SCOPE_ALIAS, `${SCOPE_ALIAS}.order_id = ${alias}.id AND ${SCOPE_ALIAS}.unit_id = :scopeUnitId`, {
    scopeUnitId: user.unit.id,
  });
}

/** A unit user's own reach rows (for `seesAllOrders` users there are none to restrict to). */
export function reachOf(qb: SelectQueryBuilder<WorkOrderReach>, user: AuthUser): SelectQueryBuilder<WorkOrderReach> {
  return qb.where(`${SCOPE_ALIAS}.unit_id = :scopeUnitId`, { scopeUnitId: user.unit.id });
}

const IDENTITY_ROLES: readonly Role[] = ['agent', 'lawyer', 'supervisor'];

/** Who works with the worker directly (calls them back): the centre's desk and supervisors. */
export const seesWorkerIdentity = (user: AuthUser): boolean =>
  user.unit.isCentre && IDENTITY_ROLES.includes(user.role);
