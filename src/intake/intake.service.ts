/**
 * Intake (受理): every contact — a finished hotline call, a chat message — is stored, classified
 * and turned into what it needs, in one transaction with what it produced:
 *
 * - a consultation the knowledge base answers confidently → an order answered at first contact;
 * - a consultation nobody can answer confidently, or a message the classifier cannot place →
 *   the lawyers' queue;
 * - a complaint → a registered order with a suggested unit, or, when an open order already has
 *   the same employer, district and category from the last 30 days, another petitioner on it (并单);
 * - a mass incident or a crisis skips the queue: the order is dispatched at once to the suggested
 *   unit, which starts its one-hour sign deadline.
 *
 * Retries are harmless: the same call id or message id, or the same words from the same sender
 * within ten seconds, return what the first one produced.
 */
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import { classify, Classification } from '../classification/classifier';
import { firstId, insertRow } from '../db/bulk';
import type { Transactor } from '../db/transaction';
import type { Route } from '../dispatch/routing';
import { suggestRoute } from '../dispatch/suggest';
import { conflict, forbidden, invalidField, notFound } from '../http/errors';
import { KnowledgeArticle } from '../knowledge/knowledge-article.entity';
import { enqueue } from '../notifications/outbox';
import { replyReady } from '../notifications/triggers';
import type { OrgService } from '../orgs/org.service';
import { redactPersonalData } from '../privacy/redact';
import { isDuplicateKey } from '../sla/sweep';
import { Worker } from '../workers/worker.entity';
import type { WorkerIdentities } from '../workers/worker-identities';
import type { Actor } from '../work-orders/lifecycle';
import { mergeKeys } from '../work-orders/merge-key';
import { WorkOrder } from '../work-orders/work-order.entity';
import { summaryOf, type OrderBundle, type WorkOrderService } from '../work-orders/work-order.service';
import { ContactChannel, InboundMessage, Outcome } from './inbound-message.entity';
import { LegalOpinion, Referral } from './legal-opinion.entity';
import { Petitioner } from './petitioner.entity';

/** A knowledge base that can answer a consultation outright, when it is confident. */
export interface AnswerSource {
  answerFor(text: string): Promise<{ article: { id: number; title: string; answer: string; legalBasis: string } } | null>;
}

export interface ContactInput {
  channel: ContactChannel;
  externalId: string;
  sender: { phone?: string; wechatId?: string; openid?: string };
  text: string;
  recordingUrl?: string | null;
  agentRef?: string | null;
  receivedAt: Date;
  /** Handling units must never see who the worker is (the order is registered anonymous). */
  anonymous?: boolean;
  /** What the worker stated in a form (the mini-program): it outranks what the text suggests. */
  facts?: StatedFacts;
  /**
   * What the worker asked for in so many words (the bot's dialogue), which outranks the reading of
   * the text: `person` — a person answers, not the knowledge base (转人工); `complaint` — a
   * complaint they confirmed, never answered from the knowledge base nor queued as a question.
   */
  asked?: 'person' | 'complaint';
}

/** Employer and place as the worker picked them; a place is given with all its levels. */
export type StatedFacts = Partial<Pick<Classification, 'employer' | 'city' | 'district' | 'town' | 'cityCode' | 'districtCode' | 'townCode'>>;

/** Runs inside the transaction that stored a new contact (not for a repeat): what came with it. */
export type WithContact = (em: EntityManager, contact: InboundMessage) => Promise<void>;

export interface Opinion {
  facts: string;
  legalBasis: string;
  advice: string;
  referral: Referral;
  reply: string;
}

/** What an order registered for a contact is made from. */
interface OrderFromContact {
  workerId: number | null;
  contact: { channel: ContactChannel; text: string; anonymous?: boolean };
  classification: Classification;
  route: Route | null;
  actor: Actor;
  /** Tell the worker their order's number; not for an order answered as it is registered. */
  announce: boolean;
  /** The worker as intake just found them, so the announcement does not read them again. */
  worker?: Worker | null;
}

const SAME_MESSAGE_WINDOW_MS = 10_000;
const MERGE_WINDOW_MS = 30 * 24 * 3600_000;
type UnitName = { id: number; name: string };

/** How many of a worker's other contacts and orders the desk is shown. */
const HISTORY_LIMIT = 20;
/** Orders that no longer take petitioners. */
const CLOSED_TO_MERGE = ['closed', 'cancelled', 'answered', 'merged'] as const;

export class IntakeService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly orders: WorkOrderService,
    private readonly orgs: OrgService,
    private readonly answers: AnswerSource | null,
    private readonly clock: () => Date,
    private readonly workers: WorkerIdentities,
  ) {}

  /** Stores and handles one contact; returns the contact and whether it had been seen before. */
  /** `order`: the order the new contact produced as the transaction left it, where it was in hand. */
  async receive(input: ContactInput, withContact?: WithContact): Promise<{ contact: InboundMessage; repeated: boolean; order?: WorkOrder }> {
    const now = this.clock();
    const key = dedupKey(input, this.workers);
    // Repeats are rare, so they are looked for once, inside the transaction, where it counts.
    const c = withFacts(classify(input.text), input.facts);
    const route = await suggestRoute(this.orgs, c);
    const urgent = c.mass || c.crisis;
    const answer = !urgent && !input.asked && c.kind === 'consultation' && this.answers ? await this.answers.answerFor(input.text) : null;
    try {
      // Read committed (MySQL): the 并单 lookup then locks only the rows it finds. Under repeatable
      // read it also locked the index gaps around its employer, where concurrent contacts insert
      // their new orders, and most pairs of concurrent complaints deadlocked.
      return await this.tx.run(async (em) => {
        const known = await this.findKnown(input, key, now, em);
        if (known) return { contact: known, repeated: true };
        const { contact, order } = await this.store(em, input, key, c, route, answer?.article ?? null, now);
        await withContact?.(em, contact);
        return { contact, repeated: false, order };
      }, 'READ COMMITTED');
    } catch (err) {
      // The other copy committed first (unique channel + message id): answer as it did.
      if (!isDuplicateKey(err)) throw err;
      return { contact: (await this.findKnown(input, key, now))!, repeated: true };
    }
  }

  /** The lawyers' queue and recent contacts, newest first (centre desk only). */
  async list(user: AuthUser, queue: 'lawyer' | 'all', page: number, pageSize: number) {
    requireCentreDesk(user);
    const [items, total] = await this.ds.getRepository(InboundMessage).findAndCount({
      where: queue === 'lawyer' ? { outcome: 'lawyer_queue' } : {},
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  async get(user: AuthUser, id: number): Promise<InboundMessage> {
    requireCentreDesk(user);
    const contact = await this.ds.getRepository(InboundMessage).findOneBy({ id });
    if (!contact) throw notFound('来电来信');
    return contact;
  }

  /**
   * A lawyer answers a queued contact: the structured opinion is kept, and the reply to the
   * worker is recorded as the answer of an order registered for the contact.
   */
  async answerWithOpinion(user: AuthUser, id: number, opinion: Opinion): Promise<InboundMessage> {
    if (user.role !== 'lawyer' || !user.unit.isCentre) throw forbidden('只有热线中心的律师可以出具法律意见');
    const now = this.clock();
    return this.tx.run(async (em) => {
      const { contact, classification } = await claimQueued(em, id);
      const actor: Actor = { id: user.id, role: user.role, unitId: user.unit.id };
      const bundle = await this.createOrder(em, now, { workerId: contact.workerId, contact, classification, route: null, actor, announce: false });
      await petition(em, bundle.order.id, contact, now);
      const answered = await this.orders.apply(em, bundle, actor, 'answer', { answer: opinion.reply }, now);
      await enqueue(em, replyReady(answered.order, await botContactOf(em, contact)), now);
      await em.getRepository(LegalOpinion).insert({
        ...opinion, inboundMessageId: contact.id, orderId: answered.order.id, lawyerId: user.id, createdAt: now,
      });
      return settle(em, contact, 'answered', answered.order.id);
    });
  }

  /**
   * The desk answers a queued contact with a published knowledge-base article, cited as an
   * answer at first contact is; the contact records which article answered it.
   */
  async answerWithArticle(user: AuthUser, id: number, articleId: number): Promise<InboundMessage> {
    requireDeskHandler(user, '只有热线中心的客服或律师可以答复来电来信');
    const now = this.clock();
    return this.tx.run(async (em) => {
      const article = await em.getRepository(KnowledgeArticle).findOneBy({ id: articleId, published: true });
      if (!article) throw invalidField('body.articleId', '知识条目不存在或未发布');
      const { contact, classification } = await claimQueued(em, id);
      const actor: Actor = { id: user.id, role: user.role, unitId: user.unit.id };
      const bundle = await this.createOrder(em, now, { workerId: contact.workerId, contact, classification, route: null, actor, announce: false });
      await petition(em, bundle.order.id, contact, now);
      const answered = await this.orders.apply(em, bundle, actor, 'answer', { answer: articleReply(article) }, now);
      await enqueue(em, replyReady(answered.order, await botContactOf(em, contact)), now);
      return settle(em, contact, 'answered', answered.order.id, article.id);
    });
  }

  /** The desk opens a work order for a queued contact, with the routing suggestion preselected. */
  async openOrder(user: AuthUser, id: number): Promise<InboundMessage> {
    requireDeskHandler(user, '只有热线中心的客服或律师可以登记工单');
    const now = this.clock();
    return this.tx.run(async (em) => {
      const { contact, classification } = await claimQueued(em, id);
      const actor: Actor = { id: user.id, role: user.role, unitId: user.unit.id };
      const route = await suggestRoute(this.orgs, classification, em);
      const { order } = await this.createOrder(em, now, { workerId: contact.workerId, contact, classification, route, actor, announce: true });
      await petition(em, order.id, contact, now);
      return settle(em, contact, 'order', order.id);
    });
  }

  /**
   * The worker behind a contact for the centre desk (masked on display; it reveals them to call
   * back), with their other contacts and the other orders they are a petitioner on, newest first.
   */
  async history(user: AuthUser, id: number) {
    const contact = await this.get(user, id);
    if (contact.workerId === null) return { worker: null, contacts: [], orders: [], units: new Map<number, UnitName>() };
    const workerId = contact.workerId;
    const [worker, contacts, orders] = await Promise.all([
      this.ds.getRepository(Worker).findOneBy({ id: workerId }),
      this.ds.getRepository(InboundMessage).find({
        where: { workerId, id: Not(contact.id) }, order: { id: 'DESC' }, take: HISTORY_LIMIT,
      }),
      this.ds.getRepository(WorkOrder).createQueryBuilder('o')
        .where('o.id IN (SELECT p.order_id FROM order_petitioner p WHERE p.worker_id = :workerId)', { workerId })
        .andWhere('o.id <> :own', { own: contact.orderId ?? 0 })
        .orderBy('o.id', 'DESC')
        .take(HISTORY_LIMIT)
        .getMany(),
    ]);
    return { worker: worker && this.workers.open(worker), contacts, orders, units: await this.unitNames(orders.map((o) => o.currentUnitId)) };
  }

  /** The orders the contacts produced and their suggested units, for presenting them; `known` ones are not read again. */
  async related(contacts: InboundMessage[], known: WorkOrder[] = []) {
    const ids = contacts.map((c) => c.orderId).filter((x): x is number => x !== null && !known.some((o) => o.id === x));
    const orders = [...known, ...(ids.length ? await this.ds.getRepository(WorkOrder).findBy({ id: In(ids) }) : [])];
    const units = await this.unitNames(orders.map((o) => o.suggestedUnitId).filter((x): x is number => x !== null));
    return { orders: new Map(orders.map((o) => [o.id, o])), units };
  }

  private async unitNames(ids: number[]): Promise<Map<number, UnitName>> {
    const units = await this.orgs.byIds(ids);
    return new Map(units.map((u) => [u.id, { id: u.id, name: u.name }]));
  }

  // -------------------------------------------------------------------------------------------

  private async store(
    em: EntityManager, input: ContactInput, key: string, c: Classification, route: Route,
    article: { id: number; title: string; answer: string; legalBasis: string } | null, now: Date,
  ): Promise<{ contact: InboundMessage; order?: WorkOrder }> {
    const worker = await this.workerFor(em, input.sender);
    const workerId = worker?.id ?? null;
    const system: Actor = { id: 0, role: 'system', unitId: (await this.orgs.centre(em)).id };
    const urgent = c.mass || c.crisis;
    let outcome: Outcome;
    let orderId: number | null = null;
    let order: WorkOrder | undefined;

    if (!urgent && article) {
      const bundle = await this.createOrder(em, now, { workerId, contact: input, classification: c, route, actor: system, announce: false });
      order = (await this.orders.apply(em, bundle, system, 'answer', { answer: articleReply(article) }, now)).order;
      [outcome, orderId] = ['answered', order.id];
    } else if (!urgent && (c.category === 'other' || (c.kind === 'consultation' && input.asked !== 'complaint'))) {
      outcome = 'lawyer_queue';
    } else {
      const master = await this.mergeTarget(em, c, now);
      if (master !== null) {
        // Attaching a petitioner changes nothing anyone acts on, so the version stays.
        await em.query('UPDATE work_order SET petitioner_count = petitioner_count + 1 WHERE id = ?', [master]);
        [outcome, orderId] = ['merged', master];
      } else {
        let bundle = await this.createOrder(em, now, { workerId, contact: input, classification: c, route, actor: system, announce: true, worker });
        if (urgent && route.unit) {
          bundle = await this.orders.apply(em, bundle, system, 'dispatch', { unitId: route.unit.id, note: '紧急工单，系统自动交办' }, now);
        }
        if (urgent) await this.orders.announceUrgent(em, bundle.order, route.alert, now);
        order = bundle.order;
        [outcome, orderId] = ['order', order.id];
      }
    }

    const repo = em.getRepository(InboundMessage);
    const contact = repo.create({
      channel: input.channel,
      externalId: input.externalId,
      workerId,
      dedupKey: key,
      text: input.text,
      recordingUrl: input.recordingUrl ?? null,
      agentRef: input.agentRef ?? null,
      category: c.category,
      urgent,
      anonymous: input.anonymous ?? false,
      classification: JSON.stringify(c),
      outcome,
      orderId,
      articleId: outcome === 'answered' ? article!.id : null,
      receivedAt: input.receivedAt,
      createdAt: now,
    });
    contact.id = await insertRow(em, InboundMessage, contact);
    if (orderId !== null) await petition(em, orderId, contact, now);
    return { contact, order };
  }

  /** Registers an order for the contact; its petitioner is added once the contact has its id (`petition`). */
  private createOrder(
    em: EntityManager, now: Date, { workerId, contact, classification: c, route, actor, announce, worker }: OrderFromContact,
  ): Promise<OrderBundle> {
    const text = redactPersonalData(contact.text);
    return this.orders.create(em, {
      channel: contact.channel,
      summary: summaryOf(text),
      description: text,
      category: c.category,
      mass: c.mass,
      crisis: c.crisis,
      platform: c.platform,
      difficulty: 'normal',
      employer: c.employer,
      regionCode: c.townCode ?? c.districtCode ?? c.cityCode,
      anonymous: contact.anonymous ?? false,
      workerId,
      suggestedUnitId: route?.unit?.id ?? null,
      routeReason: route?.reason ?? null,
      ...mergeKeys(c),
    }, actor, now, { announce, firstPetitioner: false, worker });
  }

  /** An open order about the same employer, district and category from the last 30 days. */
  private async mergeTarget(em: EntityManager, c: Classification, now: Date): Promise<number | null> {
    const { employerKey: key, districtCode: district } = mergeKeys(c);
    if (!key || !district) return null;
    const guard = createHash('sha256').update(`${key}\n${district}\n${c.category}`).digest('hex');
    // On MySQL the upsert holds the guard row's lock until commit, and the read below (read
    // committed, and locking) sees what the previous holder committed; SQLite transactions run
    // one at a time anyway.
    await em.query(
      em.connection.options.type === 'better-sqlite3'
        ? 'INSERT OR IGNORE INTO merge_guard (merge_key) VALUES (?)'
        : 'INSERT INTO merge_guard (merge_key) VALUES (?) ON DUPLICATE KEY UPDATE merge_key = merge_key',
      [guard],
    );
    return firstId(em, WorkOrder, {
      employerKey: key,
      districtCode: district,
      category: c.category,
      createdAt: { atLeast: new Date(now.getTime() - MERGE_WINDOW_MS) },
      status: { notIn: CLOSED_TO_MERGE },
    }, { share: true });
  }

  private async findKnown(input: ContactInput, key: string, now: Date, em: EntityManager = this.ds.manager) {
    const id = await firstId(em, InboundMessage, [
      { channel: input.channel, externalId: input.externalId },
      // Chat platforms re-deliver the same words under new ids; a phone call is never repeated so.
      ...(input.channel === 'hotline' ? [] : [{ dedupKey: key, receivedAt: { atLeast: new Date(now.getTime() - SAME_MESSAGE_WINDOW_MS) } }]),
    ]);
    return id === null ? null : em.getRepository(InboundMessage).findOneBy({ id });
  }

  /**
   * The worker behind the sender, found by the address they wrote from (a caller by the keyed hash
   * of their number) or stored with it; returned with that address, which is how they are reached.
   */
  private async workerFor(em: EntityManager, sender: ContactInput['sender']): Promise<Worker | null> {
    const address = sender.phone ? this.workers.seal({ phone: sender.phone }) : sender.wechatId ? { wechatId: sender.wechatId } : sender.openid ? { openid: sender.openid } : null;
    if (!address) return null;
    // A caller is found by the keyed hash of their number, which sealing it has computed.
    const id = (await firstId(em, Worker, 'phoneHash' in address ? { phoneHash: address.phoneHash } : address))
      ?? (await insertRow(em, Worker, { ...address, createdAt: this.clock() }));
    return Object.assign(new Worker(), address, { id });
  }
}

/**
 * The classification with the worker's stated employer and place in place of what the text
 * suggested, so routing and 并单 follow what they picked; the overridden evidence goes.
 */
function withFacts(c: Classification, facts: StatedFacts | undefined): Classification {
  if (!facts) return c;
  const stated = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as StatedFacts;
  const replaced = new Set<string>([...(stated.employer ? ['employer'] : []), ...(stated.cityCode ? ['region'] : [])]);
  return { ...c, ...stated, evidence: c.evidence.filter((e) => !replaced.has(e.field)) };
}

/** The contact's worker becomes a petitioner of the order; the row points back at the contact that brought them. */
function petition(em: EntityManager, orderId: number, contact: InboundMessage, now: Date): Promise<number> {
  return insertRow(em, Petitioner, { orderId, workerId: contact.workerId, inboundMessageId: contact.id, attachedAt: now });
}

/** A contact still waiting in the lawyers' queue, taken inside the transaction that handles it. */
async function claimQueued(em: EntityManager, id: number): Promise<{ contact: InboundMessage; classification: Classification }> {
  const contact = await em.getRepository(InboundMessage).findOneBy({ id });
  if (!contact) throw notFound('来电来信');
  if (contact.outcome !== 'lawyer_queue') throw conflict('already_handled', '该来电来信已处理');
  return { contact, classification: JSON.parse(contact.classification) as Classification };
}

async function settle(
  em: EntityManager, contact: InboundMessage, outcome: Outcome, orderId: number, articleId: number | null = null,
): Promise<InboundMessage> {
  // Conditional on the queue, so two desks handling one contact cannot both succeed.
  const done = await em.getRepository(InboundMessage).update({ id: contact.id, outcome: 'lawyer_queue' }, { outcome, orderId, articleId });
  if (done.affected !== 1) throw conflict('already_handled', '该来电来信已处理');
  return em.getRepository(InboundMessage).findOneByOrFail({ id: contact.id });
}

/** An article given to a worker as the answer, with the law it rests on. */
const articleReply = (article: { answer: string; legalBasis: string }) => `${article.answer}\n依据：${article.legalBasis}`;

/** Answering a contact or opening an order for it is the centre's agents' and lawyers' work. */
function requireDeskHandler(user: AuthUser, message: string): void {
  if (!user.unit.isCentre || !['agent', 'lawyer'].includes(user.role)) throw forbidden(message);
}

/** The WeChat contact a queued question came from, if the bot brought it: the answer is announced there. */
async function botContactOf(em: EntityManager, contact: InboundMessage): Promise<string | null> {
  if (contact.channel !== 'wechat' || contact.workerId === null) return null;
  return (await em.getRepository(Worker).findOneBy({ id: contact.workerId }))?.wechatId ?? null;
}

function requireCentreDesk(user: AuthUser): void {
  if (!user.unit.isCentre || !['agent', 'lawyer', 'supervisor'].includes(user.role)) {
    throw forbidden('只有热线中心的客服、律师和督办人员可以查看来电来信');
  }
}

/** The phone goes in as its keyed hash: a plain hash of number and stored text could be brute-forced. */
function dedupKey(input: ContactInput, workers: WorkerIdentities): string {
  const sender = (input.sender.phone && workers.phoneHash(input.sender.phone)) ?? input.sender.wechatId ?? input.sender.openid ?? '';
  const text = input.text.replace(/\s+/g, '');
  return createHash('sha256').update(`${input.channel}\n${sender}\n${text}`).digest('hex');
}

