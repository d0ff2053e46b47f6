import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Sealed } from '../privacy/field-crypto';

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

  /** JSON array of the texts sent back, sealed: they may repeat the worker's phone. */
  @Column({ type: 'text' })
  replies: Sealed;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
