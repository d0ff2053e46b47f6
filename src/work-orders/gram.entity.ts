import { Entity, PrimaryColumn } from 'typeorm';

/**
 * The text search index: for each two-character piece ("gram") of an order's summary or
 * employer, the orders whose texts hold it (see search.ts). Keyed gram first, so the orders
 * holding a gram are one range, newest last. Kept on MySQL/MariaDB only.
 */
@Entity('work_order_gram')
export class WorkOrderGram {
  /** The two UTF-16 code units, packed into one 32-bit integer (search.ts says which are taken). */
  @PrimaryColumn({ type: 'integer' })
  gram: number;

  @PrimaryColumn({ type: 'integer' })
  orderId: number;
}
