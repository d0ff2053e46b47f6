import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The consultation knowledge base. */
export class Knowledge1764000000000 implements MigrationInterface {
  name = 'Knowledge1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const m = q.connection.driver.mappedDataTypes;
    const stamp = { type: 'datetime', precision: m.createDatePrecision, default: m.createDateDefault };
    await q.createTable(new Table({
      name: 'knowledge_article',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'title', type: 'varchar', length: '100' },
        { name: 'questions', type: 'text' },
        { name: 'answer', type: 'text' },
        { name: 'legal_basis', type: 'text' },
        { name: 'category', type: 'varchar', length: '24' },
        { name: 'published', type: 'boolean' },
        { name: 'updated_by_id', type: 'integer', isNullable: true },
        { name: 'created_at', ...stamp },
        // MySQL keeps update stamps current itself; SQLite relies on TypeORM setting them.
        {
          name: 'updated_at',
          ...stamp,
          onUpdate: q.connection.driver.options.type === 'better-sqlite3' ? undefined : `CURRENT_TIMESTAMP(${m.updateDatePrecision})`,
        },
        { name: 'version', type: 'integer' },
      ],
      indices: [new TableIndex({ name: 'ix_knowledge_article_category', columnNames: ['category'] })],
    }), true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('knowledge_article', true);
  }
}
