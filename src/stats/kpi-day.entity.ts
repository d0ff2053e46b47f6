import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The KPI figures (figures.ts) of finished orders, added up per unit, Shanghai day of
 * registration and category (see rollup.ts). The order figures of a unit cover the orders that
 * reached it (the centre's: every order); its assignment figures the assignments to it or below.
 */
@Entity('kpi_day')
export class KpiDay {
  @PrimaryColumn({ type: 'integer' })
  unitId: number;

  /** YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  category: string;

  @Column({ type: 'integer' })
  orderRows: number;

  @Column({ type: 'integer' })
  orders: number;

  @Column({ type: 'integer' })
  notCancelled: number;

  @Column({ type: 'integer' })
  resolved: number;

  @Column({ type: 'integer' })
  firstContact: number;

  @Column({ type: 'integer' })
  resultRated: number;

  @Column({ type: 'integer' })
  resultSatisfied: number;

  @Column({ type: 'integer' })
  serviceRated: number;

  @Column({ type: 'integer' })
  serviceSatisfied: number;

  @Column({ type: 'integer' })
  handlingOrders: number;

  /** bigint and decimal: strings, as the drivers return them. */
  @Column({ type: 'bigint' })
  handlingSeconds: string;

  @Column({ type: 'decimal', precision: 16, scale: 2 })
  wagesRecovered: string;

  @Column({ type: 'integer' })
  assignments: number;

  @Column({ type: 'integer' })
  returned: number;

  @Column({ type: 'integer' })
  signDue: number;

  @Column({ type: 'integer' })
  signedOnTime: number;

  @Column({ type: 'integer' })
  reported: number;

  @Column({ type: 'integer' })
  reportedOnTime: number;
}
