import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Lockout after repeated failed logins, idle session expiry, password age. */
export class StaffSecurity1764600000000 implements MigrationInterface {
  name = 'StaffSecurity1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('staff_user', [
      new TableColumn({ name: 'failed_logins', type: 'integer', default: 0 }),
      new TableColumn({ name: 'locked_until', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'password_changed_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await q.addColumn('session', new TableColumn({ name: 'last_seen_at', type: 'datetime', precision: 3, isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('session', 'last_seen_at');
    for (const c of ['password_changed_at', 'locked_until', 'failed_logins']) await q.dropColumn('staff_user', c);
  }
}
