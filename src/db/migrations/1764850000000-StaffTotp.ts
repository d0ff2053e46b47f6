import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** TOTP second factor of staff accounts, and sessions that may only enrol it. */
export class StaffTotp1764850000000 implements MigrationInterface {
  name = 'StaffTotp1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('staff_user', [
      new TableColumn({ name: 'totp_secret', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'totp_enabled_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'totp_last_step', type: 'integer', isNullable: true }),
    ]);
    await q.addColumn('session', new TableColumn({ name: 'enrolment_only', type: 'boolean', default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('session', 'enrolment_only');
    for (const c of ['totp_last_step', 'totp_enabled_at', 'totp_secret']) await q.dropColumn('staff_user', c);
  }
}
