import { createHash } from 'node:crypto';
import type { AuditLog } from './audit.entity';

export const GENESIS = '0'.repeat(64);

type Hashed = Omit<AuditLog, 'hash'>;

/** The hash of a row: everything it says, and the hash of the row before it. */
export function hashOf(row: Hashed): string {
  const content = [
    row.id, row.at.toISOString(), row.action, row.actorId, row.actorName, row.actorUnitId,
    row.targetType, row.targetId, row.ip, row.detail, row.prevHash,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export interface Break {
  id: number;
  reason: 'changed' | 'deleted_before' | 'truncated';
}

/**
 * Walks rows in id order from `prev` (the hash before the first row): a row whose hash does not
 * match its content was changed; one whose prevHash is not the previous row's hash follows a
 * deleted row.
 */
export function firstBreak(rows: AuditLog[], prev: string): { at: Break | null; last: string } {
  for (const row of rows) {
    if (row.prevHash !== prev) return { at: { id: row.id, reason: 'deleted_before' }, last: prev };
    if (hashOf(row) !== row.hash) return { at: { id: row.id, reason: 'changed' }, last: prev };
    prev = row.hash;
  }
  return { at: null, last: prev };
}
