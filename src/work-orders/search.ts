/**
 * Text search (`q`) over orders' summaries and employers.
 *
 * A substring search cannot use a B-tree, and a unit's or the centre's whole scope is too many
 * rows to read for a term few orders hold. But any text holding a substring of two or more
 * characters holds each two-character piece ("gram") of it, so only the orders listed under one
 * of the query's grams in work_order_gram can match; the substring test then runs on those
 * alone. When every gram of the query is common, its orders are common too: scanning the scope
 * finds a page of them soon, and cheaper than going through a long list of candidates.
 *
 * A new order's grams would be some fifty rows scattered over the index, written while the
 * worker waits. Registration writes one row instead, under the PENDING gram, and `indexPending`
 * indexes the pending orders in batches, off the request; until then a search counts every
 * pending order among its candidates, so nothing registered is ever missed.
 *
 * The index is kept on MySQL/MariaDB only. On SQLite its upkeep, a few thousand scattered pages
 * per batch appended to the write-ahead log, made the log's checkpoints long enough to stall
 * registrations' commits by 100–300 ms (BENCHMARKS.md); SQLite serves the small deployments,
 * whose scopes are scanned quickly.
 */
import { EntityManager, In } from 'typeorm';
import { insertMany } from '../db/bulk';
import type { Transactor } from '../db/transaction';
import { WorkOrderGram } from './gram.entity';

/**
 * Above this many candidates under the query's rarest gram, the scope is scanned instead: looking
 * each candidate up costs about ten times a scanned row, and a unit's scope runs to some 100,000
 * orders for a large city.
 */
export const CANDIDATES_MAX = 2_000;
/** Grams of a long query whose orders are counted to find the rarest; any one of them would do. */
const GRAMS_COUNTED = 8;
/** Lists the orders not indexed yet. No text has it: U+0000 is not a character grams are taken of. */
export const PENDING = 0;
/** Orders indexed per transaction: short, so its locks on the index's pages are held briefly. */
const INDEX_BATCH = 200;
/** Orders read at a time when every order is indexed at once (migration, bulk load). */
const FILL_BATCH = 10_000;

/** Whether this database keeps the index (see above). */
export const keepsIndex = (em: EntityManager) => em.connection.options.type !== 'better-sqlite3';

/**
 * Characters LIKE compares as they are on both engines: CJK and the other scripts from U+2E80 up to
 * the surrogates. MariaDB's utf8mb4_general_ci makes Latin letters equal to their accented and
 * other-case forms (e = é = E, s = ß), and every character beyond the BMP equal to every other; a
 * gram of such characters would miss orders the same search finds by scanning. Words without a
 * gram of two of these (Latin names, digits) are scanned for.
 */
const comparedAsIs = (c: number) => c >= 0x2e80 && c < 0xd800;

/** The distinct grams of the texts, none spanning two of them. */
export function gramsOf(...texts: Array<string | null>): number[] {
  const grams = new Set<number>();
  for (const text of texts) {
    if (!text) continue;
    for (let i = 0; i + 1 < text.length; i++) {
      const [a, b] = [text.charCodeAt(i), text.charCodeAt(i + 1)];
      if (comparedAsIs(a) && comparedAsIs(b)) grams.add((a << 16) | b);
    }
  }
  return [...grams];
}

/** Registers an order for indexing, in its registration's transaction. */
export async function awaitIndexing(em: EntityManager, orderId: number): Promise<void> {
  if (keepsIndex(em)) await insertMany(em, WorkOrderGram, [{ gram: PENDING, orderId }]);
}

type OrderTexts = { id: number | string; summary: string; employer: string | null };

/**
 * Writes the orders' grams, sorted: each gram's new orders then land together at the end of its
 * range instead of all over the table.
 */
async function writeGrams(em: EntityManager, orders: OrderTexts[], grams = gramsOf): Promise<void> {
  const rows = orders.flatMap((o) => grams(o.summary, o.employer).map((gram) => ({ gram, orderId: Number(o.id) })));
  rows.sort((a, b) => a.gram - b.gram || a.orderId - b.orderId);
  await insertMany(em, WorkOrderGram, rows);
}

/** Another server instance took some of the same pending orders first. */
class GaveWay extends Error {}

/**
 * Indexes the orders waiting for it, a batch per transaction; returns how many. Instances tick
 * together: one that finds its batch taken by another leaves the rest to it.
 */
export async function indexPending(tx: Transactor): Promise<number> {
  let done = 0;
  for (;;) {
    const indexed = await tx.run(async (em) => {
      const orders: OrderTexts[] = await em.query(
        `SELECT o.id, o.summary, o.employer FROM work_order_gram g INNER JOIN work_order o ON o.id = g.order_id
         WHERE g.gram = ? ORDER BY g.order_id LIMIT ${INDEX_BATCH}`, [PENDING],
      );
      if (!orders.length) return 0;
      const ids = orders.map((o) => Number(o.id));
      // The marks are taken first: of two instances on the same orders, the second deletes fewer.
      const taken = await em.getRepository(WorkOrderGram).delete({ gram: PENDING, orderId: In(ids) });
      if (taken.affected !== ids.length) throw new GaveWay();
      await writeGrams(em, orders);
      return orders.length;
    }).catch((err: unknown) => {
      if (err instanceof GaveWay) return null;
      throw err;
    });
    if (indexed === null) return done;
    done += indexed;
    if (indexed < INDEX_BATCH) return done;
  }
}

/**
 * Fills the index in for every order, for a migration or a bulk load; a migration may pass the
 * grams of its own version.
 */
export async function indexAllOrders(em: EntityManager, grams = gramsOf): Promise<void> {
  if (!keepsIndex(em)) return;
  for (let after = 0; ;) {
    const orders: OrderTexts[] = await em.query(
      `SELECT id, summary, employer FROM work_order WHERE id > ? ORDER BY id LIMIT ${FILL_BATCH}`, [after],
    );
    if (!orders.length) return;
    await writeGrams(em, orders, grams);
    after = Number(orders[orders.length - 1].id);
  }
}

/**
 * Re-indexes an order whose texts retention rewrote: its old grams, and its pending mark if it
 * still had one, make way for the new texts' grams.
 */
export async function reindexOrder(em: EntityManager, before: OrderTexts, after: OrderTexts): Promise<void> {
  if (!keepsIndex(em)) return;
  await em.getRepository(WorkOrderGram).delete({ orderId: Number(before.id), gram: In([PENDING, ...gramsOf(before.summary, before.employer)]) });
  await writeGrams(em, [after]);
}

/**
 * The grams whose orders are a query's candidates: its rarest gram and the pending orders, if
 * they are few enough to be worth going through; null when the scope is better scanned (every
 * gram common, or a one-character query, which has none) or there is no index (SQLite).
 */
export async function searchGrams(em: EntityManager, q: string): Promise<number[] | null> {
  if (!keepsIndex(em)) return null;
  const all = gramsOf(q);
  const grams = all.length <= GRAMS_COUNTED
    ? all
    : Array.from({ length: GRAMS_COUNTED }, (_, i) => all[Math.floor((i * all.length) / GRAMS_COUNTED)]);
  if (!grams.length) return null;
  // Each count stops at the cap: a common gram costs no more than a rare one.
  const counted = [PENDING, ...grams]
    .map((_, i) => `(SELECT COUNT(*) FROM (SELECT 1 FROM work_order_gram WHERE gram = ? LIMIT ${CANDIDATES_MAX}) g${i}) AS c${i}`)
    .join(', ');
  const [row]: Array<Record<string, number | string>> = await em.query(`SELECT ${counted}`, [PENDING, ...grams]);
  const [pending, ...counts] = [PENDING, ...grams].map((_, i) => Number(row[`c${i}`]));
  const rarest = counts.indexOf(Math.min(...counts));
  return pending + counts[rarest] < CANDIDATES_MAX ? [grams[rarest], PENDING] : null;
}
