import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One level the order passed through: a unit it was dispatched to, with that unit's own
 * sign / return / report times. The active assignments of an order form its chain from the
 * centre down to the unit handling it now.
 */
@Entity('work_order_assignment')
// Holds what the KPIs count of an order's assignments as well (src/stats).
@Index('ix_assignment_order', ['orderId', 'seq', 'unitId', 'signDueAt', 'signedAt', 'returnedAt', 'reportedAt', 'handleDueAt'])
export class Assignment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  orderId: number;

  /** Position in the order's history of assignments, starting at 1. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'integer' })
  unitId: number;

  @Column({ type: 'integer' })
  fromUnitId: number;

  @Column({ type: 'integer' })
  dispatchedById: number;

  @Column({ type: 'datetime', precision: 3 })
  dispatchedAt: Date;

  /** The sign deadline this unit was held to. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  signDueAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  signedAt: Date | null;

  /** The latest handling deadline this unit was held to (extensions included). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  handleDueAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  returnedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  returnReason: string | null;

  /** A late return waiting for the centre's approval; its reason is kept in returnReason. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  returnRequestedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reportedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  result: string | null;

  /** False once returned, or once the levels above took the order back. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
