import type { AuthUser } from '../auth/auth.service';
import type { StaffUser } from '../auth/staff-user.entity';
import type { OrgUnit } from '../orgs/org-unit.entity';
import { unitRef } from '../orgs/org.presenter';
import { maskIdentity, maskName, maskPhone } from '../privacy/mask';
import type { InboundMessage } from '../intake/inbound-message.entity';
import type { Petitioner } from '../intake/petitioner.entity';
import type { WorkerIdentity } from '../workers/worker-identities';
import type { WorkOrderEvent } from './event.entity';
import { ACTION_LABELS, STATUS_LABELS } from './labels';
import type { Action } from './lifecycle';
import { seesWorkerIdentity } from './work-order.policy';
import type { OrderBundle } from './work-order.service';
import type { WorkOrder } from './work-order.entity';

type Units = Map<number, OrgUnit>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What lists show of an order. */
export function presentSummary(o: WorkOrder, units: Units, allowedActions: Action[]) {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    version: o.version,
    channel: o.channel,
    category: o.category,
    mass: o.mass,
    crisis: o.crisis,
    platform: o.platform,
    urgent: o.urgent,
    difficulty: o.difficulty,
    summary: o.summary,
    employer: o.employer,
    regionCode: o.regionCode,
    anonymous: o.anonymous,
    currentUnit: unitRef(units.get(o.currentUnitId)),
    suggestedUnit: o.suggestedUnitId === null ? null : unitRef(units.get(o.suggestedUnitId)),
    routeReason: o.routeReason,
    petitionerCount: o.petitionerCount,
    deadlines: {
      signDueAt: iso(o.signDueAt), handleDueAt: iso(o.handleDueAt), reviewDueAt: iso(o.reviewDueAt),
      revisitDueAt: iso(o.revisitDueAt), nextDueAt: iso(o.nextDueAt),
    },
    slaLevel: o.slaLevel,
    rehandleCount: o.rehandleCount,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    allowedActions,
  };
}

/**
 * The worker as this viewer may see them, always masked. The centre's desk, which calls workers
 * back, gets the id to reveal them by (POST /workers/:id/reveal, audited), anonymous ones too;
 * elsewhere an anonymous worker is not shown at all, and nobody sees a named worker's ID number.
 */
function presentWorker(worker: WorkerIdentity | null, anonymous: boolean, viewer: AuthUser) {
  if (!worker) return null;
  if (seesWorkerIdentity(viewer)) return maskIdentity(worker);
  if (anonymous) return null;
  return { name: maskName(worker.name), phone: maskPhone(worker.phone), idNumber: null };
}

export interface DetailInput {
  bundle: OrderBundle;
  events: WorkOrderEvent[];
  units: Units;
  staff: Map<number, StaffUser>;
  worker: WorkerIdentity | null;
  viewer: AuthUser;
  allowedActions: Action[];
}

/** The order page: everything above plus the chain, parts, extensions and timeline. */
export function presentDetail({ bundle, events, units, staff, worker, viewer, allowedActions }: DetailInput) {
  const { order: o } = bundle;
  const unit = (id: number | null) => (id === null ? null : unitRef(units.get(id)));
  return {
    ...presentSummary(o, units, allowedActions),
    description: o.description,
    worker: presentWorker(worker, o.anonymous, viewer),
    result: o.result,
    recoveredAmount: o.recoveredAmount,
    resultRating: o.resultRating,
    serviceRating: o.serviceRating,
    revisitComment: o.revisitComment,
    resolvedAt: iso(o.resolvedAt),
    closedAt: iso(o.closedAt),
    chain: bundle.assignments.map((a) => ({
      unit: unit(a.unitId),
      fromUnit: unit(a.fromUnitId),
      active: a.active,
      dispatchedAt: iso(a.dispatchedAt),
      signDueAt: iso(a.signDueAt),
      signedAt: iso(a.signedAt),
      handleDueAt: iso(a.handleDueAt),
      returnedAt: iso(a.returnedAt),
      returnReason: a.returnReason,
      returnRequestedAt: iso(a.returnRequestedAt),
      reportedAt: iso(a.reportedAt),
      result: a.result,
    })),
    cohandlers: bundle.cohandlers.map((c) => ({
      unit: unit(c.unitId),
      task: c.task,
      addedAt: iso(c.addedAt),
      signedAt: iso(c.signedAt),
      doneAt: iso(c.doneAt),
      result: c.result,
    })),
    extensions: bundle.extensions.map((e) => ({
      unit: unit(e.unitId),
      days: e.days,
      reason: e.reason,
      status: e.status,
      requestedAt: iso(e.requestedAt),
      decidedAt: iso(e.decidedAt),
      decisionNote: e.decisionNote,
    })),
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      actionLabel: ACTION_LABELS[e.action as keyof typeof ACTION_LABELS] ?? e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actor: e.actorId === null ? null : { id: e.actorId, name: staff.get(e.actorId)?.displayName ?? null },
      unit: unit(e.actorUnitId),
      targetUnit: unit(e.targetUnitId),
      detail: e.detail,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
  };
}

/** Who is behind an order, masked, for the centre desk that reveals and calls them back. */
export function presentPetitioners(rows: Petitioner[], workers: Map<number, WorkerIdentity>, contacts: Map<number, InboundMessage>) {
  return rows.map((p) => {
    const worker = p.workerId === null ? undefined : workers.get(p.workerId);
    const contact = p.inboundMessageId === null ? undefined : contacts.get(p.inboundMessageId);
    return {
      id: p.id,
      attachedAt: p.attachedAt.toISOString(),
      worker: worker ? { id: worker.id, name: maskName(worker.name), phone: maskPhone(worker.phone) } : null,
      contact: contact ? { id: contact.id, channel: contact.channel, receivedAt: contact.receivedAt.toISOString(), text: contact.text } : null,
    };
  });
}
