import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * A unit's text search reads its own reach rows: each carries copies of the order's number,
 * summary and employer, the texts `q` searches. Scanning the unit's stretch of this table replaces
 * fetching every order of its scope by key, which on a large data set meant reading most of the
 * orders table from disk. The table is rebuilt with the copies filled in from work_order.
 */
export class ReachSearchText1764880000000 implements MigrationInterface {
  name = 'ReachSearchText1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'work_order_reach_next',
      columns: [
        { name: 'unit_id', type: 'integer', isPrimary: true },
        { name: 'order_id', type: 'integer', isPrimary: true },
        { name: 'number', type: 'varchar', length: '24' },
        { name: 'summary', type: 'varchar', length: '200' },
        { name: 'employer', type: 'varchar', length: '200', isNullable: true },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'category', type: 'varchar', length: '24' },
        { name: 'order_created_at', type: 'datetime', precision: 3 },
        { name: 'next_due_at', type: 'datetime', precision: 3, isNullable: true },
      ],
    }));
    await q.query(
      'INSERT INTO work_order_reach_next (unit_id, order_id, number, summary, employer, status, category, order_created_at, next_due_at) '
      + 'SELECT r.unit_id, r.order_id, o.number, o.summary, o.employer, r.status, r.category, r.order_created_at, r.next_due_at '
      + 'FROM work_order_reach r INNER JOIN work_order o ON o.id = r.order_id',
    );
    await q.dropTable('work_order_reach');
    await q.renameTable('work_order_reach_next', 'work_order_reach');
    for (const [name, columnNames] of REACH_INDEXES) {
      await q.createIndex('work_order_reach', new TableIndex({ name, columnNames: [...columnNames] }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['employer', 'summary', 'number']) await q.dropColumn('work_order_reach', column);
  }
}

/** The reach table's indexes as of this migration. */
const REACH_INDEXES = [
  ['ix_reach_order', ['order_id']],
  ['ix_reach_unit_status', ['unit_id', 'status']],
  ['ix_reach_unit_category', ['unit_id', 'category', 'order_created_at']],
  ['ix_reach_unit_created', ['unit_id', 'order_created_at']],
  ['ix_reach_unit_due', ['unit_id', 'next_due_at']],
] as const;
