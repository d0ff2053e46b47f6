import { MigrationInterface, QueryRunner } from 'typeorm';
import { redactPersonalData } from '../../privacy/redact';

const BATCH = 500;

/**
 * Orders registered from a worker's words before those words were masked on the way in
 * (src/privacy/redact.ts) get the same masking now: summary, description and rating comment. The
 * contacts keep the words as written. Pseudonymised orders hold none of it any more.
 */
export class RedactOrderTexts1764870000000 implements MigrationInterface {
  name = 'RedactOrderTexts1764870000000';

  async up(q: QueryRunner): Promise<void> {
    for (let after = 0; ;) {
      const rows: Array<{ id: number | string; summary: string; description: string; revisit_comment: string | null }> = await q.query(
        `SELECT o.id, o.summary, o.description, o.revisit_comment FROM work_order o
         WHERE o.id > ? AND o.pseudonymised_at IS NULL AND EXISTS (SELECT 1 FROM inbound_message m WHERE m.order_id = o.id)
         ORDER BY o.id LIMIT ${BATCH}`,
        [after],
      );
      if (!rows.length) return;
      for (const row of rows) {
        const texts = [row.summary, row.description, row.revisit_comment];
        const masked = texts.map((text) => text && redactPersonalData(text));
        if (masked.some((text, i) => text !== texts[i])) {
          await q.query('UPDATE work_order SET summary = ?, description = ?, revisit_comment = ? WHERE id = ?', [...masked, row.id]);
        }
      }
      after = Number(rows[rows.length - 1].id);
    }
  }

  /** Masking is not undone: the words as written are still with the contacts. */
  async down(): Promise<void> {}
}
