import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { resizeVarchars } from './resize';

/**
 * Workers' name, phone and ID number sealed at rest: the columns widen to hold ciphertexts, and
 * callers are found by a keyed hash of their phone instead of the phone itself.
 *
 * Rows written before are sealed right after the migrations by `reseal(…, 'legacy')` (prepare() in
 * src/server.ts), which has the configured keys; a migration has none.
 */
export class FieldCrypto1764810000000 implements MigrationInterface {
  name = 'FieldCrypto1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('worker', 'ix_worker_phone');
    await resizeVarchars(q, 'worker', [['name', 512], ['phone', 255], ['id_number', 255]]);
    await q.addColumn('worker', new TableColumn({ name: 'phone_hash', type: 'varchar', length: '64', isNullable: true }));
    await q.createIndex('worker', new TableIndex({ name: 'ix_worker_phone_hash', columnNames: ['phone_hash'] }));
  }

  /** The schema as it was; values already sealed do not fit it and would have to be opened first. */
  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('worker', 'ix_worker_phone_hash');
    await q.dropColumn('worker', 'phone_hash');
    await resizeVarchars(q, 'worker', [['name', 100], ['phone', 32], ['id_number', 32]]);
    await q.createIndex('worker', new TableIndex({ name: 'ix_worker_phone', columnNames: ['phone'] }));
  }
}
