import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The bot's conversations (one row per WeChat contact) and the messages it has answered. */
export class BotGateway1764300000000 implements MigrationInterface {
  name = 'BotGateway1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'bot_conversation',
      columns: [
        { name: 'sender_id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'state', type: 'text' },
        { name: 'version', type: 'integer' },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
    }), true);

    await q.createTable(new Table({
      name: 'bot_turn',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'sender_id', type: 'varchar', length: '64' },
        { name: 'message_id', type: 'varchar', length: '128' },
        { name: 'replies', type: 'text' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [new TableIndex({ name: 'uq_bot_turn_message', columnNames: ['sender_id', 'message_id'], isUnique: true })],
    }), true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('bot_turn', true);
    await q.dropTable('bot_conversation', true);
  }
}
