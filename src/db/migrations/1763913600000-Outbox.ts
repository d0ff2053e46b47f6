import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The notification outbox: rows written with the change, delivered later by the relay. */
export class Outbox1763913600000 implements MigrationInterface {
  name = 'Outbox1763913600000';

  async up(q: QueryRunner): Promise<void> {
    const m = q.connection.driver.mappedDataTypes;
    await q.createTable(new Table({
      name: 'notification',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'channel', type: 'varchar', length: '24' },
        { name: 'recipient', type: 'varchar', length: '500' },
        { name: 'order_id', type: 'integer', isNullable: true },
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'text', type: 'varchar', length: '200' },
        { name: 'payload', type: 'text', isNullable: true },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        { name: 'next_attempt_at', type: 'datetime', isNullable: true },
        { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
        { name: 'created_at', type: 'datetime', precision: m.createDatePrecision, default: m.createDateDefault },
        { name: 'sent_at', type: 'datetime', isNullable: true },
      ],
      indices: [
        // The relay's one query: due rows of a status, oldest due first.
        new TableIndex({ name: 'ix_notification_due', columnNames: ['status', 'next_attempt_at'] }),
        new TableIndex({ name: 'ix_notification_order', columnNames: ['order_id'] }),
      ],
    }), true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification', true);
  }
}
