/** Work orders as the staff API has them: /work-orders, their files, and the units below. */
import type { Attachment } from './attachments';
import type { OrderSummary } from './desk';
import { asStaff } from './session';

export interface OrderEvent {
  id: number;
  action: string;
  actionLabel: string;
  unit: { id: number; name: string } | null;
  targetUnit: { id: number; name: string } | null;
  note: string | null;
  at: string;
}

export interface OrderDetail extends OrderSummary {
  description: string;
  employer: string | null;
  /** Null when the worker is anonymous to this unit: the server decides. */
  worker: { name: string | null; phone: string | null } | null;
  result: string | null;
  timeline: OrderEvent[];
}

export interface Unit {
  id: number;
  name: string;
}

export const orderDetail = (id: number) => asStaff<OrderDetail>('GET', `/work-orders/${id}`);

export const orderFiles = async (id: number) =>
  (await asStaff<{ items: Attachment[] }>('GET', '/attachments', { query: { orderId: id } })).items;

/** Takes an action with the version the page shows; the server answers with the order as it now stands. */
export const takeAction = (id: number, action: string, fields: Record<string, unknown>, version: number) =>
  asStaff<OrderDetail>('POST', `/work-orders/${id}/actions/${action}`, { data: { ...fields, version } });

/** Where the unit may hand an order down: its direct children. */
export const unitsBelow = async (unitId: number) =>
  (await asStaff<{ items: Unit[] }>('GET', `/orgs/${unitId}/children`)).items;
