import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const REFERRALS = ['legal_aid', 'arbitration', '12348', 'none'] as const;
export type Referral = (typeof REFERRALS)[number];

/** A lawyer's structured opinion on a contact; the text sent to the worker is kept apart from it. */
@Entity('legal_opinion')
@Index('ix_opinion_contact', ['inboundMessageId'])
export class LegalOpinion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  inboundMessageId: number;

  @Column({ type: 'integer', nullable: true })
  orderId: number | null;

  @Column({ type: 'integer' })
  lawyerId: number;

  @Column({ type: 'text' })
  facts: string;

  @Column({ type: 'text' })
  legalBasis: string;

  @Column({ type: 'text' })
  advice: string;

  @Column({ type: 'varchar', length: 16 })
  referral: Referral;

  @Column({ type: 'text' })
  reply: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
