import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Indexes for the order lists. work_order_reach carries the order fields lists filter and sort
 * by (status, category, registration time, running deadline), with an index per filter, so a
 * unit's list no longer reads every order in its scope; the table is rebuilt with the copies
 * filled in from work_order. The centre's category filter gets the registration time alongside.
 */
export class ListIndexes1764815000000 implements MigrationInterface {
  name = 'ListIndexes1764815000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'work_order_reach_next',
      columns: [
        { name: 'unit_id', type: 'integer', isPrimary: true },
        { name: 'order_id', type: 'integer', isPrimary: true },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'category', type: 'varchar', length: '24' },
        { name: 'order_created_at', type: 'datetime', precision: 3 },
        { name: 'next_due_at', type: 'datetime', precision: 3, isNullable: true },
      ],
    }));
    await q.query(
      'INSERT INTO work_order_reach_next (unit_id, order_id, status, category, order_created_at, next_due_at) '
      + 'SELECT r.unit_id, r.order_id, o.status, o.category, o.created_at, o.next_due_at '
      + 'FROM work_order_reach r INNER JOIN work_order o ON o.id = r.order_id',
    );
    await q.dropTable('work_order_reach');
    await q.renameTable('work_order_reach_next', 'work_order_reach');
    for (const [name, columnNames] of [
      ['ix_reach_order', ['order_id']],
      ['ix_reach_unit_status', ['unit_id', 'status']],
      ['ix_reach_unit_category', ['unit_id', 'category', 'order_created_at']],
      ['ix_reach_unit_created', ['unit_id', 'order_created_at']],
      ['ix_reach_unit_due', ['unit_id', 'next_due_at']],
    ] as const) {
      await q.createIndex('work_order_reach', new TableIndex({ name, columnNames: [...columnNames] }));
    }
    await q.dropIndex('work_order', 'ix_work_order_category');
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_category_created', columnNames: ['category', 'created_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('work_order', 'ix_work_order_category_created');
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_category', columnNames: ['category'] }));
    for (const name of ['ix_reach_unit_due', 'ix_reach_unit_created', 'ix_reach_unit_category', 'ix_reach_unit_status']) {
      await q.dropIndex('work_order_reach', name);
    }
    for (const column of ['next_due_at', 'order_created_at', 'category', 'status']) await q.dropColumn('work_order_reach', column);
  }
}
