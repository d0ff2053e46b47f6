import {
  Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn,
} from 'typeorm';
import type { DeadlineBasis } from '../sla/sla-policy';
import type { Status } from './lifecycle';

export const CHANNELS = ['hotline', 'wechat', 'miniprogram', 'walk_in', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = [
  'wages', 'contract', 'termination', 'social_insurance', 'injury', 'hours_leave',
  'safety', 'women', 'training', 'union', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DIFFICULTIES = ['normal', 'hard', 'complex'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** decimal columns come back as strings from mysql2 and numbers from SQLite. */
const money = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};

@Entity('work_order')
@Index('ix_work_order_merge', ['employerKey', 'districtCode', 'category', 'createdAt'])
@Index('ix_work_order_category_created', ['category', 'createdAt'])
@Index('ix_work_order_kpi_live', [
  'kpiRolledUp', 'createdAt', 'status', 'category', 'resultRating', 'serviceRating', 'resolvedAt', 'recoveredAmount',
])
@Index('ix_work_order_kpi_fold', ['kpiRolledUp', 'closedAt'])
export class WorkOrder {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_work_order_number', { unique: true })
  @Column({ type: 'varchar', length: 24 })
  number: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ type: 'varchar', length: 24, default: 'other' })
  category: Category;

  @Column({ type: 'boolean', default: false })
  mass: boolean;

  @Column({ type: 'boolean', default: false })
  crisis: boolean;

  @Column({ type: 'boolean', default: false })
  platform: boolean;

  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  @Column({ type: 'varchar', length: 16, default: 'normal' })
  difficulty: Difficulty;

  @Column({ type: 'varchar', length: 200 })
  summary: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  employer: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  regionCode: string | null;

  @Column({ type: 'integer', nullable: true })
  workerId: number | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Index('ix_work_order_status')
  @Column({ type: 'varchar', length: 16 })
  status: Status;

  @Index('ix_work_order_current_unit')
  @Column({ type: 'integer' })
  currentUnitId: number;

  /** The latest result reported upwards (办结上报), as approved so far. */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  @Column({ type: 'decimal', precision: 12, scale: 2, nullable: true, transformer: money })
  recoveredAmount: number | null;

  @Column({ type: 'integer', nullable: true })
  resultRating: number | null;

  @Column({ type: 'integer', nullable: true })
  serviceRating: number | null;

  @Column({ type: 'text', nullable: true })
  revisitComment: string | null;

  @Column({ type: 'integer', default: 0 })
  rehandleCount: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  signDueAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  handleDueAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reviewDueAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revisitDueAt: Date | null;

  /** The deadline running now (only one runs at a time). */
  @Index('ix_work_order_next_due')
  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextDueAt: Date | null;

  /** How the running deadline is counted: its reminder is timed accordingly. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  dueBasis: DeadlineBasis | null;

  /** When the current status at the current unit began: the deadline counts from here. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  stageStartedAt: Date | null;

  /** How far supervision of the running deadline has gone: 0 none, 1 reminded, 2 yellow, 3 red. */
  @Column({ type: 'integer', default: 0 })
  slaLevel: number;

  /** When the deadline sweep must next look at this order; null when nothing is pending. */
  @Index('ix_work_order_sla_check')
  @Column({ type: 'datetime', precision: 3, nullable: true })
  slaCheckAt: Date | null;

  /** Workers attached to this order: its first contact plus every contact merged into it (并单). */
  @Column({ type: 'integer', default: 1 })
  petitionerCount: number;

  /** Where intake's routing rules suggest handing it, and why. */
  @Column({ type: 'integer', nullable: true })
  suggestedUnitId: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  routeReason: string | null;

  /** Normalised employer name and the district code: with the category, the key for 并单. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  employerKey: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  districtCode: string | null;

  /** Null when the system registered it (intake). */
  @Column({ type: 'integer', nullable: true })
  registeredById: number | null;

  @Index('ix_work_order_created')
  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Index('ix_work_order_closed')
  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  /** Set once the retention period has passed and the worker's personal data was removed. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  pseudonymisedAt: Date | null;

  /** Whether kpi_day holds this (finished) order's figures (src/stats/rollup.ts). */
  @Column({ type: 'boolean', default: false })
  kpiRolledUp: boolean;

  @VersionColumn({ type: 'integer' })
  version: number;
}
