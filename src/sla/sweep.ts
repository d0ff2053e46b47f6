/**
 * The deadline sweep: the one place where time moves orders along.
 *
 * Every order carries its running deadline (`next_due_at`), how far supervision of it has gone
 * (`sla_level`) and when the sweep must next look (`sla_check_at`, indexed). `processDue(now)`
 * takes the orders whose check time has come and applies each step that is due — 催办 reminder,
 * yellow card, red card with escalation to the unit above — exactly once, as timeline events.
 *
 * It is safe to run anywhere at once: a (job, tick) row lets one run per minute through, a lease
 * row keeps overlapping runs apart, and an order is advanced only if its version is still the one
 * read (checked under a row lock), so a step is never applied twice even if two sweeps reach the
 * same order.
 *
 * Orders are advanced in chunks, each in one transaction with a few set-based statements (one
 * UPDATE per outcome, one INSERT … SELECT per step for the events), so that an outage's backlog
 * clears in seconds rather than a statement per order and step.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { groupOf } from '../collections';
import type { Transactor } from '../db/transaction';
import { OrgUnit } from '../orgs/org-unit.entity';
import { WorkOrderEvent } from '../work-orders/event.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { JobLease, JobTick } from './job.entity';
import { Checkpoint, checkpoints, SLA_POLICY } from './sla-policy';

export const SWEEP_JOB = 'sla-sweep';
const LEASE_MS = 5 * 60_000;
const BATCH = 1000;
const LANES = 2;

/** Timeline actions the sweep writes (the system is their actor). */
export const SLA_EVENT_ACTIONS = { remind: 'remind', yellow: 'yellow_card', red: 'red_card', escalate: 'escalate' } as const;

export interface SweepReport {
  ran: boolean;
  /** Why nothing ran: another run took this minute, or holds the lease. */
  skipped?: 'tick' | 'lease';
  orders: number;
  steps: number;
}

/** A step the sweep applied to an order; unitAbove is the unit it escalates to at red (null: none). */
export interface AppliedStep {
  order: WorkOrder;
  step: Checkpoint;
  unitAbove: number | null;
}

/** The timeline rows of one step for a group of orders: see writeSteps. */
interface StepRows {
  action: (typeof SLA_EVENT_ACTIONS)[keyof typeof SLA_EVENT_ACTIONS];
  /** The unit the step points at; null: the unit holding the order. */
  target: number | null;
  detail: string | null;
  ids: number[];
}

/** Called with a chunk's applied steps, in order, inside the chunk's transaction: notifications hang here. */
export type StepListener = (em: EntityManager, steps: AppliedStep[]) => Promise<void>;

export class DeadlineSweep {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly onStep: StepListener = async () => undefined,
    /** Identifies this server instance in the lease and tick tables. */
    private readonly holder: string = randomUUID(),
    /** Orders per chunk (one transaction each). */
    private readonly batch: number = BATCH,
    /** Chunks advanced at once. */
    private readonly lanes: number = LANES,
  ) {}

  async processDue(now: Date): Promise<SweepReport> {
    const report: SweepReport = { ran: false, orders: 0, steps: 0 };
    if (!(await this.claimTick(now))) return { ...report, skipped: 'tick' };
    if (!(await this.takeLease(now))) return { ...report, skipped: 'lease' };
    try {
      // Most pressing first, along the sla_check_at index. An advanced order leaves the due set
      // (its next check lies after now), so each chunk starts again from the front; orders left
      // alone because someone changed them meanwhile are passed over for the rest of the run.
      const passedOver: number[] = [];
      for (;;) {
        const qb = this.ds.getRepository(WorkOrder).createQueryBuilder('o')
          .select(['o.id', 'o.number', 'o.version', 'o.status', 'o.currentUnitId', 'o.nextDueAt', 'o.dueBasis', 'o.slaLevel'])
          .where('o.sla_check_at <= :now', { now });
        if (passedOver.length) qb.andWhere('o.id NOT IN (:...passedOver)', { passedOver });
        const due = await qb.orderBy('o.slaCheckAt', 'ASC').addOrderBy('o.id', 'ASC').take(this.batch * this.lanes).getMany();
        if (!due.length) break;
        const parents = await this.parentsOf(due.map((o) => o.currentUnitId));
        // Chunks hold different orders, so their transactions lock different rows and can run
        // side by side: on MySQL each on its own connection (SQLite runs them one after another).
        const chunks = Array.from({ length: Math.ceil(due.length / this.batch) }, (_, i) => due.slice(i * this.batch, (i + 1) * this.batch));
        const results = await Promise.all(chunks.map((chunk) => this.tx.run((em) => this.advance(em, chunk, now, parents))));
        for (const { applied, changed } of results) {
          passedOver.push(...changed);
          report.orders += new Set(applied.map((a) => a.order.id)).size;
          report.steps += applied.length;
        }
      }
      return { ...report, ran: true };
    } finally {
      // Released into the past, so a clock set back does not leave the lease looking taken.
      await this.ds.getRepository(JobLease).update({ job: SWEEP_JOB, holder: this.holder }, { expiresAt: new Date(0) });
    }
  }

  /**
   * Applies the due steps of a chunk of orders, read outside the transaction; an order whose
   * version has moved since (someone acted on it) is left alone: its new deadline is already
   * scheduled. Returns the steps applied, order by order, and the orders left alone.
   */
  private async advance(
    em: EntityManager, due: WorkOrder[], now: Date, parents: Map<number, number | null>,
  ): Promise<{ applied: AppliedStep[]; changed: number[] }> {
    const current = await this.lockedVersions(em, due.map((o) => o.id));
    const outcomes = new Map<string, { level: number; check: Date | null; ids: number[] }>();
    const timeline = new Map<string, StepRows>();
    const applied: AppliedStep[] = [];
    const changed: number[] = [];
    for (const order of due) {
      if (current.get(order.id) !== order.version) {
        changed.push(order.id);
        continue;
      }
      const plan = order.nextDueAt && order.dueBasis
        ? checkpoints(order.nextDueAt, order.dueBasis).filter((c) => c.level > order.slaLevel)
        : [];
      const steps = plan.filter((c) => c.at <= now);
      const level = steps.at(-1)?.level ?? order.slaLevel;
      const check = plan.find((c) => c.at > now)?.at ?? null;
      // Orders whose deadlines fall on the same day share an outcome, and so one UPDATE.
      const key = `${level}:${check?.getTime() ?? ''}`;
      groupOf(outcomes, key, () => ({ level, check, ids: [] })).ids.push(order.id);
      const unitAbove = SLA_POLICY.cards.escalateWithRed ? parents.get(order.currentUnitId) ?? null : null;
      // Orders that passed the same steps of the same deadline share their timeline rows' values
      // but the order's own: one INSERT … SELECT per step writes them all. Keyed by the level the
      // order starts from as well, so that the groups, and their rows, come in step order.
      const detail = order.nextDueAt?.toISOString() ?? null;
      const rows = (kind: keyof typeof SLA_EVENT_ACTIONS, target: number | null) =>
        groupOf(timeline, `${order.slaLevel}:${detail}:${kind}:${target ?? ''}`, () => ({ action: SLA_EVENT_ACTIONS[kind], target, detail, ids: [] }))
          .ids.push(order.id);
      for (const step of steps) {
        applied.push({ order, step, unitAbove });
        rows(step.kind, null);
        if (step.kind === 'red' && unitAbove !== null) rows('escalate', unitAbove);
      }
    }
    for (const { level, check, ids } of outcomes.values()) {
      // The query builder also bumps the version, as every change to an order does.
      await em.createQueryBuilder().update(WorkOrder).set({ slaLevel: level, slaCheckAt: check }).where('id IN (:...ids)', { ids }).execute();
    }
    const createdAt = em.connection.getMetadata(WorkOrderEvent).findColumnWithPropertyName('createdAt')!;
    const at = em.connection.driver.preparePersistentValue(now, createdAt);
    for (const group of timeline.values()) await this.writeSteps(em, group, at);
    if (applied.length) await this.onStep(em, applied);
    return { applied, changed };
  }

  /**
   * The timeline rows of one step for many orders, made by the database from the orders' own rows
   * (an outage's backlog is hundreds of thousands of them; sent as values, the database spends as
   * long parsing them as storing them). The status is the order's, unchanged; the target is the
   * unit holding the order, or for an escalation the unit above; the actor and note stay NULL:
   * the system acted. `at` is the time they are stamped with, as the driver takes it.
   */
  private async writeSteps(em: EntityManager, { action, target, detail, ids }: StepRows, at: unknown): Promise<void> {
    await em.query(
      'INSERT INTO work_order_event (order_id, action, from_status, to_status, target_unit_id, detail, created_at) '
      + `SELECT id, ?, status, status, ${target === null ? 'current_unit_id' : '?'}, ?, ? FROM work_order WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
      [action, ...(target === null ? [] : [target]), detail, at, ...ids],
    );
  }

  /**
   * The orders' versions as of now, locked until the transaction ends. SQLite needs no lock:
   * its transactions run one at a time (see Transactor), and a write from another process
   * meanwhile makes this one fail rather than overwrite it.
   */
  private async lockedVersions(em: EntityManager, ids: number[]): Promise<Map<number, number>> {
    const qb = em.getRepository(WorkOrder).createQueryBuilder('o').select('o.id', 'id').addSelect('o.version', 'version').where('o.id IN (:...ids)', { ids });
    if (em.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    const rows = await qb.getRawMany<{ id: number | string; version: number | string }>();
    return new Map(rows.map((r) => [Number(r.id), Number(r.version)]));
  }

  private async parentsOf(unitIds: number[]): Promise<Map<number, number | null>> {
    const units = await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(unitIds)]) });
    return new Map(units.map((u) => [u.id, u.parentId]));
  }

  /** One run per minute across all instances: the (job, tick) primary key admits the first. */
  private async claimTick(now: Date): Promise<boolean> {
    const tick = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    try {
      await this.ds.getRepository(JobTick).insert({ job: SWEEP_JOB, tick, holder: this.holder, ranAt: now });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The lease is free when expired (a crashed holder's lease runs out by itself) or already ours. */
  private async takeLease(now: Date): Promise<boolean> {
    const repo = this.ds.getRepository(JobLease);
    const expiresAt = new Date(now.getTime() + LEASE_MS);
    const taken = await repo
      .createQueryBuilder()
      .update()
      .set({ holder: this.holder, expiresAt })
      .where('job = :job AND (expires_at <= :now OR holder = :holder)', { job: SWEEP_JOB, now, holder: this.holder })
      .execute();
    if (taken.affected === 1) return true;
    try {
      await repo.insert({ job: SWEEP_JOB, holder: this.holder, expiresAt });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}

/** A unique-key violation on either engine. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? '';
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT');
}
