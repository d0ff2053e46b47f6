/**
 * Re-sealing what is stored: every column that holds sealed values, walked in batches.
 *
 * - `legacy` (at every start, after the migrations): values still in clear — written before
 *   encryption at rest, or by an older version during an upgrade — are sealed. Only rows that do
 *   not look sealed are read, so a database with none costs one indexed query per column.
 * - `rotate` (`npm run keys:rotate`, after a new key was put first in FIELD_KEYS or FIELD_HASH_KEY
 *   changed): every value not under the current key is sealed again, and phone hashes are
 *   recomputed. Once it reports nothing left, older keys may leave the ring.
 *
 * Each row is rewritten only if it still holds the value read, so writes racing the walk win.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Transactor } from '../db/transaction';
import { WorkerIdentities } from '../workers/worker-identities';
import { FieldCrypto, isSealed, Purpose } from './field-crypto';

interface SealedColumn {
  table: string;
  /** The primary key, to walk the table by. */
  key: string;
  column: string;
  purpose: Purpose;
  /** Only these rows hold sealed values (SQL). */
  where?: string;
  /** A column computed from the clear value, kept in step with it. */
  derived?: { column: string; of: (clear: string) => string };
}

export type ResealMode = 'legacy' | 'rotate';

export const BATCH = 500;

function sealedColumns(crypto: FieldCrypto): SealedColumn[] {
  const workers = new WorkerIdentities(crypto);
  return [
    { table: 'worker', key: 'id', column: 'name', purpose: 'name' },
    { table: 'worker', key: 'id', column: 'phone', purpose: 'phone', derived: { column: 'phone_hash', of: (phone) => workers.phoneHash(phone) } },
    { table: 'worker', key: 'id', column: 'id_number', purpose: 'id_number' },
    // The SMS outbox keeps the worker's sealed phone (src/work-orders: contactOf).
    { table: 'notification', key: 'id', column: 'recipient', purpose: 'phone', where: "channel = 'sms'" },
    { table: 'bot_turn', key: 'id', column: 'replies', purpose: 'bot_turn' },
    { table: 'bot_conversation', key: 'sender_id', column: 'state', purpose: 'bot_conversation' },
    { table: 'staff_user', key: 'id', column: 'totp_secret', purpose: 'totp_secret' },
  ];
}

/** Re-seals per `mode`; returns how many values were rewritten, by `table.column`. */
export async function reseal(ds: DataSource, tx: Transactor, crypto: FieldCrypto, mode: ResealMode, batch = BATCH): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const c of sealedColumns(crypto)) counts[`${c.table}.${c.column}`] = await resealColumn(ds, tx, crypto, c, mode, batch);
  return counts;
}

async function resealColumn(
  ds: DataSource, tx: Transactor, crypto: FieldCrypto, c: SealedColumn, mode: ResealMode, batch: number,
): Promise<number> {
  const select = [c.key, c.column, ...(c.derived ? [c.derived.column] : [])].join(', ');
  const where = [
    `${c.column} IS NOT NULL`, `${c.key} > ?`, ...(c.where ? [c.where] : []),
    ...(mode === 'legacy' ? [`${c.column} NOT LIKE 'v1:%'`] : []),
  ].join(' AND ');
  const sql = `SELECT ${select} FROM ${c.table} WHERE ${where} ORDER BY ${c.key} LIMIT ${Number(batch)}`;
  let after: string | number = c.key === 'id' ? 0 : '';
  let rewritten = 0;
  for (;;) {
    const rows: Array<Record<string, string | number | null>> = await ds.query(sql, [after]);
    if (!rows.length) return rewritten;
    rewritten += await tx.run(async (em) => {
      let n = 0;
      for (const row of rows) n += await resealRow(em, crypto, c, row);
      return n;
    });
    after = rows[rows.length - 1][c.key]!;
  }
}

async function resealRow(em: EntityManager, crypto: FieldCrypto, c: SealedColumn, row: Record<string, string | number | null>): Promise<number> {
  const stored = String(row[c.column]);
  const clear = isSealed(stored) ? crypto.open(stored, c.purpose) : stored;
  const derived = c.derived?.of(clear);
  if (crypto.isCurrent(stored) && (!c.derived || row[c.derived.column] === derived)) return 0;
  const sets = [`${c.column} = ?`, ...(c.derived ? [`${c.derived.column} = ?`] : [])].join(', ');
  const params = [crypto.seal(clear, c.purpose), ...(derived === undefined ? [] : [derived]), row[c.key], stored];
  const result = await em.queryRunner!.query(`UPDATE ${c.table} SET ${sets} WHERE ${c.key} = ? AND ${c.column} = ?`, params, true);
  return result.affected ?? 0;
}
