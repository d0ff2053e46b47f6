import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A login. Only the SHA-256 of the bearer token is stored, so a leaked table grants nothing. */
@Entity('session')
export class Session {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_session_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('ix_session_user')
  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  /** Last request with this token; a session idle too long ends. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastSeenAt: Date | null;

  /** Opened by an admin or supervisor without TOTP: good only for enrolling it. */
  @Column({ type: 'boolean', default: false })
  enrolmentOnly: boolean;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;
}
