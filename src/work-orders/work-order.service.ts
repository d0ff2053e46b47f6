import { DataSource, EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.service';
import { StaffUser } from '../auth/staff-user.entity';
import { classify } from '../classification/classifier';
import { insertRow } from '../db/bulk';
import { containsSql, containsValue } from '../db/like';
import type { Transactor } from '../db/transaction';
import type { UnitSummary } from '../dispatch/routing';
import { suggestRoute } from '../dispatch/suggest';
import { shanghaiBound } from '../http/dates';
import { AppError, conflict, forbidden, invalidField, notFound } from '../http/errors';
import { OrgUnit } from '../orgs/org-unit.entity';
import { enqueue } from '../notifications/outbox';
import { notificationsFor, urgentAlerts, WorkerContact } from '../notifications/triggers';
import { OrgService, pathIds } from '../orgs/org.service';
import { placeOf } from '../regions/places';
import { InboundMessage } from '../intake/inbound-message.entity';
import { Petitioner } from '../intake/petitioner.entity';
import { Worker } from '../workers/worker.entity';
import type { WorkerIdentities } from '../workers/worker-identities';
import { Assignment } from './assignment.entity';
import { Cohandler } from './cohandler.entity';
import { WorkOrderEvent } from './event.entity';
import { Extension } from './extension.entity';
import {
  Action, ActionInputs, Actor, allowedActions, canRegister, EventDraft, FINAL_STATUSES, OrderState, Refusal, transition,
} from './lifecycle';
import { reachOf, SCOPE_ALIAS, scopeOrders, seesAllOrders, seesWorkerIdentity } from './work-order.policy';
import { presentDetail, presentPetitioners, presentSummary } from './work-order.presenter';
import { mergeKeys } from './merge-key';
import { WorkOrderReach } from './reach.entity';
import { awaitIndexing, reindexOrder, searchGrams } from './search';
import type { listQuery, registerBody } from './work-order.schema';
import { WorkOrder } from './work-order.entity';
import type { z } from 'zod';

type RegisterInput = z.output<typeof registerBody>;

/** What a new order is made of, whoever registers it. */
export type NewOrder = Pick<RegisterInput, 'channel' | 'description' | 'difficulty'> & {
  summary: string;
  category?: WorkOrder['category'];
  mass: boolean;
  crisis: boolean;
  platform: boolean;
  employer?: string | null;
  regionCode?: string | null;
  anonymous: boolean;
  workerId: number | null;
  suggestedUnitId?: number | null;
  routeReason?: string | null;
  employerKey?: string | null;
  districtCode?: string | null;
};
type ListFilter = z.output<typeof listQuery>;

const SUMMARY_CHARS = 60;
/** An order with no region: no place to route it to or to strip from its employer's name. */
const NOWHERE = { city: null, cityCode: null, district: null, districtCode: null, town: null, townCode: null };

/** An order's summary where nobody wrote one: the start of its text. */
export function summaryOf(text: string): string {
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text;
}

/** An order with the rows the lifecycle reasons about. */
export interface OrderBundle {
  order: WorkOrder;
  assignments: Assignment[];
  cohandlers: Cohandler[];
  extensions: Extension[];
}

/** Files a staff member uploaded, attached to the order by the action they take (report photos). */
export interface AttachmentLinker {
  linkToOrder(em: EntityManager, orderId: number, staffId: number, items: Array<{ id: number; kind: 'photo'; path: string }>): Promise<void>;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * Lists count their matches up to this many: beyond it an exact count of a large scope (every
 * order, for the centre) costs a scan of the whole table on each page, and nobody pages that far.
 */
export const LIST_COUNT_CAP = 10_000;
/**
 * A text search counts its matches up to this many. Its count tests each row of the scope until
 * the cap is reached, so a common word costs ten times less to count to 1,000 than to 10,000, and
 * a desk refines a search that finds that many rather than paging through it.
 */
export const SEARCH_COUNT_CAP = 1_000;

export class WorkOrderService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly orgs: OrgService,
    private readonly clock: () => Date,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentLinker,
    private readonly workers: WorkerIdentities,
    /** Whether unit desks are pushed to (a staff webhook is configured). */
    private readonly pushToDesks = false,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Commands
  // -------------------------------------------------------------------------------------------

  async register(user: AuthUser, input: RegisterInput) {
    const units = await this.unitMap([user.unit.id]);
    const refusal = canRegister(actorOf(user), units);
    if (refusal) throw refusalError(refusal);
    if (input.regionCode) await this.requireRegion(input.regionCode);
    const now = this.clock();
    const { worker, ...stated } = input;
    // What the desk did not state is read from the text, as intake reads a contact; what it
    // stated stands. Its text is kept as typed (unlike a worker's words, it is written for the
    // handlers: an employer's phone is there to be called).
    const read = classify(`${stated.summary ?? ''}\n${stated.description}`);
    const fields = {
      ...stated,
      summary: stated.summary ?? summaryOf(stated.description),
      category: stated.category ?? read.category,
      mass: stated.mass ?? read.mass,
      crisis: stated.crisis ?? read.crisis,
      platform: stated.platform ?? read.platform,
      employer: stated.employer ?? read.employer,
      regionCode: stated.regionCode ?? read.townCode ?? read.districtCode ?? read.cityCode,
    };
    const id = await this.tx.run(async (em) => {
      const workerId = await this.workers.upsert(em, worker, input);
      const route = await this.routing(em, fields);
      const { order } = await this.create(em, { ...fields, ...route.fields, anonymous: worker.anonymous, workerId }, actorOf(user), now);
      if (order.urgent) await this.announceUrgent(em, order, route.alert, now);
      return order.id;
    });
    return this.detail(user, id);
  }

  async act<A extends Action>(
    user: AuthUser, id: number, action: A, body: ActionInputs[A] & { version: number; attachmentIds?: number[] },
  ) {
    const order = await this.findVisible(user, id);
    if (body.version !== order.version) throw staleVersion();
    const [bundle] = await this.bundles([order]);
    const now = this.clock();
    await this.tx.run(async (em) => {
      await this.apply(em, bundle, actorOf(user), action, body, now);
      const photos = (body.attachmentIds ?? []).map((fileId, i) => ({ id: fileId, kind: 'photo' as const, path: `body.attachmentIds.${i}` }));
      if (photos.length) await this.attachments.linkToOrder(em, id, user.id, photos);
    });
    return this.detail(user, id);
  }

  /**
   * The worker's own step on their order in the mini-program (rating it: 回访 by the worker).
   * Only an order registered for this worker; the lifecycle decides whether the step is open.
   */
  async actAsWorker<A extends Action>(workerId: number, id: number, action: A, input: ActionInputs[A]): Promise<WorkOrder> {
    const order = await this.ds.getRepository(WorkOrder).findOneBy({ id, workerId });
    if (!order) throw notFound('工单');
    const [bundle] = await this.bundles([order]);
    const actor = await this.workerActor(workerId);
    const done = await this.tx.run((em) => this.apply(em, bundle, actor, action, input, this.clock()));
    return done.order;
  }

  /** What the order's own worker may do to it now: the mini-program's buttons. */
  async workerActions(workerId: number, order: WorkOrder): Promise<Action[]> {
    const [bundle] = await this.bundles([order]);
    const actor = await this.workerActor(workerId);
    return allowedActions({ order: stateOf(bundle), actor, units: await this.unitMap(unitsOf(bundle, actor.unitId)) });
  }

  /** A worker acts through the centre, which answers for what reaches them. */
  private async workerActor(workerId: number): Promise<Actor> {
    return { id: workerId, role: 'worker', unitId: (await this.orgs.centre()).id };
  }

  /**
   * Registers an order (受理) inside the caller's transaction, with its worker as the first
   * petitioner unless the caller brings one (splitting moves an existing petitioner over).
   * `announce: false` when the order is answered in the same breath: the answer is the news.
   * `worker`: the order's worker as the caller already holds them (how they reached us), so the
   * announcement need not read them again.
   */
  async create(
    em: EntityManager, fields: NewOrder, actor: Actor, now: Date,
    { firstPetitioner = true, announce = true, worker }: { firstPetitioner?: boolean; announce?: boolean; worker?: Worker | null } = {},
  ): Promise<OrderBundle> {
    const row = registeredRow(fields, await nextNumber(em, now), (await this.orgs.centre(em)).id, actor, now);
    const order = Object.assign(new WorkOrder(), row, { id: await insertRow(em, WorkOrder, row) });
    await awaitIndexing(em, order.id);
    const registered: EventDraft = {
      action: 'register', fromStatus: null, toStatus: 'registered', targetUnitId: null, detail: null, note: null,
    };
    if (firstPetitioner) {
      await insertRow(em, Petitioner, { orderId: order.id, workerId: order.workerId, inboundMessageId: null, attachedAt: now });
    }
    await appendEvent(em, order.id, actor, now, registered);
    if (announce) await this.notify(em, order, registered, now, worker);
    return { order, assignments: [], cohandlers: [], extensions: [] };
  }

  /**
   * Takes a lifecycle action on `bundle` inside the caller's transaction: the order row is
   * updated only if its version is still the one read, and the event is appended alongside.
   * Returns the order as it now stands.
   */
  async apply<A extends Action>(
    em: EntityManager, bundle: OrderBundle, actor: Actor, action: A, input: ActionInputs[A], now: Date,
  ): Promise<OrderBundle> {
    if ('regionCode' in input && typeof input.regionCode === 'string') await this.requireRegion(input.regionCode, em);
    const target = 'unitId' in input ? [input.unitId] : [];
    const units = await this.unitMapIn(em, unitsOf(bundle, actor.unitId), target);
    const result = transition(action, { order: stateOf(bundle), actor, units, now }, input);
    if (!result.ok) throw refusalError(result);
    const { next } = result;
    const id = bundle.order.id;
    const rerouted = action === 'reclassify' ? await this.routing(em, { ...bundle.order, ...next }) : null;
    const updated = await em
      .createQueryBuilder()
      .update(WorkOrder)
      .set({ ...orderFields(next), ...rerouted?.fields, updatedAt: now })
      .where('id = :id AND version = :version', { id, version: bundle.order.version })
      .execute();
    if (updated.affected !== 1) throw staleVersion();
    await saveChanged(em, Assignment, id, bundle.assignments, next.assignments);
    await saveChanged(em, Cohandler, id, bundle.cohandlers, next.cohandlers);
    await saveChanged(em, Extension, id, bundle.extensions, next.extensions);
    const reached = [...next.assignments, ...next.cohandlers].map((x) => x.unitId);
    await this.extendReach(em, { ...bundle.order, ...next }, reached, units);
    await appendEvent(em, id, actor, now, result.event);
    if (action === 'merge') await this.absorb(em, bundle.order, (input as ActionInputs['merge']).masterId, actor, now);
    if (action === 'split') await this.detach(em, bundle.order, (input as ActionInputs['split']).petitionerId, actor, now);
    await this.notify(em, bundle.order, result.event, now);
    if (rerouted && next.urgent && !bundle.order.urgent) await this.announceUrgent(em, { ...bundle.order, ...next }, rerouted.alert, now);
    // A corrected employer is searched for under its new name (the reach rows' copies moved with it).
    if (next.employer !== bundle.order.employer) await reindexOrder(em, bundle.order, { ...bundle.order, employer: next.employer });
    const [fresh] = await this.bundles([await em.getRepository(WorkOrder).findOneByOrFail({ id })], em);
    return fresh;
  }

  /**
   * The unit an order of this category and place should go to (the dispatch rules), the units its
   * urgency alerts, and the district and employer key 并单 finds it by: set at registration, and
   * again when the centre reclassifies it.
   */
  private async routing(
    em: EntityManager, order: Pick<WorkOrder, 'category' | 'mass' | 'crisis' | 'platform' | 'employer' | 'regionCode'>,
  ): Promise<{ fields: Pick<WorkOrder, 'suggestedUnitId' | 'routeReason' | 'districtCode' | 'employerKey'>; alert: UnitSummary[] }> {
    const place = (order.regionCode ? placeOf(order.regionCode)?.facts : null) ?? NOWHERE;
    const route = await suggestRoute(this.orgs, { ...order, ...place }, em);
    return {
      fields: {
        suggestedUnitId: route.unit?.id ?? null,
        routeReason: route.reason,
        ...mergeKeys({ ...place, employer: order.employer }),
      },
      alert: route.alert,
    };
  }

  /**
   * An urgent order (mass incident, crisis) is announced at once to the centre's desk and to the
   * units its route alerts (the city union), however it became urgent: at intake, registered by the
   * desk, or reclassified.
   */
  async announceUrgent(em: EntityManager, order: WorkOrder, alert: UnitSummary[], now: Date): Promise<void> {
    if (!this.pushToDesks) return;
    await enqueue(em, urgentAlerts(order, [(await this.orgs.centre(em)).id, ...alert.map((u) => u.id)]), now);
  }

  private async requireRegion(code: string, em: EntityManager = this.ds.manager): Promise<void> {
    if (!(await em.getRepository(OrgUnit).existsBy({ code }))) {
      throw invalidField('body.regionCode', '未知的行政区划代码');
    }
  }

  /** 并单 by hand: the merged order's petitioners join the master, whose timeline records it. */
  private async absorb(em: EntityManager, merged: WorkOrder, masterId: number, actor: Actor, now: Date): Promise<void> {
    const master = await em.getRepository(WorkOrder).findOneBy({ id: masterId });
    if (!master || master.id === merged.id || FINAL_STATUSES.includes(master.status)) {
      throw invalidField('body.masterId', '并入的工单不存在或已结束');
    }
    await em.query('UPDATE order_petitioner SET order_id = ? WHERE order_id = ?', [master.id, merged.id]);
    await em.query('UPDATE work_order SET petitioner_count = petitioner_count + ? WHERE id = ?', [merged.petitionerCount, master.id]);
    await appendEvent(em, master.id, actor, now, {
      action: 'merge', fromStatus: master.status, toStatus: master.status, targetUnitId: null,
      detail: String(merged.id), note: `工单 ${merged.number} 并入本工单`,
    });
  }

  /** Splitting by hand: one petitioner leaves the order for a new order of their own. */
  private async detach(em: EntityManager, master: WorkOrder, petitionerId: number, actor: Actor, now: Date): Promise<void> {
    const petitioner = await em.getRepository(Petitioner).findOneBy({ id: petitionerId, orderId: master.id });
    if (!petitioner || master.petitionerCount < 2) {
      throw invalidField('body.petitionerId', '该诉求人不在本工单中，或本工单只有一位诉求人');
    }
    const { order } = await this.create(em, {
      channel: master.channel, summary: master.summary, description: master.description, category: master.category,
      mass: false, crisis: false, platform: master.platform, difficulty: master.difficulty, employer: master.employer,
      regionCode: master.regionCode, anonymous: master.anonymous, workerId: petitioner.workerId,
      suggestedUnitId: master.suggestedUnitId, routeReason: master.routeReason,
    }, actor, now, { firstPetitioner: false });
    await em.getRepository(Petitioner).update({ id: petitioner.id }, { orderId: order.id });
    await em.query('UPDATE work_order SET petitioner_count = petitioner_count - 1 WHERE id = ?', [master.id]);
  }

  /** Queues what the event tells the worker and the desk it lands on, in the event's transaction. */
  private async notify(em: EntityManager, order: WorkOrder, event: EventDraft, now: Date, held?: Worker | null): Promise<void> {
    const worker = held !== undefined ? held : order.workerId ? await em.getRepository(Worker).findOneBy({ id: order.workerId }) : null;
    const drafts = notificationsFor(event, order, { worker: contactOf(order.channel, worker, this.workers), staff: this.pushToDesks });
    await enqueue(em, drafts, now);
  }

  // -------------------------------------------------------------------------------------------
  // Queries
  // -------------------------------------------------------------------------------------------

  async list(user: AuthUser, filter: ListFilter) {
    // A unit's lists read its own reach rows, which copy the fields filtered, sorted and searched
    // on and are keyed per unit; only the number search (the orders' unique index) and the
    // current-unit filter need the orders as well. The centre's read the orders.
    const scoped = !seesAllOrders(user);
    const byNumber = filter.q !== undefined && ORDER_NUMBER_START.test(filter.q);
    const qb = scoped && !byNumber && filter.unitId === undefined
      ? reachOf(this.ds.getRepository(WorkOrderReach).createQueryBuilder(SCOPE_ALIAS), user)
      : scopeOrders(this.ds.getRepository(WorkOrder).createQueryBuilder('o'), 'o', user);
    const field = (column: string) => (scoped ? `${SCOPE_ALIAS}.${column === 'created_at' ? 'order_created_at' : column}` : `o.${column}`);
    const id = scoped ? `${SCOPE_ALIAS}.order_id` : 'o.id';
    if (filter.status) qb.andWhere(`${field('status')} = :status`, { status: filter.status });
    if (filter.category) qb.andWhere(`${field('category')} = :category`, { category: filter.category });
    if (filter.unitId) qb.andWhere('o.current_unit_id = :unitId', { unitId: filter.unitId });
    if (filter.from) qb.andWhere(`${field('created_at')} >= :from`, { from: shanghaiBound(filter.from, 'start') });
    if (filter.to) qb.andWhere(`${field('created_at')} <= :to`, { to: shanghaiBound(filter.to, 'end') });
    if (filter.q && byNumber) {
      // An order number, or its start, as a worker reads it out: a range of the number's index
      // instead of a substring scan of every order in scope.
      const start = filter.q.toUpperCase();
      const end = start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + 1);
      qb.andWhere('o.number >= :numberStart AND o.number < :numberEnd', { numberStart: start, numberEnd: end });
    } else if (filter.q) {
      // Numbers hold only letters, digits and dashes: other text is not looked for in them, which
      // spares a comparison per row of the scope. Words are looked for among the orders under their
      // rarest gram, when few enough (search.ts); numbers' pieces are not indexed.
      const inNumbers = NUMBER_CHARS.test(filter.q);
      const grams = inNumbers ? null : await searchGrams(this.ds.manager, filter.q);
      if (grams) qb.andWhere(`${id} IN (SELECT g.order_id FROM work_order_gram g WHERE g.gram IN (:...grams))`, { grams });
      const columns = inNumbers ? ['number', 'summary', 'employer'] : ['summary', 'employer'];
      qb.andWhere(`(${columns.map((c) => containsSql(field(c), 'q')).join(' OR ')})`, {
        q: containsValue(filter.q),
      });
    }
    const due = field('next_due_at');
    if (filter.overdue !== undefined) {
      qb.andWhere(filter.overdue ? `${due} < :now` : `(${due} IS NULL OR ${due} >= :now)`, { now: this.clock() });
    }
    if (filter.dueBefore) qb.andWhere(`${due} <= :dueBefore`, { dueBefore: shanghaiBound(filter.dueBefore, 'end') });
    // Newest first by default: ids grow with time, so id order rides the primary key (for a
    // unit, its reach key).
    if (filter.sort === 'due') qb.andWhere(`${due} IS NOT NULL`).orderBy(due, 'ASC').addOrderBy(id, 'ASC');
    else qb.orderBy(id, 'DESC');
    // The page's ids first, off the indexes, then only those orders: skipped rows of a deeper page
    // are never read in full.
    const cap = filter.q && !byNumber ? SEARCH_COUNT_CAP : LIST_COUNT_CAP;
    const [page, counted] = await Promise.all([
      qb.clone().select(id, 'id').offset((filter.page - 1) * filter.pageSize).limit(filter.pageSize).getRawMany<{ id: number | string }>(),
      this.countUpTo(qb, cap + 1),
    ]);
    const ids = page.map((row) => Number(row.id));
    const found = ids.length ? await this.ds.getRepository(WorkOrder).findBy({ id: In(ids) }) : [];
    const byId = new Map(found.map((o) => [o.id, o]));
    const orders = ids.map((i) => byId.get(i)!);
    const bundles = await this.bundles(orders);
    const units = await this.unitMap(bundles.flatMap((b) => unitsOf(b, user.unit.id)));
    const items = bundles.map((b) =>
      presentSummary(b.order, units, allowedActions({ order: stateOf(b), actor: actorOf(user), units })));
    return counted > cap ? { items, total: cap, totalCapped: true as const } : { items, total: counted };
  }

  /** How many rows the query matches, counting no further than `limit`. */
  private async countUpTo(qb: SelectQueryBuilder<ObjectLiteral>, limit: number): Promise<number> {
    const matches = qb.clone().orderBy().select('1', 'one').limit(limit);
    const [{ n }] = await this.ds.createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from(`(${matches.getQuery()})`, 'matches')
      .setParameters(matches.getParameters())
      .getRawMany<{ n: number | string }>();
    return Number(n);
  }

  async detail(user: AuthUser, id: number) {
    const order = await this.findVisible(user, id);
    const [bundle] = await this.bundles([order]);
    const events = await this.ds.getRepository(WorkOrderEvent).find({ where: { orderId: id }, order: { id: 'ASC' } });
    const units = await this.unitMap(
      unitsOf(bundle, user.unit.id),
      events.flatMap((e) => [e.actorUnitId, e.targetUnitId]).filter((u): u is number => u !== null),
    );
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((a): a is number => a !== null))];
    const staff = actorIds.length ? await this.ds.getRepository(StaffUser).findBy({ id: In(actorIds) }) : [];
    const worker = order.workerId ? await this.ds.getRepository(Worker).findOneBy({ id: order.workerId }) : null;
    return presentDetail({
      bundle,
      events,
      units,
      staff: new Map(staff.map((s) => [s.id, s])),
      worker: worker && this.workers.open(worker),
      viewer: user,
      allowedActions: allowedActions({ order: stateOf(bundle), actor: actorOf(user), units }),
    });
  }

  /** The workers attached to an order, masked, with the contact that brought each (centre desk only). */
  async petitioners(user: AuthUser, id: number) {
    await this.findVisible(user, id);
    if (!seesWorkerIdentity(user)) throw forbidden('只有热线中心可以查看诉求人');
    const rows = await this.ds.getRepository(Petitioner).find({ where: { orderId: id }, order: { id: 'ASC' } });
    const ids = (pick: (p: Petitioner) => number | null) => rows.map(pick).filter((x): x is number => x !== null);
    const workerIds = ids((p) => p.workerId);
    const contactIds = ids((p) => p.inboundMessageId);
    const [workers, contacts] = await Promise.all([
      workerIds.length ? this.ds.getRepository(Worker).findBy({ id: In(workerIds) }) : [],
      contactIds.length ? this.ds.getRepository(InboundMessage).findBy({ id: In(contactIds) }) : [],
    ]);
    return {
      items: presentPetitioners(rows, new Map(workers.map((w) => [w.id, this.workers.open(w)])), new Map(contacts.map((c) => [c.id, c]))),
    };
  }

  /** The order if `user` may see it; otherwise it does not exist for them. */
  private async findVisible(user: AuthUser, id: number): Promise<WorkOrder> {
    const qb = scopeOrders(this.ds.getRepository(WorkOrder).createQueryBuilder('o'), 'o', user);
    const order = await qb.andWhere('o.id = :id', { id }).getOne();
    if (order) return order;
    // Asking for an order outside one's scope is a denied access, even though it reads as "not found".
    if (await this.ds.getRepository(WorkOrder).existsBy({ id })) {
      await this.audit.record({ action: 'denied', actor: user, targetType: 'work_order', targetId: id, detail: { reason: 'out_of_scope' } });
    }
    throw notFound('工单');
  }

  private async bundles(orders: WorkOrder[], em: EntityManager = this.ds.manager): Promise<OrderBundle[]> {
    const ids = orders.map((o) => o.id);
    if (!ids.length) return [];
    const [assignments, cohandlers, extensions] = await Promise.all([
      em.getRepository(Assignment).find({ where: { orderId: In(ids) }, order: { seq: 'ASC' } }),
      em.getRepository(Cohandler).find({ where: { orderId: In(ids) }, order: { id: 'ASC' } }),
      em.getRepository(Extension).find({ where: { orderId: In(ids) }, order: { id: 'ASC' } }),
    ]);
    return orders.map((order) => ({
      order,
      assignments: assignments.filter((a) => a.orderId === order.id),
      cohandlers: cohandlers.filter((c) => c.orderId === order.id),
      extensions: extensions.filter((e) => e.orderId === order.id),
    }));
  }

  private unitMap(...idLists: number[][]): Promise<Map<number, OrgUnit>> {
    return this.unitMapIn(this.ds.manager, ...idLists);
  }

  /** Inside a transaction, read through it (see OrgService). */
  private async unitMapIn(em: EntityManager, ...idLists: number[][]): Promise<Map<number, OrgUnit>> {
    const units = await this.orgs.byIds(idLists.flat(), em);
    return new Map(units.map((u) => [u.id, u]));
  }

  /**
   * Adds reach rows for newly reached units and their ancestors, and brings the list fields the
   * existing rows copy from the order up to date.
   */
  private async extendReach(em: EntityManager, order: ReachFields & { id: number }, unitIds: number[], units: Map<number, OrgUnit>) {
    const wanted = new Set(unitIds.flatMap((u) => pathIds(units.get(u)!.path)));
    const existing = await em.getRepository(WorkOrderReach).findBy({ orderId: order.id });
    const moving = { status: order.status, category: order.category, nextDueAt: order.nextDueAt, employer: order.employer };
    const stale = existing.some((r) => r.status !== moving.status || r.category !== moving.category
      || r.nextDueAt?.getTime() !== moving.nextDueAt?.getTime() || r.employer !== moving.employer);
    if (stale) await em.getRepository(WorkOrderReach).update({ orderId: order.id }, moving);
    for (const row of existing) wanted.delete(row.unitId);
    if (wanted.size) {
      // The number and summary never change while the order is live (retention rewrites its copy
      // of the summary itself); the employer, which the centre may correct, moves above.
      const copy = { ...moving, orderCreatedAt: order.createdAt, number: order.number, summary: order.summary };
      await em.getRepository(WorkOrderReach).insert([...wanted].map((unitId) => ({ unitId, orderId: order.id, ...copy })));
    }
  }
}

/** The order fields work_order_reach rows copy. */
type ReachFields = Pick<WorkOrder, 'status' | 'category' | 'createdAt' | 'nextDueAt' | 'number' | 'summary' | 'employer'>;

// ---------------------------------------------------------------------------------------------

/**
 * The worker is told through the channel they came from; otherwise by SMS if there is a mobile,
 * whose number the outbox keeps sealed (the SMS channel opens it to send).
 */
function contactOf(channel: WorkOrder['channel'], worker: Worker | null, workers: WorkerIdentities): WorkerContact | null {
  if (!worker) return null;
  if (channel === 'wechat' && worker.wechatId) return { channel: 'bot', address: worker.wechatId };
  if (channel === 'miniprogram' && worker.openid) return { channel: 'wechat_subscribe', address: worker.openid };
  const mobile = workers.sealedMobileOf(worker);
  return mobile ? { channel: 'sms', address: mobile } : null;
}

const actorOf = (user: AuthUser): Actor => ({ id: user.id, role: user.role, unitId: user.unit.id });

/** The order's own fields the lifecycle reads and may change. */
const STATE_FIELDS = [
  'status', 'currentUnitId', 'category', 'mass', 'crisis', 'platform', 'urgent', 'difficulty', 'regionCode', 'employer',
  'result', 'recoveredAmount', 'resultRating', 'serviceRating', 'revisitComment', 'rehandleCount',
  'resolvedAt', 'closedAt', 'stageStartedAt', 'signDueAt', 'handleDueAt', 'reviewDueAt', 'revisitDueAt',
  'nextDueAt', 'dueBasis', 'slaLevel', 'slaCheckAt',
] as const satisfies ReadonlyArray<keyof OrderState & keyof WorkOrder>;

type OrderFields = Pick<OrderState, (typeof STATE_FIELDS)[number]>;

const orderFields = (source: OrderFields): OrderFields =>
  Object.fromEntries(STATE_FIELDS.map((k) => [k, source[k]])) as OrderFields;

function stateOf({ order, assignments, cohandlers, extensions }: OrderBundle): OrderState {
  return { ...orderFields(order), assignments, cohandlers, extensions };
}

/** Every unit a decision or a view of the order may refer to. */
function unitsOf(b: OrderBundle, viewerUnitId: number): number[] {
  return [
    viewerUnitId,
    b.order.currentUnitId,
    ...(b.order.suggestedUnitId === null ? [] : [b.order.suggestedUnitId]),
    ...b.assignments.flatMap((a) => [a.unitId, a.fromUnitId]),
    ...b.cohandlers.map((c) => c.unitId),
    ...b.extensions.map((e) => e.deciderUnitId),
  ];
}

function refusalError(r: Refusal): AppError {
  if (r.kind === 'role') return forbidden(r.reason);
  if (r.kind === 'input') return invalidField(`body.${r.field}`, r.reason);
  return conflict('action_not_allowed', r.reason);
}

const staleVersion = () => conflict('stale_version', '工单已被他人更新，请刷新后重试');

async function appendEvent(em: EntityManager, orderId: number, actor: Actor, now: Date, e: EventDraft) {
  await insertRow(em, WorkOrderEvent, {
    orderId,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    // The system (intake, deadline sweep) and the worker rating their order hold no staff account.
    actorId: actor.role === 'system' || actor.role === 'worker' ? null : actor.id,
    actorUnitId: actor.unitId,
    targetUnitId: e.targetUnitId,
    detail: e.detail,
    note: e.note,
    createdAt: now,
  });
}

/** Writes the child rows the transition added or changed; rows are never deleted. */
async function saveChanged<T extends { id?: number }>(
  em: EntityManager,
  entity: new () => T,
  orderId: number,
  before: T[],
  after: T[],
): Promise<void> {
  for (const [i, row] of after.entries()) {
    const { id: _id, ...fields } = row;
    if (i >= before.length) await em.getRepository(entity).insert({ ...fields, orderId } as never);
    else if (JSON.stringify(before[i]) !== JSON.stringify(row)) await em.getRepository(entity).update(before[i].id!, fields as never);
  }
}

/** What a search for an order number looks like: GD- and at least its year, up to the whole number. */
const ORDER_NUMBER_START = /^GD-\d{4}(\d{0,4}|\d{4}-\d{0,6})$/i;
/** Text that could be part of an order number. */
const NUMBER_CHARS = /^[a-z0-9-]+$/i;

/** GD-YYYYMMDD-NNNNNN, numbered per Shanghai calendar day. */
async function nextNumber(em: EntityManager, now: Date): Promise<string> {
  const day = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
  // One atomic upsert: a read-then-insert would race (and deadlock on MySQL) on a day's first order.
  let value: number;
  if (em.connection.options.type === 'better-sqlite3') {
    [{ value }] = await em.query('INSERT INTO day_counter (day, value) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET value = value + 1 RETURNING value', [day]);
  } else {
    // LAST_INSERT_ID(expr) hands the new value back in the statement's own answer (its insert id).
    ({ insertId: value } = await em.query(
      'INSERT INTO day_counter (day, value) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE value = LAST_INSERT_ID(value + 1)', [day],
    ));
  }
  return `GD-${day}-${String(value).padStart(6, '0')}`;
}

/** A new order's row: what registering sets, and every other column as a new order has it. */
function registeredRow(fields: NewOrder, number: string, centreId: number, actor: Actor, now: Date): Omit<WorkOrder, 'id'> {
  return {
    number,
    channel: fields.channel,
    category: fields.category ?? 'other',
    mass: fields.mass,
    crisis: fields.crisis,
    platform: fields.platform,
    urgent: fields.mass || fields.crisis,
    difficulty: fields.difficulty,
    summary: fields.summary,
    description: fields.description,
    employer: fields.employer ?? null,
    regionCode: fields.regionCode ?? null,
    workerId: fields.workerId,
    anonymous: fields.anonymous,
    status: 'registered',
    currentUnitId: centreId,
    result: null,
    recoveredAmount: null,
    resultRating: null,
    serviceRating: null,
    revisitComment: null,
    rehandleCount: 0,
    signDueAt: null,
    handleDueAt: null,
    reviewDueAt: null,
    revisitDueAt: null,
    nextDueAt: null,
    dueBasis: null,
    stageStartedAt: now,
    slaLevel: 0,
    slaCheckAt: null,
    petitionerCount: 1,
    suggestedUnitId: fields.suggestedUnitId ?? null,
    routeReason: fields.routeReason ?? null,
    employerKey: fields.employerKey ?? null,
    districtCode: fields.districtCode ?? null,
    registeredById: actor.role === 'system' ? null : actor.id,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
    closedAt: null,
    pseudonymisedAt: null,
    kpiRolledUp: false,
    version: 1,
  };
}
