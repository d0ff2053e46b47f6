import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One message the bot handled and what it answered: the same message again gets the same answer. */
@Entity('bot_turn')
@Index('uq_bot_turn_message', ['senderId', 'messageId'], { unique: true })
export class BotTurn {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  senderId: string;

  @Column({ type: 'varchar', length: 128 })
  messageId: string;

  /** JSON array of the texts sent back. */
  @Column({ type: 'text' })
  replies: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
