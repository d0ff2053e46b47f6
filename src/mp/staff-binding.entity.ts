import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A WeChat user (mini-program openid) bound to a staff account: one account per WeChat user and back. */
@Entity('staff_binding')
export class StaffBinding {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_staff_binding_openid', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @Index('uq_staff_binding_staff', { unique: true })
  @Column({ type: 'integer' })
  staffUserId: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
