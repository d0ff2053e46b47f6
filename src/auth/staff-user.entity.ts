import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Sealed } from '../privacy/field-crypto';

export const ROLES = ['agent', 'lawyer', 'handler', 'supervisor', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

@Entity('staff_user')
export class StaffUser {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_staff_user_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Index('ix_staff_user_unit')
  @Column({ type: 'integer' })
  unitId: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Wrong passwords in a row; the fifth locks the account for a while. */
  @Column({ type: 'integer', default: 0 })
  failedLogins: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  passwordChangedAt: Date | null;

  /**
   * The base32 TOTP secret, sealed (purpose `totp_secret`): pending enrolment while `totpEnabledAt`
   * is null, the second factor once set. Opened only to check a code; never presented or logged.
   */
  @Column({ name: 'totp_secret', type: 'varchar', length: 255, nullable: true })
  sealedTotpSecret: Sealed | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  totpEnabledAt: Date | null;

  /** The time step of the last code accepted: each code works once. */
  @Column({ type: 'integer', nullable: true })
  totpLastStep: number | null;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;
}
