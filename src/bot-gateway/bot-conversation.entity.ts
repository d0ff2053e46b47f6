import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Sealed } from '../privacy/field-crypto';

/**
 * Where the bot's conversation with one WeChat contact stands (what was asked, what is known),
 * so a restart of the bot loses nothing. The row outlives its state: a contact without one has
 * never written before and is greeted.
 */
@Entity('bot_conversation')
export class BotConversation {
  /** The bot's contact id of the worker. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  senderId: string;

  /** JSON: the dialogue state (see state.ts), sealed: a complaint being collected holds the phone. */
  @Column({ type: 'text' })
  state: Sealed;

  /** Bumped by every turn; a turn saves only over the version it read. */
  @Column({ type: 'integer' })
  version: number;

  /** The last turn; the state lapses 30 minutes after it. */
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
