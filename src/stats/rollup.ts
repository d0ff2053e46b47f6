/**
 * The KPI roll-up: the figures of finished orders, added up once into kpi_day.
 *
 * A closed, cancelled or merged order never changes again (every action needs an open order), nor
 * do its assignments or reach rows, so its contribution to every figure is final. fold() adds the
 * contributions of finished orders not yet rolled up to kpi_day, per unit, Shanghai day of
 * registration and category, and marks the orders (work_order.kpi_rolled_up) in the same
 * transaction. The KPI query then reads whole days of finished orders from kpi_day and counts only
 * the rest from the orders themselves.
 *
 * The one figure that moves with time alone, an assignment neither signed nor returned counting
 * as due once its deadline passes, cannot move for a finished order: an order only finishes once
 * every level it was sent to has signed for it or returned it.
 */
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Transactor } from '../db/transaction';
import { OrgUnit } from '../orgs/org-unit.entity';
import type { OrgService } from '../orgs/org.service';
import { Assignment } from '../work-orders/assignment.entity';
import { FINAL_STATUSES } from '../work-orders/lifecycle';
import { WorkOrderReach } from '../work-orders/reach.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { Dialect, dialectOf } from './dialect';
import { ASSIGNMENT_FIGURES, FIGURE_NAMES, figureColumn, figureParameters, orderFigures } from './figures';

const BATCH = 1000;
const KEYS = ['unit_id', 'day', 'category'];
export class KpiRollup {
  private readonly dialect: Dialect;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly orgs: OrgService,
  ) {
    this.dialect = dialectOf(ds);
  }

  /** Rolls up every finished order not yet rolled up; returns how many. */
  async fold(now: Date): Promise<number> {
    let done = 0;
    for (;;) {
      // In the order they finished, along ix_work_order_kpi_fold; a rolled-up order leaves it.
      const rows = await this.ds.getRepository(WorkOrder).createQueryBuilder('o')
        .select('o.id', 'id')
        .where('o.kpi_rolled_up = :no AND o.closed_at IS NOT NULL AND o.status IN (:...final)', { no: false, final: FINAL_STATUSES })
        .orderBy('o.closed_at', 'ASC')
        .addOrderBy('o.id', 'ASC')
        .limit(BATCH)
        .getRawMany<{ id: number | string }>();
      if (!rows.length) return done;
      done += await this.tx.run((em) => this.foldChunk(em, rows.map((r) => Number(r.id)), now));
    }
  }

  private async foldChunk(em: EntityManager, candidates: number[], now: Date): Promise<number> {
    // Another instance may have rolled some up meanwhile: the flag, read under a lock, decides.
    const qb = em.getRepository(WorkOrder).createQueryBuilder('o').select('o.id', 'id')
      .where('o.id IN (:...candidates) AND o.kpi_rolled_up = :no', { candidates, no: false });
    if (em.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    const ids = (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
    if (!ids.length) return 0;
    const centre = await this.orgs.centre();
    const orders = () => em.createQueryBuilder(WorkOrder, 'o').where('o.id IN (:...ids)', { ids });
    // The centre's figures count every order; any other unit's the orders that reached it.
    await this.add(em, orders(), String(centre.id), 'order', now);
    await this.add(em, orders().innerJoin(WorkOrderReach, 'r', 'r.order_id = o.id AND r.unit_id <> :centre', { centre: centre.id }), 'r.unit_id', 'order', now);
    // An assignment counts for its unit and every unit above it: the order's reach rows on its path.
    await this.add(
      em,
      orders()
        .innerJoin(Assignment, 'a', 'a.order_id = o.id')
        .innerJoin(OrgUnit, 'au', 'au.id = a.unit_id')
        .innerJoin(WorkOrderReach, 'r', 'r.order_id = o.id')
        .innerJoin(OrgUnit, 'ru', 'ru.id = r.unit_id AND SUBSTR(au.path, 1, LENGTH(ru.path)) = ru.path'),
      'r.unit_id',
      'assignment',
      now,
    );
    await em.query(`UPDATE work_order SET kpi_rolled_up = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [1, ...ids]);
    return ids.length;
  }

  /** Adds one kind of figures of `qb`'s rows to kpi_day, by `unit`, day and category. */
  private async add(em: EntityManager, qb: SelectQueryBuilder<WorkOrder>, unit: string, kind: 'order' | 'assignment', now: Date) {
    const figures: Record<string, string> = kind === 'order' ? orderFigures(this.dialect) : ASSIGNMENT_FIGURES;
    const day = this.dialect.shanghaiDay('o.created_at');
    qb.select(unit, 'unit_id').addSelect(day, 'day').addSelect('o.category', 'category');
    // Each row carries every column; the other kind's figures are zero.
    for (const name of FIGURE_NAMES) qb.addSelect(figures[name] ?? '0', figureColumn(name));
    qb.groupBy(unit).addGroupBy(day).addGroupBy('o.category').setParameters(figureParameters(now));
    const [select, parameters] = qb.getQueryAndParameters();
    const columns = [...KEYS, ...FIGURE_NAMES.map(figureColumn)];
    // Selected by name from the query builder's SELECT, which orders its columns as it likes;
    // the WHERE keeps SQLite from reading ON CONFLICT as a join condition.
    await em.query(
      `INSERT INTO kpi_day (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM (${select}) figures WHERE 1 = 1`
      + this.dialect.addOnConflict('kpi_day', KEYS, columns.slice(KEYS.length)),
      parameters,
    );
  }
}
