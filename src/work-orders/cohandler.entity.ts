import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A co-handling unit's own part of an order (协办): it signs and finishes its part only. */
@Entity('work_order_cohandler')
@Index('ix_cohandler_order', ['orderId'])
export class Cohandler {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  orderId: number;

  @Column({ type: 'integer' })
  unitId: number;

  @Column({ type: 'integer' })
  addedByUnitId: number;

  @Column({ type: 'text' })
  task: string;

  @Column({ type: 'datetime', precision: 3 })
  addedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  signedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  doneAt: Date | null;

  @Column({ type: 'text', nullable: true })
  result: string | null;
}
