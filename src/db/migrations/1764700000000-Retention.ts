import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** When a finished order's personal data was pseudonymised under the retention rule. */
export class Retention1764700000000 implements MigrationInterface {
  name = 'Retention1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('work_order', new TableColumn({ name: 'pseudonymised_at', type: 'datetime', precision: 3, isNullable: true }));
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_closed', columnNames: ['closed_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('work_order', 'ix_work_order_closed');
    await q.dropColumn('work_order', 'pseudonymised_at');
  }
}
