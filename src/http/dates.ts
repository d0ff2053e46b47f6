import { z } from './zod';

/** A query bound: a bare date, or a date-time with its offset. */
export const dateOrDateTime = z.iso.datetime({ offset: true }).or(z.iso.date());

/**
 * A bare date in a filter is a Shanghai calendar day: as a start it begins at 00:00, as an end it
 * takes the whole day. Date-times are taken as given.
 */
export function shanghaiBound(value: string, edge: 'start' | 'end'): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  return new Date(`${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}+08:00`);
}
