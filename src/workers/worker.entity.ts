import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person who contacts the hotline. Every field may be missing: workers may stay anonymous. */
@Entity('worker')
export class Worker {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @Index('ix_worker_phone')
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  idNumber: string | null;

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
