import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The hash-chained audit trail and its head row. */
export class Audit1764500000000 implements MigrationInterface {
  name = 'Audit1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const str = (name: string, length: number, isNullable = true) => ({ name, type: 'varchar', length: String(length), isNullable });
    await q.createTable(new Table({
      name: 'audit_log',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'at', type: 'datetime', precision: 3 },
        str('action', 32, false),
        { name: 'actor_id', type: 'integer', isNullable: true },
        str('actor_name', 64),
        { name: 'actor_unit_id', type: 'integer', isNullable: true },
        str('target_type', 32), str('target_id', 64), str('ip', 64),
        { name: 'detail', type: 'text', isNullable: true },
        str('prev_hash', 64, false), str('hash', 64, false),
      ],
      indices: [
        new TableIndex({ name: 'ix_audit_at', columnNames: ['at'] }),
        new TableIndex({ name: 'ix_audit_action_at', columnNames: ['action', 'at'] }),
        new TableIndex({ name: 'ix_audit_actor_at', columnNames: ['actor_id', 'at'] }),
      ],
    }), true);
    await q.createTable(new Table({
      name: 'audit_head',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true },
        { name: 'last_id', type: 'integer' },
        str('last_hash', 64, false),
      ],
    }), true);
    await q.query(`INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_head', true);
    await q.dropTable('audit_log', true);
  }
}
