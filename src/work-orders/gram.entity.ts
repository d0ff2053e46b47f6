import { Entity, PrimaryColumn } from 'typeorm';

/**
 * The text search index: for each two-character piece ("gram") of an order's summary or
 * employer, the orders whose texts hold it (see search.ts). Keyed gram first, so the orders
 * holding a gram are one range, newest last; on SQLite the key is the table itself (no rowid),
 * so a row costs one B-tree insert, not two.
 */
@Entity('work_order_gram', { withoutRowid: true })
export class WorkOrderGram {
  /** The two UTF-16 code units, case-folded, packed into one 32-bit integer. */
  @PrimaryColumn({ type: 'integer' })
  gram: number;

  @PrimaryColumn({ type: 'integer' })
  orderId: number;
}
