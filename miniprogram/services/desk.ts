/** What waits at the staff member's unit: /mp/staff/desk. */
import { asStaff } from './session';

export interface OrderSummary {
  id: number;
  number: string;
  status: string;
  version: number;
  category: string;
  urgent: boolean;
  summary: string;
  anonymous: boolean;
  currentUnit: { id: number; name: string } | null;
  deadlines: { signDueAt: string | null; handleDueAt: string | null; reviewDueAt: string | null; nextDueAt: string | null };
  allowedActions: string[];
}

export interface Desk {
  unit: { id: number; name: string };
  toSign: OrderSummary[];
  toHandle: OrderSummary[];
  toReview: OrderSummary[];
}

export const staffDesk = () => asStaff<Desk>('GET', '/mp/staff/desk');
