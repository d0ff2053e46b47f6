import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions, TableIndex } from 'typeorm';

/** The mini-program: workers' logins, staff bindings, uploads, published results; anonymous contacts. */
export class MiniProgram1764400000000 implements MigrationInterface {
  name = 'MiniProgram1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
    const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const date = (name: string): TableColumnOptions => ({ name, type: 'datetime', precision: 3 });
    const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

    await q.createTable(new Table({
      name: 'worker_session',
      columns: [id, str('token_hash', 64), int('worker_id'), date('expires_at'), date('created_at')],
      indices: [index('uq_worker_session_token_hash', ['token_hash'], true), index('ix_worker_session_worker', ['worker_id'])],
    }), true);

    await q.createTable(new Table({
      name: 'staff_binding',
      columns: [id, str('openid', 64), int('staff_user_id'), date('created_at')],
      indices: [index('uq_staff_binding_openid', ['openid'], true), index('uq_staff_binding_staff', ['staff_user_id'], true)],
    }), true);

    await q.createTable(new Table({
      name: 'attachment',
      columns: [
        id, int('order_id', true), int('contact_id', true), str('kind', 8), str('mime', 32), int('size'),
        str('stored_name', 64), str('uploader_kind', 8), int('uploader_id'), date('created_at'),
      ],
      indices: [
        index('ix_attachment_order', ['order_id']),
        index('ix_attachment_contact', ['contact_id']),
        index('uq_attachment_stored_name', ['stored_name'], true),
      ],
    }), true);

    await q.createTable(new Table({
      name: 'published_result',
      columns: [
        id, int('order_id'), str('category', 24), str('region_code', 12, true), str('employer_masked', 200, true),
        { name: 'summary', type: 'text' }, { name: 'result', type: 'text' }, int('published_by_id'), date('published_at'),
      ],
      indices: [index('uq_published_result_order', ['order_id'], true)],
    }), true);

    await q.addColumn('inbound_message', new TableColumn({ name: 'anonymous', type: 'boolean', default: 0 }));
    // "My appeals": a worker's contacts, newest first.
    await q.createIndex('inbound_message', index('ix_inbound_worker', ['worker_id', 'id']));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('inbound_message', 'ix_inbound_worker');
    await q.dropColumn('inbound_message', 'anonymous');
    for (const t of ['published_result', 'attachment', 'staff_binding', 'worker_session']) await q.dropTable(t, true);
  }
}
