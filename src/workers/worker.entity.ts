import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Sealed } from '../privacy/field-crypto';

/**
 * A person who contacts the hotline. Every field may be missing: workers may stay anonymous.
 * Name, phone and ID number are stored sealed; WorkerIdentities seals and opens them.
 */
@Entity('worker')
export class Worker {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'name', type: 'varchar', length: 512, nullable: true })
  sealedName: Sealed | null;

  @Column({ name: 'phone', type: 'varchar', length: 255, nullable: true })
  sealedPhone: Sealed | null;

  /** The keyed hash of the phone's digits: how a caller is recognised by their number. */
  @Index('ix_worker_phone_hash')
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  @Column({ name: 'id_number', type: 'varchar', length: 255, nullable: true })
  sealedIdNumber: Sealed | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  employer: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  regionCode: string | null;

  /** The WeChat contact the bot talks to. */
  @Index('ix_worker_wechat')
  @Column({ type: 'varchar', length: 64, nullable: true })
  wechatId: string | null;

  /** The mini-program user (WeChat openid). */
  @Index('ix_worker_openid')
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid: string | null;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;
}
