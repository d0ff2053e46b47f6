/**
 * 结果公示: the centre publishes closed orders to the mini-program, in a summary and a result
 * written for the public. The text is checked against everyone the order names (its workers'
 * names, phones and ID numbers, the employer) and refused if it carries any of them; the
 * employer is shown masked and the place no finer than the district.
 */
import { DataSource, FindOptionsWhere } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import type { Role } from '../auth/staff-user.entity';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { isDuplicateKey } from '../sla/sweep';
import { WorkOrder } from '../work-orders/work-order.entity';
import type { WorkerIdentities } from '../workers/worker-identities';
import { identityIn, maskEmployer } from './desensitise';
import { petitionerWorkers } from './petitioners';
import { PublishedResult } from './published-result.entity';
import { districtOf } from '../regions/places';
import type { publishBody, resultsQuery } from './mp.schema';
import type { z } from 'zod';

const PUBLISHERS: readonly Role[] = ['agent', 'lawyer', 'supervisor', 'admin'];

export class ResultsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
    private readonly workers: WorkerIdentities,
  ) {}

  async publish(user: AuthUser, input: z.output<typeof publishBody>): Promise<PublishedResult> {
    requirePublisher(user);
    const order = await this.ds.getRepository(WorkOrder).findOneBy({ id: input.orderId });
    if (!order) throw notFound('工单');
    if (order.status !== 'closed') throw conflict('not_closed', '只有已办结的工单可以公示');
    const named = (await petitionerWorkers(this.ds, order.id)).map((w) => this.workers.open(w));
    const identities = [order.employer, order.employerKey, ...named.flatMap((w) => [w.name, w.phone, w.idNumber])];
    for (const field of ['summary', 'result'] as const) {
      const why = identityIn(input[field], identities);
      if (why) throw badRequest(`公示内容${why}`, [{ path: `body.${field}`, message: why }]);
    }
    const repo = this.ds.getRepository(PublishedResult);
    const published = () => conflict('already_published', '该工单已公示');
    if (await repo.existsBy({ orderId: order.id })) throw published();
    return repo.save(repo.create({
      orderId: order.id,
      category: order.category,
      regionCode: districtOf(order.regionCode)?.code ?? null,
      employerMasked: order.employer ? maskEmployer(order.employer) : null,
      summary: input.summary,
      result: input.result,
      publishedById: user.id,
      publishedAt: this.clock(),
    })).catch((err: unknown) => {
      // Two desks publishing at once: the unique order id lets one through.
      throw isDuplicateKey(err) ? published() : err;
    });
  }

  async withdraw(user: AuthUser, id: number): Promise<void> {
    requirePublisher(user);
    const removed = await this.ds.getRepository(PublishedResult).delete({ id });
    if (!removed.affected) throw notFound('公示');
  }

  /** Published results, newest first: what anyone may read. */
  async list(filter: z.output<typeof resultsQuery>): Promise<{ items: PublishedResult[]; total: number }> {
    const where: FindOptionsWhere<PublishedResult> = {};
    if (filter.category) where.category = filter.category;
    const [items, total] = await this.ds.getRepository(PublishedResult).findAndCount({
      where, order: { id: 'DESC' }, skip: (filter.page - 1) * filter.pageSize, take: filter.pageSize,
    });
    return { items, total };
  }
}

function requirePublisher(user: AuthUser): void {
  if (!user.unit.isCentre || !PUBLISHERS.includes(user.role)) throw forbidden('只有热线中心可以发布或撤回结果公示');
}
