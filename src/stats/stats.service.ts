/**
 * KPIs (工作指标) of a union and the units below it, over the orders registered in a period.
 *
 * Period: orders whose work_order.created_at (registration) lies in [from, to]. Bare dates are
 * Shanghai calendar days (from 00:00, to 23:59:59.999 +08:00); without `to` it is today, without
 * `from` the period is the 30 days ending with `to`. from after to, or longer than 5 years: 400.
 *
 * Unit: `unitId`, default the caller's own unit. It must be the caller's unit or one below it
 * (unknown: 400 on query.unitId; outside the caller's subtree: 404, like every invisible thing).
 *
 * Scope, as in every list: the centre's KPIs cover every order; any other unit's cover the orders
 * with a work_order_reach row for it, i.e. its chain or a co-handler reached the unit or a unit below.
 *
 * Two kinds of rows are counted, each in one aggregate query with an optional GROUP BY:
 *
 * Orders in scope:
 * - orders: all of them.
 * - resolutionRate 解决率: orders answered, resolved (awaiting the revisit) or closed / orders not
 *   cancelled. An unsatisfied revisit sends an order back, so it stops counting until resolved again.
 * - firstContactResolutionRate 首呼解决率: orders answered or closed that have an 'answer' event and
 *   were never dispatched (no assignment) / orders not cancelled.
 * - resultSatisfaction, serviceSatisfaction 满意率: orders whose latest revisit rated the result
 *   (the service) ≥ 3 / orders with that rating.
 * - averageHandlingDays 平均办理天数: mean natural (not working) days, with fractions, from
 *   registration to resolved_at, over the orders resolution counts as resolved; 1 decimal.
 * - wagesRecovered 追回工资: sum of recovered_amount over those same resolved orders (amounts of
 *   orders still under review or sent back are not final yet).
 *
 * Assignments (one per level an order was dispatched to) of those orders, to the unit or a unit
 * below it (path prefix; for the centre, every assignment):
 * - responseRate 响应率: assignments that responded — signed, or returned before signing — by their
 *   sign deadline / assignments that responded, plus those still unanswered past the deadline.
 *   Ones still within their deadline are not counted yet, nor ones without a recorded deadline.
 * - onTimeRate 按期办结率: reported assignments with reported_at <= handle_due_at / reported ones
 *   (with a handle deadline). A level above the handler "reports" when it approves the result
 *   upwards; sending the order back to a level (审核退回, unsatisfied revisit) clears its report.
 * - returnRate 退单率: assignments returned / all assignments.
 *
 * groupBy: category (the order's category), month (Shanghai month of registration), unit (the
 * selected unit's direct children: an order counts for every child whose subtree it reached, so
 * it may count twice, and orders that stayed above every child count in none; an assignment
 * counts for the child whose subtree holds its unit, and one to the selected unit itself in
 * none). Only groups with orders are listed; unit groups need not add up to the totals.
 */
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import { badRequest, notFound } from '../http/errors';
import { OrgUnit } from '../orgs/org-unit.entity';
import type { OrgService } from '../orgs/org.service';
import { Assignment } from '../work-orders/assignment.entity';
import { SATISFIED_RATING, Status } from '../work-orders/lifecycle';
import { WorkOrderReach } from '../work-orders/reach.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { Dialect, dialectOf } from './dialect';
import { GroupBy, KpiQuery, Period, resolvePeriod } from './stats.schema';

const RESOLVED: Status[] = ['answered', 'resolved', 'closed'];
const FIRST_CONTACT: Status[] = ['answered', 'closed'];

const count = (condition: string) => `COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;

/** What is counted over the orders in scope; the metrics are ratios of these. */
const orderFigures = (d: Dialect) => ({
  // A merged order lives on in its master: counting it would count the matter twice.
  orders: count(`o.status <> 'merged'`),
  notCancelled: count(`o.status NOT IN ('cancelled', 'merged')`),
  resolved: count('o.status IN (:...resolved)'),
  firstContact: count(
    'o.status IN (:...firstContact)'
    + ` AND EXISTS (SELECT 1 FROM work_order_event e WHERE e.order_id = o.id AND e.action = 'answer')`
    + ' AND NOT EXISTS (SELECT 1 FROM work_order_assignment x WHERE x.order_id = o.id)',
  ),
  resultRated: 'COUNT(o.result_rating)',
  resultSatisfied: count('o.result_rating >= :satisfied'),
  serviceRated: 'COUNT(o.service_rating)',
  serviceSatisfied: count('o.service_rating >= :satisfied'),
  handlingDays: `AVG(CASE WHEN o.status IN (:...resolved) THEN ${d.daysBetween('o.created_at', 'o.resolved_at')} END)`,
  wagesRecovered: 'COALESCE(SUM(CASE WHEN o.status IN (:...resolved) THEN o.recovered_amount END), 0)',
});

/** What is counted over the assignments in scope. */
const ASSIGNMENT_FIGURES = {
  assignments: 'COUNT(*)',
  returned: 'COUNT(a.returned_at)',
  signDue: count('a.sign_due_at IS NOT NULL AND (a.signed_at IS NOT NULL OR a.returned_at IS NOT NULL OR a.sign_due_at < :now)'),
  signedOnTime: count('COALESCE(a.signed_at, a.returned_at) <= a.sign_due_at'),
  reported: count('a.reported_at IS NOT NULL AND a.handle_due_at IS NOT NULL'),
  reportedOnTime: count('a.reported_at <= a.handle_due_at'),
};

/** Every figure is a count or a sum, except the mean, which has nothing to average over no orders. */
export type OrderFigures = Record<Exclude<keyof ReturnType<typeof orderFigures>, 'handlingDays'>, number> & { handlingDays: number | null };
export type AssignmentFigures = Record<keyof typeof ASSIGNMENT_FIGURES, number>;
export type Figures = OrderFigures & AssignmentFigures;
export type GroupKey = string | number;

export interface KpiResult {
  period: Period;
  unit: OrgUnit;
  groupBy: GroupBy | null;
  totals: Figures;
  groups: Array<{ key: GroupKey; figures: Figures }>;
  /** The child units named by `unit` groups. */
  units: Map<number, OrgUnit>;
}

interface Scope {
  unit: OrgUnit;
  period: Period;
  now: Date;
}

type RowKind = 'order' | 'assignment';

export class StatsService {
  private readonly dialect: Dialect;

  constructor(
    private readonly ds: DataSource,
    private readonly orgs: OrgService,
    private readonly clock: () => Date,
  ) {
    this.dialect = dialectOf(ds);
  }

  async kpis(user: AuthUser, query: KpiQuery): Promise<KpiResult> {
    const now = this.clock();
    const period = resolvePeriod(query, now);
    const unit = await this.selectUnit(user, query.unitId ?? user.unit.id);
    const scope: Scope = { unit, period, now };
    const groupBy = query.groupBy ?? null;
    const [orderTotals, assignmentTotals, orderGroups, assignmentGroups] = await Promise.all([
      this.figures(scope, 'order'),
      this.figures(scope, 'assignment'),
      groupBy ? this.figures(scope, 'order', groupBy) : [],
      groupBy ? this.figures(scope, 'assignment', groupBy) : [],
    ]);
    const emptyAssignments = Object.fromEntries(Object.keys(ASSIGNMENT_FIGURES).map((k) => [k, 0])) as AssignmentFigures;
    const byKey = new Map(assignmentGroups.map((g) => [g.key, g.values as AssignmentFigures]));
    const groups = orderGroups.map((g) => ({
      key: g.key,
      figures: { ...(g.values as OrderFigures), ...(byKey.get(g.key) ?? emptyAssignments) },
    }));
    const units = groupBy === 'unit' ? await this.orgs.byIds(groups.map((g) => Number(g.key))) : [];
    return {
      period,
      unit,
      groupBy,
      totals: { ...(orderTotals[0].values as OrderFigures), ...(assignmentTotals[0].values as AssignmentFigures) },
      groups,
      units: new Map(units.map((u) => [u.id, u])),
    };
  }

  /** The unit whose KPIs are asked for: the caller's own or one below it. */
  private async selectUnit(user: AuthUser, id: number): Promise<OrgUnit> {
    const [unit] = await this.orgs.byIds([id]);
    if (!unit) throw badRequest('单位不存在', [{ path: 'query.unitId', message: 'unknown unit' }]);
    if (!unit.path.startsWith(user.unit.path)) throw notFound('单位');
    return unit;
  }

  /**
   * One aggregate over the orders (or their assignments) in scope: a single row of totals, or
   * one row per group with `group`.
   */
  private async figures(scope: Scope, kind: RowKind, group?: GroupBy): Promise<Array<{ key: GroupKey; values: Record<string, number | null> }>> {
    const qb = this.ordersInScope(scope);
    if (kind === 'assignment') {
      // Paths hold only digits and '/', so the prefix needs no LIKE escaping.
      qb.innerJoin(Assignment, 'a', 'a.order_id = o.id')
        .innerJoin(OrgUnit, 'au', 'au.id = a.unit_id AND au.path LIKE :subtree', { subtree: `${scope.unit.path}%` });
    }
    const selected = kind === 'order' ? orderFigures(this.dialect) : ASSIGNMENT_FIGURES;
    qb.select([]);
    for (const [alias, sql] of Object.entries(selected)) qb.addSelect(sql, alias);
    if (group) {
      const key = this.groupKey(qb, group, kind);
      qb.addSelect(key, 'groupKey').groupBy(key);
    }
    qb.setParameters({
      unitId: scope.unit.id,
      childAt: scope.unit.path.length + 1,
      resolved: RESOLVED,
      firstContact: FIRST_CONTACT,
      satisfied: SATISFIED_RATING,
      now: scope.now,
    });
    const rows: Array<Record<string, unknown>> = await qb.getRawMany();
    return rows.map((row) => ({
      // Unit ids come back as numbers or, computed from a path, possibly as strings.
      key: group === 'unit' ? Number(row.groupKey) : (row.groupKey as string),
      values: Object.fromEntries(Object.keys(selected).map((alias) => [alias, numberOrNull(row[alias])])),
    }));
  }

  /** Orders registered in the period that the unit may see (indexed on created_at and on reach). */
  private ordersInScope({ unit, period }: Scope): SelectQueryBuilder<WorkOrder> {
    const qb = this.ds
      .createQueryBuilder(WorkOrder, 'o')
      .where('o.created_at >= :from AND o.created_at <= :to', { from: period.from, to: period.to });
    return unit.isCentre ? qb : qb.innerJoin(WorkOrderReach, 'r', 'r.order_id = o.id AND r.unit_id = :unitId');
  }

  /** Joins what grouping needs and returns the group key's SQL. */
  private groupKey(qb: SelectQueryBuilder<WorkOrder>, group: GroupBy, kind: RowKind): string {
    switch (group) {
      case 'category':
        return 'o.category';
      case 'month':
        return this.dialect.shanghaiMonth('o.created_at');
      case 'unit':
        if (kind === 'assignment') {
          // Read off the assignee's path rather than joined by prefix, which would scan once per child.
          qb.andWhere('a.unit_id <> :unitId');
          return this.dialect.idInPathAt('au.path', ':childAt');
        }
        qb.innerJoin(WorkOrderReach, 'gr', 'gr.order_id = o.id')
          .innerJoin(OrgUnit, 'g', 'g.id = gr.unit_id AND g.parent_id = :unitId');
        return 'g.id';
    }
  }
}

/** mysql2 returns SUM/AVG as decimal strings, SQLite numbers; an average over no rows is null. */
const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
