import { presentAttachment } from '../attachments/attachment.presenter';
import type { InboundMessage } from '../intake/inbound-message.entity';
import { CATEGORY_LABELS } from '../work-orders/labels';
import type { WorkOrder } from '../work-orders/work-order.entity';
import type { Appeal } from './appeal.service';
import type { WorkerLogin } from './mp-auth.service';
import type { PublishedResult } from './published-result.entity';
import { placeOf } from '../regions/places';

const SUMMARY_CHARS = 40;
/** Statuses in which the order's result is the answer the worker is waiting for. */
const WITH_RESULT: ReadonlyArray<WorkOrder['status']> = ['answered', 'resolved', 'closed'];

export const presentLogin = (login: WorkerLogin, subscribeTemplateId: string | null) => ({
  token: login.token,
  expiresAt: login.expiresAt.toISOString(),
  worker: { phone: login.phone },
  staff: login.boundStaff ? { username: login.boundStaff.username, displayName: login.boundStaff.displayName } : null,
  subscribeTemplateId,
});

/** An appeal in the worker's list. */
export function presentAppealSummary(contact: InboundMessage, order: WorkOrder | null) {
  const text = contact.text;
  return {
    id: contact.id,
    submittedAt: contact.receivedAt.toISOString(),
    summary: text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text,
    status: contact.outcome === 'lawyer_queue' || !order ? ('lawyer_queue' as const) : order.status,
    orderNumber: order?.number ?? null,
  };
}

/** An appeal as its worker sees it: their words, where it stands, and what they may do. */
export function presentAppeal(a: Appeal) {
  const { contact, classification: c, order, ownOrder } = a;
  const place = placeOf(c.townCode ?? c.districtCode ?? c.cityCode ?? '');
  const own = ownOrder ? order : null;
  return {
    ...presentAppealSummary(contact, order),
    text: contact.text,
    employer: c.employer,
    region: place && { code: place.code, name: place.name },
    anonymous: contact.anonymous,
    ownOrder,
    result: own && WITH_RESULT.includes(own.status) ? own.result : null,
    rating: own?.resultRating != null && own.serviceRating != null
      ? { resultRating: own.resultRating, serviceRating: own.serviceRating, comment: own.revisitComment }
      : null,
    timeline: a.timeline,
    attachments: a.attachments.map(presentAttachment),
    allowedActions: a.allowedActions,
  };
}

/** A published result: already desensitised when it was published. */
export const presentPublished = (r: PublishedResult) => ({
  id: r.id,
  category: r.category,
  categoryLabel: CATEGORY_LABELS[r.category],
  region: r.regionCode ? placeOf(r.regionCode)?.name ?? null : null,
  employer: r.employerMasked,
  summary: r.summary,
  result: r.result,
  publishedAt: r.publishedAt.toISOString(),
});
