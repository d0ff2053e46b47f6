import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Category } from '../work-orders/work-order.entity';

/**
 * 结果公示: a closed order the centre chose to show the public, in words written for it.
 * Holds only desensitised text: a masked employer, the district, and no person at all.
 */
@Entity('published_result')
export class PublishedResult {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_published_result_order', { unique: true })
  @Column({ type: 'integer' })
  orderId: number;

  @Column({ type: 'varchar', length: 24 })
  category: Category;

  /** District-level (or city) GB/T 2260 code: where, but not which street. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  employerMasked: string | null;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text' })
  result: string;

  @Column({ type: 'integer' })
  publishedById: number;

  @Column({ type: 'datetime', precision: 3 })
  publishedAt: Date;
}
