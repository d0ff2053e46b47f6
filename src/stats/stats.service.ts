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
 * - firstContactResolutionRate 首呼解决率: orders answered or closed that were never dispatched (no
 *   assignment), i.e. answered on the spot / orders not cancelled.
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
 * Finished orders are counted once, into kpi_day (rollup.ts): whole Shanghai days of the period
 * read their figures from there, and only the other orders (still open, not yet rolled up, or
 * registered on a partial day at either end of the period) are counted here. Every figure is a
 * count or a sum, so the two add up.
 *
 * groupBy: category (the order's category), month (Shanghai month of registration), unit (the
 * selected unit's direct children: an order counts for every child whose subtree it reached, so
 * it may count twice, and orders that stayed above every child count in none; an assignment
 * counts for the child whose subtree holds its unit, and one to the selected unit itself in
 * none). Only groups with orders are listed; unit groups need not add up to the totals.
 */
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import { shanghaiBound } from '../http/dates';
import { invalidField, notFound } from '../http/errors';
import { OrgUnit } from '../orgs/org-unit.entity';
import { OrgService, pathIds } from '../orgs/org.service';
import { shanghaiDate } from '../sla/calendar';
import { Assignment } from '../work-orders/assignment.entity';
import { WorkOrderReach } from '../work-orders/reach.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { Dialect, dialectOf } from './dialect';
import {
  ASSIGNMENT_FIGURE_NAMES, ASSIGNMENT_FIGURES, FIGURE_NAMES, figureColumn, FigureName, figureParameters, ORDER_FIGURE_NAMES, orderFigures, RawFigures,
} from './figures';
import { KpiDay } from './kpi-day.entity';
import { GroupBy, KpiQuery, Period, resolvePeriod } from './stats.schema';

/** The figures the metrics are made of; the mean handling time is null with nothing to average. */
export type Figures = Omit<RawFigures, 'orderRows' | 'handlingOrders' | 'handlingSeconds'> & { handlingDays: number | null };
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

/** The whole Shanghai days inside the period, which kpi_day holds the finished orders of. */
interface WholeDays {
  first: string;
  last: string;
  from: Date;
  to: Date;
}

interface Scope {
  unit: OrgUnit;
  /** The unit's direct children, for unit groups. */
  children: number[];
  period: Period;
  days: WholeDays | null;
  now: Date;
}

type Rows = Array<{ key: GroupKey; values: Partial<RawFigures> }>;

const DAY_MS = 86_400_000;

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
    const groupBy = query.groupBy ?? null;
    const children = groupBy === 'unit' ? (await this.orgs.children(unit.id)).map((u) => u.id) : [];
    const scope: Scope = { unit, children, period, days: wholeDays(period), now };
    // A unit without children has no unit groups.
    const group = groupBy === 'unit' && !children.length ? undefined : groupBy ?? undefined;
    // Every order and assignment falls in exactly one category or month group, so those totals
    // are the groups' sum; an order may count for several unit groups, or for none.
    const totalsFromGroups = group === 'category' || group === 'month';
    const [orderTotals, orderGroups, assignments, rolledTotals, rolledGroups] = await Promise.all([
      totalsFromGroups ? [] : this.orderRows(scope),
      group ? this.orderRows(scope, group) : [],
      this.assignmentRows(scope, group),
      totalsFromGroups ? [] : this.rolledUp(scope),
      group ? this.rolledUp(scope, group) : [],
    ]);
    const groupRows = [...orderGroups, ...assignments.groups, ...rolledGroups];
    const totalRows = totalsFromGroups ? groupRows.map((row) => ({ ...row, key: '' })) : [...orderTotals, ...assignments.totals, ...rolledTotals];
    const totals = addUp(totalRows).get('') ?? emptyFigures();
    // Only groups with orders: a key seen only among assignments belongs to none.
    const groups = [...addUp(groupRows)].filter(([, f]) => f.orderRows > 0).map(([key, f]) => ({ key, figures: figuresOf(f) }));
    const units = groupBy === 'unit' ? await this.orgs.byIds(groups.map((g) => Number(g.key))) : [];
    return { period, unit, groupBy, totals: figuresOf(totals), groups, units: new Map(units.map((u) => [u.id, u])) };
  }

  /** The unit whose KPIs are asked for: the caller's own or one below it. */
  private async selectUnit(user: AuthUser, id: number): Promise<OrgUnit> {
    const [unit] = await this.orgs.byIds([id]);
    if (!unit) throw invalidField('query.unitId', '单位不存在');
    if (!unit.path.startsWith(user.unit.path)) throw notFound('单位');
    return unit;
  }

  /** One aggregate over the orders in scope that kpi_day does not hold: totals, or per group. */
  private async orderRows(scope: Scope, group?: GroupBy): Promise<Rows> {
    const qb = this.ordersInScope(scope);
    selectFigures(qb, orderFigures(this.dialect));
    if (group) {
      const key = this.orderGroupKey(qb, scope, group);
      qb.addSelect(key, 'groupKey').groupBy(key);
    }
    qb.setParameters(figureParameters(scope.now));
    return (await this.query(qb)).map((row) => ({ key: groupKeyOf(row, group), values: valuesOf(row, ORDER_FIGURE_NAMES) }));
  }

  /**
   * The assignments of those orders, counted per assignee and, for category and month groups,
   * per group; then kept to the unit's subtree, summed into totals and into the groups. Reading
   * the assignee's place in the tree here, from the few units assigned, spares the database a
   * lookup of the assignee per assignment, and one query serves both totals and unit groups.
   * Every assignment lies below the centre, so its totals and its category and month groups
   * need no assignee: grouping by one there only costs the database a larger sort.
   */
  private async assignmentRows(scope: Scope, group?: GroupBy): Promise<{ totals: Rows; groups: Rows }> {
    const qb = this.ordersInScope(scope).innerJoin(Assignment, 'a', 'a.order_id = o.id');
    selectFigures(qb, ASSIGNMENT_FIGURES);
    const perAssignee = group === 'unit' || !scope.unit.isCentre;
    if (perAssignee) qb.addSelect('a.unit_id', 'assignee').addGroupBy('a.unit_id');
    const keyed = group === 'category' || group === 'month';
    if (keyed) {
      const key = this.orderGroupKey(qb, scope, group);
      qb.addSelect(key, 'groupKey').addGroupBy(key);
    }
    qb.setParameters(figureParameters(scope.now));
    const raw = await this.query(qb);
    const assignees = perAssignee ? new Map((await this.orgs.byIds(raw.map((row) => Number(row.assignee)))).map((u) => [u.id, u])) : null;
    const below = scope.unit.path.length;
    const totals: Rows = [];
    const groups: Rows = [];
    for (const row of raw) {
      const assignee = assignees ? assignees.get(Number(row.assignee)) : scope.unit;
      if (!assignee?.path.startsWith(scope.unit.path)) continue;
      const values = valuesOf(row, ASSIGNMENT_FIGURE_NAMES);
      totals.push({ key: '', values });
      // An assignment counts for the child whose subtree holds its unit; one to the unit itself in none.
      if (group === 'unit' && assignee.id !== scope.unit.id) groups.push({ key: pathIds(assignee.path.slice(below))[0], values });
      else if (keyed) groups.push({ key: groupKeyOf(row, group), values });
    }
    return { totals, groups };
  }

  /**
   * Orders registered in the period that the unit may see, less those kpi_day holds (the rolled-up
   * ones registered on a whole day of the period).
   */
  private ordersInScope({ unit, period, days }: Scope): SelectQueryBuilder<WorkOrder> {
    const qb = this.ds
      .createQueryBuilder(WorkOrder, 'o')
      .where('o.created_at >= :from AND o.created_at <= :to', { from: period.from, to: period.to });
    if (days) {
      // Spelt per value of the flag so that both are ranges of ix_work_order_kpi_live.
      qb.andWhere('(o.kpi_rolled_up = :no OR (o.kpi_rolled_up = :yes AND (o.created_at < :wholeFrom OR o.created_at > :wholeTo)))', {
        no: false, yes: true, wholeFrom: days.from, wholeTo: days.to,
      });
    }
    return unit.isCentre ? qb : qb.innerJoin(WorkOrderReach, 'r', 'r.order_id = o.id AND r.unit_id = :unitId', { unitId: unit.id });
  }

  /** Joins what grouping the orders needs and returns the group key's SQL. */
  private orderGroupKey(qb: SelectQueryBuilder<WorkOrder>, scope: Scope, group: GroupBy): string {
    switch (group) {
      case 'category':
        return 'o.category';
      case 'month':
        return this.dialect.shanghaiMonth('o.created_at');
      case 'unit':
        // The children by id rather than joined by parent: the reach rows of a child are then a
        // range whose size the database can see, and it reads the few orders first.
        qb.innerJoin(WorkOrderReach, 'gr', 'gr.order_id = o.id AND gr.unit_id IN (:...children)', { children: scope.children });
        return 'gr.unit_id';
    }
  }

  /** The figures kpi_day holds for the whole days of the period: totals, or per group. */
  private async rolledUp({ unit, children, days }: Scope, group?: GroupBy): Promise<Rows> {
    if (!days) return [];
    const qb = this.ds.createQueryBuilder(KpiDay, 'k').select([]).where('k.day >= :first AND k.day <= :last', days);
    for (const name of FIGURE_NAMES) qb.addSelect(`COALESCE(SUM(k.${figureColumn(name)}), 0)`, name);
    // The rows of the unit's children hold, for each, the orders that reached it and the
    // assignments to it or below: what a unit group counts.
    if (group === 'unit') qb.andWhere('k.unit_id IN (:...children)', { children });
    else qb.andWhere('k.unit_id = :unitId', { unitId: unit.id });
    const key = group === 'unit' ? 'k.unit_id' : group === 'category' ? 'k.category' : group === 'month' ? 'SUBSTR(k.day, 1, 7)' : null;
    if (key) qb.addSelect(key, 'groupKey').groupBy(key);
    return (await this.query(qb)).map((row) => ({ key: groupKeyOf(row, group), values: valuesOf(row, FIGURE_NAMES) }));
  }

  private async query(qb: SelectQueryBuilder<WorkOrder | KpiDay>): Promise<Array<Record<string, unknown>>> {
    // Tables joined in the order written: the few orders kpi_day does not hold first. Going by its
    // statistics alone, MariaDB may start from all of a unit's reach rows instead and read every
    // order they name.
    const [sql, parameters] = qb.getQueryAndParameters();
    return this.ds.query(this.dialect.joinInOrder(sql), parameters);
  }
}

function selectFigures(qb: SelectQueryBuilder<WorkOrder>, figures: Record<string, string>): void {
  qb.select([]);
  for (const [alias, sql] of Object.entries(figures)) qb.addSelect(sql, alias);
}

const valuesOf = (row: Record<string, unknown>, names: readonly FigureName[]): Partial<RawFigures> =>
  Object.fromEntries(names.map((name) => [name, Number(row[name] ?? 0)]));

// Unit ids come back as numbers or, computed, possibly as strings.
const groupKeyOf = (row: Record<string, unknown>, group?: GroupBy): GroupKey =>
  group === undefined ? '' : group === 'unit' ? Number(row.groupKey) : (row.groupKey as string);

/** The first and last whole Shanghai days of the period, if any. */
function wholeDays(period: Period): WholeDays | null {
  let from = shanghaiBound(shanghaiDate(period.from), 'start');
  if (from < period.from) from = new Date(from.getTime() + DAY_MS);
  let to = shanghaiBound(shanghaiDate(period.to), 'end');
  if (to > period.to) to = new Date(to.getTime() - DAY_MS);
  return from < to ? { first: shanghaiDate(from), last: shanghaiDate(to), from, to } : null;
}

const emptyFigures = (): RawFigures => Object.fromEntries(FIGURE_NAMES.map((name) => [name, 0])) as RawFigures;

/** Sums rows with the same key. */
function addUp(rows: Rows): Map<GroupKey, RawFigures> {
  const sums = new Map<GroupKey, RawFigures>();
  for (const { key, values } of rows) {
    const sum = sums.get(key) ?? emptyFigures();
    for (const [name, value] of Object.entries(values) as Array<[FigureName, number]>) sum[name] += value;
    sums.set(key, sum);
  }
  return sums;
}

function figuresOf({ orderRows: _rows, handlingOrders, handlingSeconds, ...rest }: RawFigures): Figures {
  return { ...rest, handlingDays: handlingOrders ? handlingSeconds / handlingOrders / (DAY_MS / 1000) : null };
}
