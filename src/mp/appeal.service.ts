/**
 * A worker's appeals (诉求) from the mini-program. An appeal is the worker's contact: it goes
 * through intake like any chat message, so classification, routing, 并单 and the urgent path all
 * apply, with the employer and place the worker picked in place of what the text suggests. The
 * photos and voice note are linked to it in the same transaction.
 *
 * A worker sees only their own appeals (any other id is 404). Their order's result and rating
 * are theirs only when the order is theirs; an appeal merged into another worker's order is
 * followed in plain words, never rated.
 */
import { DataSource, In } from 'typeorm';
import type { z } from 'zod';
import type { AttachmentService, LinkItem } from '../attachments/attachment.service';
import type { Attachment } from '../attachments/attachment.entity';
import type { Classification } from '../classification/classifier';
import { conflict, invalidField, notFound, unauthorized } from '../http/errors';
import { InboundMessage } from '../intake/inbound-message.entity';
import type { IntakeService } from '../intake/intake.service';
import { redactPersonalData } from '../privacy/redact';
import type { Action } from '../work-orders/lifecycle';
import { WorkOrder } from '../work-orders/work-order.entity';
import type { WorkOrderService } from '../work-orders/work-order.service';
import { Worker } from '../workers/worker.entity';
import type { WorkerIdentities } from '../workers/worker-identities';
import type { appealBody } from './mp.schema';
import { placeOf } from '../regions/places';
import { plainTimeline, Step } from './timeline';

export interface Appeal {
  contact: InboundMessage;
  classification: Classification;
  order: WorkOrder | null;
  /** The order was registered for this worker (not another's they were merged into). */
  ownOrder: boolean;
  timeline: Step[];
  attachments: Attachment[];
  allowedActions: Action[];
}

export interface Revisit {
  resultRating: number;
  serviceRating: number;
  comment?: string;
}

export class AppealService {
  constructor(
    private readonly ds: DataSource,
    private readonly intake: IntakeService,
    private readonly workOrders: WorkOrderService,
    private readonly attachments: AttachmentService,
    private readonly clock: () => Date,
    private readonly workers: WorkerIdentities,
  ) {}

  async submit(worker: Worker, input: z.output<typeof appealBody>): Promise<{ appeal: Appeal; repeated: boolean }> {
    if (!worker.openid) throw unauthorized('请重新进入小程序登录');
    const place = placeOf(input.regionCode);
    if (!place) throw invalidField('body.regionCode', '请选择广东省内的地区');
    const files: LinkItem[] = [
      ...input.photoIds.map((id, i): LinkItem => ({ id, kind: 'photo', path: `body.photoIds.${i}` })),
      ...(input.voiceId === undefined ? [] : [{ id: input.voiceId, kind: 'voice' as const, path: 'body.voiceId' }]),
    ];
    const { contact, repeated } = await this.intake.receive({
      channel: 'miniprogram',
      externalId: `${worker.id}:${input.requestId}`,
      sender: { openid: worker.openid },
      text: input.text,
      receivedAt: this.clock(),
      anonymous: input.anonymous,
      facts: { ...place.facts, ...(input.employer ? { employer: input.employer } : {}) },
    }, async (em, stored) => {
      // The callback number stays with the worker: the centre calls them on it, the lookup checks it.
      await em.getRepository(Worker).update({ id: worker.id }, this.workers.seal({ phone: input.phone }));
      await this.attachments.linkToContact(em, stored.id, worker.id, files);
    });
    return { appeal: await this.detail(worker, contact.id), repeated };
  }

  /** The worker's appeals, newest first, with the orders they became. */
  async list(worker: Worker, page: number, pageSize: number) {
    const [contacts, total] = await this.ds.getRepository(InboundMessage).findAndCount({
      where: { workerId: worker.id, channel: 'miniprogram' },
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const orderIds = contacts.map((c) => c.orderId).filter((x): x is number => x !== null);
    const orders = new Map((orderIds.length ? await this.ds.getRepository(WorkOrder).findBy({ id: In(orderIds) }) : []).map((o) => [o.id, o]));
    return { items: contacts.map((contact) => ({ contact, order: contact.orderId === null ? null : orders.get(contact.orderId) ?? null })), total };
  }

  async detail(worker: Worker, id: number): Promise<Appeal> {
    const contact = await this.mine(worker, id);
    const order = contact.orderId === null ? null : await this.ds.getRepository(WorkOrder).findOneBy({ id: contact.orderId });
    const ownOrder = order?.workerId === worker.id;
    return {
      contact,
      classification: JSON.parse(contact.classification) as Classification,
      order,
      ownOrder,
      timeline: await this.timeline(contact, order, ownOrder),
      attachments: await this.attachments.forAppeal(worker.id, contact),
      allowedActions: order && ownOrder ? await this.workOrders.workerActions(worker.id, order) : [],
    };
  }

  /** The worker's own rating of their handled order: satisfied closes it, unsatisfied re-opens it (重办). */
  async revisit(worker: Worker, id: number, input: Revisit): Promise<Appeal> {
    const appeal = await this.detail(worker, id);
    if (!appeal.order || !appeal.ownOrder) throw conflict('not_ratable', '该诉求没有可评价的办理结果');
    // The comment is read by the unit that handled the order, as the order's text is.
    const rating = input.comment === undefined ? input : { ...input, comment: redactPersonalData(input.comment) };
    await this.workOrders.actAsWorker(worker.id, appeal.order.id, 'revisit', rating);
    return this.detail(worker, id);
  }

  private async mine(worker: Worker, id: number): Promise<InboundMessage> {
    const contact = await this.ds.getRepository(InboundMessage).findOneBy({ id, workerId: worker.id, channel: 'miniprogram' });
    if (!contact) throw notFound('诉求');
    return contact;
  }

  private async timeline(contact: InboundMessage, order: WorkOrder | null, ownOrder: boolean): Promise<Step[]> {
    const submitted = contact.receivedAt.toISOString();
    if (!order) return [{ at: submitted, text: '诉求已提交，等待律师解答' }];
    if (ownOrder) return plainTimeline(this.ds, order.id, 'owner');
    // Merged into another worker's order: from the moment this worker joined it, in public words.
    const joined = (await plainTimeline(this.ds, order.id, 'public')).filter((s) => s.at >= submitted);
    return [{ at: submitted, text: '诉求已提交，与同类诉求合并办理' }, ...joined];
  }
}
