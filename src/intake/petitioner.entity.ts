import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A worker attached to an order: its first contact, and every later one merged into it (并单). */
@Entity('order_petitioner')
@Index('ix_petitioner_order', ['orderId'])
export class Petitioner {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  orderId: number;

  @Column({ type: 'integer', nullable: true })
  workerId: number | null;

  @Column({ type: 'integer', nullable: true })
  inboundMessageId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  attachedAt: Date;
}
