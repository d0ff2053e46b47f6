import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The 并单 lookup (same employer, district and category, registered in the last 30 days) gets the
 * registration time in its index. Without it SQLite preferred the (category, created_at) index,
 * reading every order of the category from the last 30 days for each complaint naming an employer.
 */
export class MergeIndexWithTime1764910000000 implements MigrationInterface {
  name = 'MergeIndexWithTime1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await this.merge(q, ['employer_key', 'district_code', 'category', 'created_at']);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.merge(q, ['employer_key', 'district_code', 'category']);
  }

  private async merge(q: QueryRunner, columnNames: string[]): Promise<void> {
    await q.dropIndex('work_order', 'ix_work_order_merge');
    await q.createIndex('work_order', new TableIndex({ name: 'ix_work_order_merge', columnNames }));
  }
}
