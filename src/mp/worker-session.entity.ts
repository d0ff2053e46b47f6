import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A mini-program login of a worker. Like staff sessions, only the SHA-256 of the token is kept;
 * WeChat's session_key is never stored (nothing here decrypts WeChat user data).
 */
@Entity('worker_session')
export class WorkerSession {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_worker_session_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('ix_worker_session_worker')
  @Column({ type: 'integer' })
  workerId: number;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
