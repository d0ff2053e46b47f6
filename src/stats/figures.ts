/**
 * What the KPIs count, as SQL aggregates over `o` (a work_order) and `a` (its assignments): the
 * live KPI query and the roll-up of finished orders (rollup.ts) share these, so a figure means the
 * same wherever it was counted. Every figure is a count or a sum, so figures of disjoint sets of
 * orders add up.
 */
import { SATISFIED_RATING, Status } from '../work-orders/lifecycle';
import type { Dialect } from './dialect';

export const RESOLVED: Status[] = ['answered', 'resolved', 'closed'];
const FIRST_CONTACT: Status[] = ['answered', 'closed'];

const count = (condition: string) => `COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;

export const ORDER_FIGURE_NAMES = [
  'orderRows', 'orders', 'notCancelled', 'resolved', 'firstContact', 'resultRated', 'resultSatisfied', 'serviceRated',
  'serviceSatisfied', 'handlingOrders', 'handlingSeconds', 'wagesRecovered',
] as const;
export type OrderFigureName = (typeof ORDER_FIGURE_NAMES)[number];

/** What is counted over the orders in scope; the metrics are ratios of these. */
export const orderFigures = (d: Dialect): Record<OrderFigureName, string> => ({
  /** Rows, merged ones included: whether a group has orders at all. */
  orderRows: 'COUNT(*)',
  // A merged order lives on in its master: counting it would count the matter twice.
  orders: count(`o.status <> 'merged'`),
  notCancelled: count(`o.status NOT IN ('cancelled', 'merged')`),
  resolved: count('o.status IN (:...resolved)'),
  // Answered on the spot: only the answer action leads to 'answered', and an order is closed
  // without ever being dispatched only from there (a resolved order was reported by a level).
  firstContact: count('o.status IN (:...firstContact) AND NOT EXISTS (SELECT 1 FROM work_order_assignment x WHERE x.order_id = o.id)'),
  resultRated: 'COUNT(o.result_rating)',
  resultSatisfied: count('o.result_rating >= :satisfied'),
  serviceRated: 'COUNT(o.service_rating)',
  serviceSatisfied: count('o.service_rating >= :satisfied'),
  // The mean handling time is handlingSeconds / handlingOrders.
  handlingOrders: count('o.status IN (:...resolved) AND o.resolved_at IS NOT NULL'),
  handlingSeconds: `COALESCE(SUM(CASE WHEN o.status IN (:...resolved) THEN ${d.secondsBetween('o.created_at', 'o.resolved_at')} END), 0)`,
  wagesRecovered: 'COALESCE(SUM(CASE WHEN o.status IN (:...resolved) THEN o.recovered_amount END), 0)',
});

/** What is counted over the assignments in scope. */
export const ASSIGNMENT_FIGURES = {
  assignments: 'COUNT(*)',
  returned: 'COUNT(a.returned_at)',
  signDue: count('a.sign_due_at IS NOT NULL AND (a.signed_at IS NOT NULL OR a.returned_at IS NOT NULL OR a.sign_due_at < :now)'),
  signedOnTime: count('COALESCE(a.signed_at, a.returned_at) <= a.sign_due_at'),
  reported: count('a.reported_at IS NOT NULL AND a.handle_due_at IS NOT NULL'),
  reportedOnTime: count('a.reported_at <= a.handle_due_at'),
};

export type AssignmentFigureName = keyof typeof ASSIGNMENT_FIGURES;
export type FigureName = OrderFigureName | AssignmentFigureName;
export type RawFigures = Record<FigureName, number>;

export const ASSIGNMENT_FIGURE_NAMES = Object.keys(ASSIGNMENT_FIGURES) as AssignmentFigureName[];
export const FIGURE_NAMES: FigureName[] = [...ORDER_FIGURE_NAMES, ...ASSIGNMENT_FIGURE_NAMES];

/** The kpi_day column holding a figure. */
export const figureColumn = (name: FigureName) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The parameters the figures' SQL refers to. */
export const figureParameters = (now: Date) => ({ resolved: RESOLVED, firstContact: FIRST_CONTACT, satisfied: SATISFIED_RATING, now });
