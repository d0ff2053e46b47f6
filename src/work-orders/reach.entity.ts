import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Status } from './lifecycle';
import type { Category } from './work-order.entity';

/**
 * Which units may see an order: every unit its chain or a co-handler reached, and all their
 * ancestors. Visibility then is one indexed lookup instead of a tree walk per row.
 *
 * Each row also carries copies of the order fields that lists filter, sort and search by, kept
 * in step with the order in the same transaction: a unit's list is then read off its own rows
 * and indexes, and a text search scans the unit's own rows, without touching every order in its
 * scope.
 */
@Entity('work_order_reach')
@Index('ix_reach_order', ['orderId'])
@Index('ix_reach_unit_status', ['unitId', 'status'])
@Index('ix_reach_unit_category', ['unitId', 'category', 'orderCreatedAt'])
@Index('ix_reach_unit_created', ['unitId', 'orderCreatedAt'])
@Index('ix_reach_unit_due', ['unitId', 'nextDueAt'])
export class WorkOrderReach {
  @PrimaryColumn({ type: 'integer' })
  unitId: number;

  @PrimaryColumn({ type: 'integer' })
  orderId: number;

  @Column({ type: 'varchar', length: 24 })
  number: string;

  @Column({ type: 'varchar', length: 200 })
  summary: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  employer: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: Status;

  @Column({ type: 'varchar', length: 24 })
  category: Category;

  /** The order's registration time (work_order.created_at). */
  @Column({ type: 'datetime', precision: 3 })
  orderCreatedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextDueAt: Date | null;
}
