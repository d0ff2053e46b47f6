/** Anyone's order progress by number and phone suffix: /mp/public/orders/:number. */
import { call } from './http';

export interface Progress {
  number: string;
  status: string;
  createdAt: string;
  timeline: Array<{ at: string; text: string }>;
}

export const orderProgress = (number: string, phoneLast4: string) =>
  call<Progress>('GET', `/mp/public/orders/${encodeURIComponent(number)}`, { query: { phoneLast4 } });
