import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CONTACT_CHANNELS = ['hotline', 'wechat', 'miniprogram'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** What became of a contact. */
export const OUTCOMES = ['answered', 'order', 'merged', 'lawyer_queue'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Every contact as it arrived — a finished call or a chat message — with its classification and
 * what it produced, written in the same transaction as that.
 */
@Entity('inbound_message')
@Index('uq_inbound_external', ['channel', 'externalId'], { unique: true })
@Index('ix_inbound_dedup', ['dedupKey', 'receivedAt'])
@Index('ix_inbound_outcome', ['outcome', 'id'])
@Index('ix_inbound_worker', ['workerId', 'id'])
export class InboundMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  channel: ContactChannel;

  /** The call id or the channel's message id: retries carry the same one. */
  @Column({ type: 'varchar', length: 128 })
  externalId: string;

  @Column({ type: 'integer', nullable: true })
  workerId: number | null;

  /** Hash of sender and text: the same words from the same sender within seconds are one message. */
  @Column({ type: 'varchar', length: 64 })
  dedupKey: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  recordingUrl: string | null;

  /** The call-centre agent who took the call, as the call-centre system names them. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  agentRef: string | null;

  @Column({ type: 'varchar', length: 24 })
  category: string;

  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  /** The worker asked that handling units never see who they are (the mini-program's switch). */
  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  /** The classifier's whole answer, evidence included, as JSON. */
  @Column({ type: 'text' })
  classification: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: Outcome;

  @Index('ix_inbound_order')
  @Column({ type: 'integer', nullable: true })
  orderId: number | null;

  @Column({ type: 'integer', nullable: true })
  articleId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt: Date;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;
}
