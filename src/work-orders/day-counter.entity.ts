import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last order number handed out per Shanghai calendar day (GD-YYYYMMDD-NNNNNN). */
@Entity('day_counter')
export class DayCounter {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  @Column({ type: 'integer' })
  value: number;
}
