import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_CHANNELS = ['bot', 'wechat_subscribe', 'sms', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** What workers are told about their order. */
export const WORKER_KINDS = ['order_accepted', 'order_dispatched', 'order_extended', 'order_resolved', 'order_closed', 'order_status', 'reply_ready'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/** What staff desks are told. */
export const STAFF_KINDS = ['desk_new', 'overdue', 'escalated', 'urgent_alert'] as const;

export const NOTIFICATION_KINDS = [...WORKER_KINDS, ...STAFF_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * One message in the outbox, written in the transaction of the change that caused it and
 * delivered afterwards by the relay (at least once).
 */
@Entity('notification')
@Index('ix_notification_due', ['status', 'nextAttemptAt'])
export class Notification {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 24 })
  channel: NotificationChannel;

  /**
   * Per channel: the bot's contact id, the mini-program openid, a mobile number, or for
   * `webhook` an http(s) URL or `unit:<id>` (a staff desk, pushed to STAFF_WEBHOOK_URL).
   */
  @Column({ type: 'varchar', length: 500 })
  recipient: string;

  @Index('ix_notification_order')
  @Column({ type: 'integer', nullable: true })
  orderId: number | null;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  /** The message as people read it: order number and status, never personal data. */
  @Column({ type: 'varchar', length: 200 })
  text: string;

  /** JSON: the template data of a subscribe message. */
  @Column({ type: 'text', nullable: true })
  payload: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: NotificationStatus;

  /** Sends started so far; a claim increments it, which is what makes claims exclusive. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When `pending`: the earliest next try. When `sending`: when the claim lapses. Else null. */
  @Column({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime', nullable: true })
  sentAt: Date | null;
}
