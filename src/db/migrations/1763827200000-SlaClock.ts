import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** Deadline bookkeeping on orders, and the lease/tick tables that keep the sweep single. */
export class SlaClock1763827200000 implements MigrationInterface {
  name = 'SlaClock1763827200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('work_order', [
      new TableColumn({ name: 'review_due_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'due_basis', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'stage_started_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'sla_level', type: 'integer', default: 0 }),
      new TableColumn({ name: 'sla_check_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_sla_check', columnNames: ['sla_check_at'] }));
    // Each level keeps the deadlines it was held to, for on-time rates long after.
    await q.addColumns('work_order_assignment', [
      new TableColumn({ name: 'sign_due_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'handle_due_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'return_requested_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await q.createTable(new Table({
      name: 'job_lease',
      columns: [
        { name: 'job', type: 'varchar', length: '64', isPrimary: true },
        { name: 'holder', type: 'varchar', length: '64' },
        { name: 'expires_at', type: 'datetime', precision: 3 },
      ],
    }), true);
    await q.createTable(new Table({
      name: 'job_tick',
      columns: [
        { name: 'job', type: 'varchar', length: '64', isPrimary: true },
        { name: 'tick', type: 'varchar', length: '32', isPrimary: true },
        { name: 'holder', type: 'varchar', length: '64' },
        { name: 'ran_at', type: 'datetime', precision: 3 },
      ],
    }), true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('job_tick', true);
    await q.dropTable('job_lease', true);
    await q.dropColumn('work_order_assignment', 'return_requested_at');
    await q.dropColumn('work_order_assignment', 'handle_due_at');
    await q.dropColumn('work_order_assignment', 'sign_due_at');
    await q.dropIndex('work_order', 'ix_work_order_sla_check');
    for (const c of ['sla_check_at', 'sla_level', 'stage_started_at', 'due_basis', 'review_due_at']) await q.dropColumn('work_order', c);
  }
}
