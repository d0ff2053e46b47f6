import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { indexAllOrders } from '../../work-orders/search';

/**
 * The text search index (work_order_gram, see src/work-orders/search.ts), filled in for the
 * orders already registered, pseudonymised ones by the summary they keep.
 */
export class OrderGrams1764890000000 implements MigrationInterface {
  name = 'OrderGrams1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'work_order_gram',
      columns: [
        { name: 'gram', type: 'integer', isPrimary: true },
        { name: 'order_id', type: 'integer', isPrimary: true },
      ],
    }));
    await indexAllOrders(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('work_order_gram');
  }
}
