import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only history of an order: one row per change, written in the change's transaction. */
@Entity('work_order_event')
@Index('ix_event_order', ['orderId', 'id'])
export class WorkOrderEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  orderId: number;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 16 })
  toStatus: string;

  /** Null for the system (deadline sweep, intake). */
  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'integer', nullable: true })
  actorUnitId: number | null;

  /** The unit the action points at: dispatch target, co-handler, reviewing unit. */
  @Column({ type: 'integer', nullable: true })
  targetUnitId: number | null;

  /** A sub-kind where the action has one: the supervision level, the revisit outcome. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  detail: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;
}
