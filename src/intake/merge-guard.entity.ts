import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Serialises 并单 decisions per employer, place and category: a contact locks its key's row
 * before looking for an order to join, so two copies of the first complaint cannot both open one.
 */
@Entity('merge_guard')
export class MergeGuard {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  mergeKey: string;
}
