import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions, TableIndex } from 'typeorm';

/** Contacts, petitioners of merged orders, lawyers' opinions; routing and merge keys on orders. */
export class Intake1764200000000 implements MigrationInterface {
  name = 'Intake1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const m = q.connection.driver.mappedDataTypes;
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
    const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const text = (name: string): TableColumnOptions => ({ name, type: 'text' });
    const date = (name: string): TableColumnOptions => ({ name, type: 'datetime', precision: 3 });

    await q.createTable(new Table({
      name: 'inbound_message',
      columns: [
        id, str('channel', 16), str('external_id', 128), int('worker_id', true), str('dedup_key', 64), text('text'),
        str('recording_url', 500, true), str('agent_ref', 64, true), str('category', 24),
        { name: 'urgent', type: 'boolean', default: 0 }, text('classification'), str('outcome', 16),
        int('order_id', true), int('article_id', true), date('received_at'),
        { name: 'created_at', type: 'datetime', precision: m.createDatePrecision, default: m.createDateDefault },
      ],
      indices: [
        new TableIndex({ name: 'uq_inbound_external', columnNames: ['channel', 'external_id'], isUnique: true }),
        new TableIndex({ name: 'ix_inbound_dedup', columnNames: ['dedup_key', 'received_at'] }),
        new TableIndex({ name: 'ix_inbound_outcome', columnNames: ['outcome', 'id'] }),
        new TableIndex({ name: 'ix_inbound_order', columnNames: ['order_id'] }),
      ],
    }), true);

    await q.createTable(new Table({
      name: 'order_petitioner',
      columns: [id, int('order_id'), int('worker_id', true), int('inbound_message_id', true), date('attached_at')],
      indices: [new TableIndex({ name: 'ix_petitioner_order', columnNames: ['order_id'] })],
    }), true);

    await q.createTable(new Table({
      name: 'legal_opinion',
      columns: [
        id, int('inbound_message_id'), int('order_id', true), int('lawyer_id'), text('facts'), text('legal_basis'),
        text('advice'), str('referral', 16), text('reply'), date('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_opinion_contact', columnNames: ['inbound_message_id'] })],
    }), true);

    // One row per merge key, locked while a contact decides whether to join an order (MySQL).
    await q.createTable(new Table({ name: 'merge_guard', columns: [str('merge_key', 64)].map((c) => ({ ...c, isPrimary: true })) }), true);

    await q.addColumns('work_order', [
      new TableColumn({ name: 'petitioner_count', type: 'integer', default: 1 }),
      new TableColumn({ name: 'suggested_unit_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'route_reason', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'employer_key', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'district_code', type: 'varchar', length: '12', isNullable: true }),
    ]);
    // 并单 looks for an open order of the same employer, place and category.
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_merge', columnNames: ['employer_key', 'district_code', 'category'] }));

    await q.addColumns('worker', [
      new TableColumn({ name: 'wechat_id', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'openid', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await q.createIndex('worker', new TableIndex({ name: 'ix_worker_phone', columnNames: ['phone'] }));
    await q.createIndex('worker', new TableIndex({ name: 'ix_worker_wechat', columnNames: ['wechat_id'] }));
    await q.createIndex('worker', new TableIndex({ name: 'ix_worker_openid', columnNames: ['openid'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const ix of ['ix_worker_openid', 'ix_worker_wechat', 'ix_worker_phone']) await q.dropIndex('worker', ix);
    await q.dropColumn('worker', 'openid');
    await q.dropColumn('worker', 'wechat_id');
    await q.dropIndex('work_order', 'ix_work_order_merge');
    for (const c of ['district_code', 'employer_key', 'route_reason', 'suggested_unit_id', 'petitioner_count']) {
      await q.dropColumn('work_order', c);
    }
    for (const t of ['merge_guard', 'legal_opinion', 'order_petitioner', 'inbound_message']) await q.dropTable(t, true);
  }
}
