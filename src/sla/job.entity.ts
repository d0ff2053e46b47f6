import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who may run a scheduled job right now: taken by a conditional UPDATE, so one holder at a time. */
@Entity('job_lease')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  job: string;

  @Column({ type: 'varchar', length: 64 })
  holder: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;
}

/** One row per job run per tick: the primary key makes a second run of the same tick fail. */
@Entity('job_tick')
export class JobTick {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  job: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  tick: string;

  @Column({ type: 'varchar', length: 64 })
  holder: string;

  @Column({ type: 'datetime', precision: 3 })
  ranAt: Date;
}
