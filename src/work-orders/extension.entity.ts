import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

/** A request for more handling time (延期), decided by the unit above the handler. */
@Entity('work_order_extension')
@Index('ix_extension_order', ['orderId'])
export class Extension {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  orderId: number;

  @Column({ type: 'integer' })
  unitId: number;

  /** The unit that decides: the one that dispatched the order to `unitId`. */
  @Column({ type: 'integer' })
  deciderUnitId: number;

  @Column({ type: 'integer' })
  days: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: ExtensionStatus;

  @Column({ type: 'datetime', precision: 3 })
  requestedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;
}
