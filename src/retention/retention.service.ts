/**
 * Retention: personal data is kept only as long as needed. Once a finished order (closed,
 * cancelled or merged) is older than the retention period, its free texts and its workers'
 * identities are removed; the order keeps its number, category, region, dates, ratings and
 * amounts, so statistics stay as they were.
 */
import { DataSource, In, IsNull, LessThan } from 'typeorm';
import type { Transactor } from '../db/transaction';
import { CATEGORY_LABELS } from '../work-orders/labels';
import { FINAL_STATUSES } from '../work-orders/lifecycle';
import { reindexOrder } from '../work-orders/search';
import { WorkOrder } from '../work-orders/work-order.entity';

export const REDACTED = '（已超过保存期限，内容已删除）';

/** Free-text columns, by table, of the rows that belong to an order. */
const FREE_TEXT: Array<[string, string[]]> = [
  ['work_order_event', ['note']],
  ['work_order_assignment', ['result', 'return_reason']],
  ['work_order_cohandler', ['task', 'result']],
  ['work_order_extension', ['reason', 'decision_note']],
  ['inbound_message', ['text']],
  ['legal_opinion', ['facts', 'reply']],
];
const BATCH = 200;

export class RetentionService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly years: number,
  ) {}

  /** Pseudonymises every finished order past the period; returns how many. */
  async pseudonymiseDue(now: Date): Promise<number> {
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - this.years);
    let done = 0;
    for (;;) {
      const orders = await this.ds.getRepository(WorkOrder).find({
        select: { id: true, category: true, workerId: true, summary: true, employer: true },
        where: { status: In([...FINAL_STATUSES]), closedAt: LessThan(cutoff), pseudonymisedAt: IsNull() },
        order: { id: 'ASC' },
        take: BATCH,
      });
      if (!orders.length) return done;
      await this.tx.run(async (em) => {
        const ids = orders.map((o) => o.id);
        for (const o of orders) {
          const summary = `${CATEGORY_LABELS[o.category]}（已脱敏）`;
          await em.update(WorkOrder, { id: o.id }, { summary, description: REDACTED, result: REDACTED, revisitComment: null, pseudonymisedAt: now });
          // The old summary's words must no longer find the order.
          await reindexOrder(em, o, { ...o, summary });
        }
        const marks = ids.map(() => '?').join(', ');
        // Units search their own copies of the summary (work_order_reach).
        await em.query(
          `UPDATE work_order_reach SET summary = (SELECT o.summary FROM work_order o WHERE o.id = work_order_reach.order_id) WHERE order_id IN (${marks})`,
          ids,
        );
        // Every free text about the matter may name people; the structured facts stay.
        for (const [table, columns] of FREE_TEXT) {
          const set = columns.map((c) => `${c} = CASE WHEN ${c} IS NULL THEN NULL ELSE ? END`).join(', ');
          await em.query(`UPDATE ${table} SET ${set} WHERE order_id IN (${marks})`, [...columns.map(() => REDACTED), ...ids]);
        }
        await em.query(`UPDATE inbound_message SET recording_url = NULL WHERE order_id IN (${marks})`, ids);
        // A worker is forgotten once none of their orders still needs them.
        const workers: Array<{ worker_id: number }> = await em.query(
          `SELECT DISTINCT worker_id FROM (
             SELECT worker_id FROM work_order WHERE id IN (${marks})
             UNION SELECT worker_id FROM order_petitioner WHERE order_id IN (${marks})) w
           WHERE worker_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM work_order o WHERE o.worker_id = w.worker_id AND o.pseudonymised_at IS NULL)
             AND NOT EXISTS (SELECT 1 FROM order_petitioner p JOIN work_order o ON o.id = p.order_id
                             WHERE p.worker_id = w.worker_id AND o.pseudonymised_at IS NULL)`,
          [...ids, ...ids],
        );
        if (workers.length) {
          const wm = workers.map(() => '?').join(', ');
          await em.query(
            `UPDATE worker SET name = NULL, phone = NULL, phone_hash = NULL, id_number = NULL, wechat_id = NULL, openid = NULL WHERE id IN (${wm})`,
            workers.map((w) => w.worker_id),
          );
        }
      });
      done += orders.length;
    }
  }
}
