/** The worker's appeals: /mp/appeals. */
import type { Attachment } from './attachments';
import { asWorker } from './session';

export interface AppealInput {
  /** Kept for the life of one form: a retried submission is recognised, not doubled. */
  requestId: string;
  text: string;
  employer?: string;
  regionCode: string;
  phone: string;
  anonymous: boolean;
  photoIds: number[];
  voiceId?: number;
}

export interface AppealSummary {
  id: number;
  submittedAt: string;
  summary: string;
  /** An order status, or `lawyer_queue`. */
  status: string;
  orderNumber: string | null;
}

export interface Appeal extends AppealSummary {
  text: string;
  employer: string | null;
  region: { code: string; name: string } | null;
  anonymous: boolean;
  ownOrder: boolean;
  result: string | null;
  rating: { resultRating: number; serviceRating: number; comment: string | null } | null;
  timeline: Array<{ at: string; text: string }>;
  attachments: Attachment[];
  allowedActions: string[];
}

export interface Ratings {
  resultRating: number;
  serviceRating: number;
}

export const submitAppeal = (input: AppealInput) => asWorker<Appeal>('POST', '/mp/appeals', { data: input });

export const myAppeals = (page = 1) => asWorker<{ items: AppealSummary[]; total: number }>('GET', '/mp/appeals', { query: { page } });

export const appealDetail = (id: number) => asWorker<Appeal>('GET', `/mp/appeals/${id}`);

/** Satisfied (both ratings 3 or more): the order is closed. */
export const rateAppeal = (id: number, ratings: Ratings & { comment?: string }) =>
  asWorker<Appeal>('POST', `/mp/appeals/${id}/rate`, { data: ratings });

/** Unsatisfied: the order goes back to be handled again. */
export const rehandleAppeal = (id: number, ratings: Ratings & { reason: string }) =>
  asWorker<Appeal>('POST', `/mp/appeals/${id}/rehandle`, { data: ratings });
