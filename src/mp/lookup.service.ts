import type { DataSource } from 'typeorm';
import { notFound } from '../http/errors';
import { WorkOrder } from '../work-orders/work-order.entity';
import type { WorkerIdentities } from '../workers/worker-identities';
import { petitionerWorkers } from './petitioners';
import { plainTimeline } from './timeline';

/**
 * Anyone may follow an order's progress with its number and the last four digits of a phone on
 * it (its worker's, or of anyone merged into it). A wrong pair and an unknown number look alike:
 * 404. The routes limit how often anyone may try.
 *
 * The order number narrows it to the order's few workers, whose sealed phones are opened here to
 * compare the last digits: no lookup by phone is involved.
 */
export class LookupService {
  constructor(
    private readonly ds: DataSource,
    private readonly workers: WorkerIdentities,
  ) {}

  async progress(number: string, phoneLast4: string) {
    const order = await this.ds.getRepository(WorkOrder).findOneBy({ number });
    const phones = order ? (await petitionerWorkers(this.ds, order.id)).map((w) => this.workers.phoneOf(w)?.replace(/\D/g, '') ?? '') : [];
    if (!order || !phones.some((p) => p.length >= 4 && p.endsWith(phoneLast4))) throw notFound('工单');
    return {
      number: order.number,
      status: order.status,
      createdAt: order.createdAt.toISOString(),
      timeline: await plainTimeline(this.ds, order.id, 'public'),
    };
  }
}
