import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Workers' name, phone and ID number sealed at rest: the columns widen to hold ciphertexts, and
 * callers are found by a keyed hash of their phone instead of the phone itself.
 *
 * Rows written before are sealed right after the migrations by `sealLegacyValues` (prepare() in
 * src/server.ts), which has the configured keys; a migration has none.
 */
export class FieldCrypto1764810000000 implements MigrationInterface {
  name = 'FieldCrypto1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('worker', 'ix_worker_phone');
    await this.widen(q, [['name', 512], ['phone', 255], ['id_number', 255]]);
    await q.addColumn('worker', new TableColumn({ name: 'phone_hash', type: 'varchar', length: '64', isNullable: true }));
    await q.createIndex('worker', new TableIndex({ name: 'ix_worker_phone_hash', columnNames: ['phone_hash'] }));
  }

  /** The schema as it was; values already sealed do not fit it and would have to be opened first. */
  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('worker', 'ix_worker_phone_hash');
    await q.dropColumn('worker', 'phone_hash');
    await this.widen(q, [['name', 100], ['phone', 32], ['id_number', 32]]);
    await q.createIndex('worker', new TableIndex({ name: 'ix_worker_phone', columnNames: ['phone'] }));
  }

  private async widen(q: QueryRunner, columns: Array<[string, number]>): Promise<void> {
    if (q.connection.driver.options.type !== 'better-sqlite3') {
      // TypeORM's changeColumn drops and re-adds a MySQL column whose length changes: the data would go.
      for (const [name, length] of columns) await q.query(`ALTER TABLE \`worker\` MODIFY \`${name}\` varchar(${length}) NULL`);
      return;
    }
    // SQLite rebuilds the table, rows included.
    const table = (await q.getTable('worker'))!;
    await q.changeColumns(table, columns.map(([name, length]) => ({
      oldColumn: table.findColumnByName(name)!,
      newColumn: new TableColumn({ name, type: 'varchar', length: String(length), isNullable: true }),
    })));
  }
}
