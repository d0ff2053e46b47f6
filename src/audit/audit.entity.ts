import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** `read_identity`: identities shown in full before reveal existed; kept for the rows that say so. */
export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'logout', 'read_identity', 'reveal_identity', 'export', 'denied',
  // The TOTP second factor: turned on, turned off by its owner, reset by an admin, a wrong or reused code.
  'totp_enrolled', 'totp_disabled', 'totp_reset', 'totp_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The audit trail: append-only, each row carrying the hash of the one before, so a changed or
 * deleted row breaks the chain where `npm run audit:verify` finds it.
 */
@Entity('audit_log')
@Index('ix_audit_at', ['at'])
@Index('ix_audit_action_at', ['action', 'at'])
@Index('ix_audit_actor_at', ['actorId', 'at'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 32 })
  action: AuditAction;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  /** The username tried, for failed logins; the actor's otherwise. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorName: string | null;

  @Column({ type: 'integer', nullable: true })
  actorUnitId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** What else matters (the path of a denied request, the filter of an export), as JSON. */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}

/** The chain's head: its lock serialises appends, and its hash detects rows cut off the end. */
@Entity('audit_head')
export class AuditHead {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  lastId: number;

  @Column({ type: 'varchar', length: 64 })
  lastHash: string;
}
