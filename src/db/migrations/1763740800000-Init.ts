import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

/** The core schema, written with the Table API so one migration runs on SQLite and MySQL. */
export class Init1763740800000 implements MigrationInterface {
  name = 'Init1763740800000';

  async up(q: QueryRunner): Promise<void> {
    const m = q.connection.driver.mappedDataTypes;
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const int = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', ...extra });
    const str = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
      ({ name, type: 'varchar', length: String(length), ...extra });
    const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    // Booleans default to 0/1: both engines read those back as the entity metadata writes them.
    const bool = (name: string, dflt: boolean): TableColumnOptions => ({ name, type: 'boolean', default: dflt ? 1 : 0 });
    // Milliseconds kept: deadlines end at 23:59:59.999, which whole seconds would blur.
    const date = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    const stamp = (name: string): TableColumnOptions =>
      ({ name, type: 'datetime', precision: m.createDatePrecision, default: m.createDateDefault });
    // MySQL keeps update stamps current itself; SQLite relies on TypeORM setting them.
    const touched = (name: string): TableColumnOptions => ({
      ...stamp(name),
      onUpdate: q.connection.driver.options.type === 'better-sqlite3' ? undefined : `CURRENT_TIMESTAMP(${m.updateDatePrecision})`,
    });
    const table = async (name: string, columns: TableColumnOptions[], indices: TableIndex[] = []) =>
      q.createTable(new Table({ name, columns, indices }), true);
    const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

    await table('org_unit', [
      id, str('code', 12, { isNullable: true }), str('name', 100), str('level', 16), int('parent_id', { isNullable: true }),
      str('path', 255), bool('is_centre', false), stamp('created_at'),
    ], [index('uq_org_unit_code', ['code'], true), index('ix_org_unit_parent', ['parent_id']), index('ix_org_unit_path', ['path'])]);

    await table('staff_user', [
      id, str('username', 64), str('password_hash', 255), str('display_name', 100), str('role', 16), int('unit_id'),
      bool('active', true), stamp('created_at'),
    ], [index('uq_staff_user_username', ['username'], true), index('ix_staff_user_unit', ['unit_id'])]);

    await table('session', [
      id, str('token_hash', 64), int('user_id'), date('expires_at', false), date('revoked_at'), stamp('created_at'),
    ], [index('uq_session_token_hash', ['token_hash'], true), index('ix_session_user', ['user_id'])]);

    await table('worker', [
      id, str('name', 100, { isNullable: true }), str('phone', 32, { isNullable: true }), str('id_number', 32, { isNullable: true }),
      str('employer', 200, { isNullable: true }), str('region_code', 12, { isNullable: true }), stamp('created_at'),
    ]);

    await table('work_order', [
      id, str('number', 24), str('channel', 16), str('category', 24, { default: "'other'" }),
      bool('mass', false), bool('crisis', false), bool('platform', false), bool('urgent', false),
      str('difficulty', 16, { default: "'normal'" }), str('summary', 200), text('description', false),
      str('employer', 200, { isNullable: true }), str('region_code', 12, { isNullable: true }),
      int('worker_id', { isNullable: true }), bool('anonymous', false), str('status', 16), int('current_unit_id'),
      text('result'), { name: 'recovered_amount', type: 'decimal', precision: 12, scale: 2, isNullable: true },
      int('result_rating', { isNullable: true }), int('service_rating', { isNullable: true }), text('revisit_comment'),
      int('rehandle_count', { default: 0 }),
      date('sign_due_at'), date('handle_due_at'), date('revisit_due_at'), date('next_due_at'),
      int('registered_by_id', { isNullable: true }), stamp('created_at'), touched('updated_at'), date('resolved_at'), date('closed_at'),
      int('version'),
    ], [
      index('uq_work_order_number', ['number'], true), index('ix_work_order_category', ['category']),
      index('ix_work_order_status', ['status']), index('ix_work_order_current_unit', ['current_unit_id']),
      index('ix_work_order_next_due', ['next_due_at']), index('ix_work_order_created', ['created_at']),
    ]);

    await table('work_order_assignment', [
      id, int('order_id'), int('seq'), int('unit_id'), int('from_unit_id'), int('dispatched_by_id'),
      date('dispatched_at', false), date('signed_at'), date('returned_at'), text('return_reason'), date('reported_at'),
      text('result'), bool('active', true),
    ], [index('ix_assignment_order', ['order_id', 'seq'])]);

    await table('work_order_cohandler', [
      id, int('order_id'), int('unit_id'), int('added_by_unit_id'), text('task', false), date('added_at', false),
      date('signed_at'), date('done_at'), text('result'),
    ], [index('ix_cohandler_order', ['order_id'])]);

    await table('work_order_extension', [
      id, int('order_id'), int('unit_id'), int('decider_unit_id'), int('days'), text('reason', false), str('status', 16),
      date('requested_at', false), date('decided_at'), text('decision_note'),
    ], [index('ix_extension_order', ['order_id'])]);

    await table('work_order_event', [
      id, int('order_id'), str('action', 32), str('from_status', 16, { isNullable: true }), str('to_status', 16),
      int('actor_id', { isNullable: true }), int('actor_unit_id', { isNullable: true }), int('target_unit_id', { isNullable: true }),
      str('detail', 32, { isNullable: true }), text('note'), stamp('created_at'),
    ], [index('ix_event_order', ['order_id', 'id'])]);

    await table('work_order_reach', [
      int('unit_id', { isPrimary: true }), int('order_id', { isPrimary: true }),
    ], [index('ix_reach_order', ['order_id'])]);

    await table('day_counter', [str('day', 8, { isPrimary: true }), int('value')]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'day_counter', 'work_order_reach', 'work_order_event', 'work_order_extension', 'work_order_cohandler',
      'work_order_assignment', 'work_order', 'worker', 'session', 'staff_user', 'org_unit',
    ]) {
      await q.dropTable(name, true);
    }
  }
}
