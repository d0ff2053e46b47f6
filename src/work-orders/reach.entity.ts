import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Which units may see an order: every unit its chain or a co-handler reached, and all their
 * ancestors. Visibility then is one indexed lookup instead of a tree walk per row.
 */
@Entity('work_order_reach')
@Index('ix_reach_order', ['orderId'])
export class WorkOrderReach {
  @PrimaryColumn({ type: 'integer' })
  unitId: number;

  @PrimaryColumn({ type: 'integer' })
  orderId: number;
}
