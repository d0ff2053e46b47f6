/**
 * The deadline sweep: the one place where time moves orders along.
 *
 * Every order carries its running deadline (`next_due_at`), how far supervision of it has gone
 * (`sla_level`) and when the sweep must next look (`sla_check_at`, indexed). `processDue(now)`
 * takes the orders whose check time has come and applies each step that is due — 催办 reminder,
 * yellow card, red card with escalation to the unit above — exactly once, as timeline events.
 *
 * It is safe to run anywhere at once: a (job, tick) row lets one run per minute through, a lease
 * row keeps overlapping runs apart, and each order is advanced by a conditional UPDATE on its
 * version, so a step is never applied twice even if two sweeps reach the same order.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import type { Transactor } from '../db/transaction';
import { OrgUnit } from '../orgs/org-unit.entity';
import { WorkOrderEvent } from '../work-orders/event.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { JobLease, JobTick } from './job.entity';
import { Checkpoint, checkpoints } from './sla-policy';

export const SWEEP_JOB = 'sla-sweep';
const LEASE_MS = 5 * 60_000;
const BATCH = 500;

/** Timeline actions the sweep writes (the system is their actor). */
export const SLA_EVENT_ACTIONS = { remind: 'remind', yellow: 'yellow_card', red: 'red_card', escalate: 'escalate' } as const;

export interface SweepReport {
  ran: boolean;
  /** Why nothing ran: another run took this minute, or holds the lease. */
  skipped?: 'tick' | 'lease';
  orders: number;
  steps: number;
}

/** Called once per applied step, inside its transaction: notifications hang here. */
export type StepListener = (em: EntityManager, order: WorkOrder, step: Checkpoint, unitAbove: number | null) => Promise<void>;

export class DeadlineSweep {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly onStep: StepListener = async () => undefined,
    /** Identifies this server instance in the lease and tick tables. */
    private readonly holder: string = randomUUID(),
  ) {}

  async processDue(now: Date): Promise<SweepReport> {
    const report: SweepReport = { ran: false, orders: 0, steps: 0 };
    if (!(await this.claimTick(now))) return { ...report, skipped: 'tick' };
    if (!(await this.takeLease(now))) return { ...report, skipped: 'lease' };
    try {
      let after = 0;
      for (;;) {
        const due = await this.ds.getRepository(WorkOrder).find({
          select: { id: true, number: true, version: true, status: true, currentUnitId: true, nextDueAt: true, dueBasis: true, slaLevel: true },
          where: { slaCheckAt: LessThanOrEqual(now), id: MoreThan(after) },
          order: { id: 'ASC' },
          take: BATCH,
        });
        if (!due.length) break;
        const parents = await this.parentsOf(due.map((o) => o.currentUnitId));
        // One transaction a batch: each order's own conditional update still decides alone.
        await this.tx.run(async (em) => {
          for (const order of due) {
            const steps = await this.advance(em, order, now, parents.get(order.currentUnitId) ?? null);
            report.orders += steps ? 1 : 0;
            report.steps += steps;
          }
        });
        after = due[due.length - 1].id;
      }
      return { ...report, ran: true };
    } finally {
      // Released into the past, so a clock set back does not leave the lease looking taken.
      await this.ds.getRepository(JobLease).update({ job: SWEEP_JOB, holder: this.holder }, { expiresAt: new Date(0) });
    }
  }

  /** Applies the order's due steps; returns how many were applied. */
  private async advance(em: EntityManager, order: WorkOrder, now: Date, unitAbove: number | null): Promise<number> {
    const plan = order.nextDueAt && order.dueBasis
      ? checkpoints(order.nextDueAt, order.dueBasis).filter((c) => c.level > order.slaLevel)
      : [];
    const steps = plan.filter((c) => c.at <= now);
    const nextCheck = plan.find((c) => c.at > now)?.at ?? null;
    const updated = await em
      .createQueryBuilder()
      .update(WorkOrder)
      .set({ slaLevel: steps.at(-1)?.level ?? order.slaLevel, slaCheckAt: nextCheck })
      .where('id = :id AND version = :version', { id: order.id, version: order.version })
      .execute();
    // Someone changed the order meanwhile; its new deadline is already scheduled.
    if (updated.affected !== 1) return 0;
    for (const step of steps) {
      await this.record(em, order, step.kind, order.currentUnitId, now);
      if (step.kind === 'red' && unitAbove !== null) await this.record(em, order, 'escalate', unitAbove, now);
      await this.onStep(em, order, step, unitAbove);
    }
    return steps.length;
  }

  private async record(em: EntityManager, order: WorkOrder, kind: keyof typeof SLA_EVENT_ACTIONS, target: number, at: Date) {
    await em.getRepository(WorkOrderEvent).insert({
      orderId: order.id,
      action: SLA_EVENT_ACTIONS[kind],
      fromStatus: order.status,
      toStatus: order.status,
      actorId: null,
      actorUnitId: null,
      targetUnitId: target,
      detail: order.nextDueAt!.toISOString(),
      note: null,
      createdAt: at,
    });
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
