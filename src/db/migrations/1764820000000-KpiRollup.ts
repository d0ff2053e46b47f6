import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

const KPI_LIVE = [
  'kpi_rolled_up', 'created_at', 'status', 'category', 'result_rating', 'service_rating', 'resolved_at', 'recovered_amount',
];
const ASSIGNMENT_ORDER = ['order_id', 'seq', 'unit_id', 'sign_due_at', 'signed_at', 'returned_at', 'reported_at', 'handle_due_at'];

/**
 * kpi_day: the KPI figures of finished orders per unit, day and category; which orders it holds;
 * and indexes that hold every column the KPIs count of the orders it does not hold yet.
 */
export class KpiRollup1764820000000 implements MigrationInterface {
  name = 'KpiRollup1764820000000';

  async up(q: QueryRunner): Promise<void> {
    const int = (name: string) => ({ name, type: 'integer' });
    await q.createTable(new Table({
      name: 'kpi_day',
      columns: [
        { name: 'unit_id', type: 'integer', isPrimary: true },
        { name: 'day', type: 'varchar', length: '10', isPrimary: true },
        { name: 'category', type: 'varchar', length: '24', isPrimary: true },
        ...['order_rows', 'orders', 'not_cancelled', 'resolved', 'first_contact', 'result_rated', 'result_satisfied',
          'service_rated', 'service_satisfied', 'handling_orders'].map(int),
        { name: 'handling_seconds', type: 'bigint' },
        { name: 'wages_recovered', type: 'decimal', precision: 16, scale: 2 },
        ...['assignments', 'returned', 'sign_due', 'signed_on_time', 'reported', 'reported_on_time'].map(int),
      ],
    }), true);
    await q.addColumn('work_order', new TableColumn({ name: 'kpi_rolled_up', type: 'boolean', default: 0 }));
    // The KPI query reads the orders not rolled up by registration time, off the index alone; the
    // roll-up finds the finished ones by when they finished.
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_kpi_live', columnNames: KPI_LIVE }));
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_kpi_fold', columnNames: ['kpi_rolled_up', 'closed_at'] }));
    // The assignments of those orders, likewise.
    await q.dropIndex('work_order_assignment', 'ix_assignment_order');
    await q.createIndex('work_order_assignment', new TableIndex({ name: 'ix_assignment_order', columnNames: ASSIGNMENT_ORDER }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('work_order_assignment', 'ix_assignment_order');
    await q.createIndex('work_order_assignment', new TableIndex({ name: 'ix_assignment_order', columnNames: ['order_id', 'seq'] }));
    await q.dropIndex('work_order', 'ix_work_order_kpi_fold');
    await q.dropIndex('work_order', 'ix_work_order_kpi_live');
    await q.dropColumn('work_order', 'kpi_rolled_up');
    await q.dropTable('kpi_day');
  }
}
