import type { DataSource } from 'typeorm';
import type { OrgService } from '../orgs/org.service';
import { WorkOrderEvent } from '../work-orders/event.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import type { OrderView } from './messages';

/** Orders a worker sees in "我的工单". */
const LIST_LIMIT = 5;
/** Timeline rows shown with one order. */
const STEP_LIMIT = 3;

/**
 * The steps of an order that mean something to the worker. Returns, supervision, review
 * rejections and deadline reminders are the unions' business. A cancellation's note is its reason
 * and the lawful route, written for the worker; other notes are for staff.
 */
const WORKER_STEPS = new Set(['register', 'answer', 'dispatch', 'redispatch', 'sign', 'approve_extension', 'report', 'approve', 'revisit', 'cancel', 'merge']);
const STEPS_WITH_NOTE = new Set(['cancel']);

/**
 * A worker's orders as the bot shows them: only orders the sender is a petitioner on — their own,
 * and those their contact was merged into (并单) — so a number alone reveals nothing.
 */
export class Progress {
  constructor(
    private readonly ds: DataSource,
    private readonly orgs: OrgService,
  ) {}

  /** The sender's latest orders, newest first. */
  list(senderId: string): Promise<WorkOrder[]> {
    return this.mine(senderId).orderBy('o.id', 'DESC').take(LIST_LIMIT).getMany();
  }

  /** One of the sender's orders, with its latest steps; null if it is not theirs (or does not exist). */
  async find(senderId: string, number: string): Promise<OrderView | null> {
    const order = await this.mine(senderId).andWhere('o.number = :number', { number }).getOne();
    if (!order) return null;
    const events = (await this.ds.getRepository(WorkOrderEvent).find({ where: { orderId: order.id }, order: { id: 'DESC' } }))
      .filter((e) => WORKER_STEPS.has(e.action))
      .slice(0, STEP_LIMIT);
    const unitIds = [order.currentUnitId, ...events.map((e) => e.targetUnitId).filter((u): u is number => u !== null)];
    const units = new Map((await this.orgs.byIds(unitIds)).map((u) => [u.id, u.name]));
    return {
      number: order.number,
      category: order.category,
      status: order.status,
      unit: units.get(order.currentUnitId) ?? null,
      steps: events.map((e) => ({
        at: e.createdAt,
        action: e.action,
        unit: e.targetUnitId === null ? null : units.get(e.targetUnitId) ?? null,
        note: STEPS_WITH_NOTE.has(e.action) ? e.note : null,
      })),
      answer: order.status === 'answered' ? order.result : null,
    };
  }

  private mine(senderId: string) {
    return this.ds.getRepository(WorkOrder).createQueryBuilder('o').where(
      'o.id IN (SELECT p.order_id FROM order_petitioner p INNER JOIN worker w ON w.id = p.worker_id WHERE w.wechat_id = :senderId)',
      { senderId },
    );
  }
}
