import { MigrationInterface, QueryRunner } from 'typeorm';
import { indexAllOrders, keepsIndex, PENDING } from '../../work-orders/search';

/** First and last character grams are taken of (src/work-orders/search.ts). */
const [FIRST, LAST] = [0x2e80, 0xd7ff];

/**
 * The search index keeps only grams of characters MariaDB compares as they are: grams with Latin
 * letters, digits, punctuation or halves of characters beyond the BMP go, since a search through
 * them missed orders whose text differs only by accent or case, and those words are now scanned for.
 */
export class GramsComparedAsIs1764900000000 implements MigrationInterface {
  name = 'GramsComparedAsIs1764900000000';

  async up(q: QueryRunner): Promise<void> {
    if (!keepsIndex(q.manager)) return;
    const [high, low] = ['((gram >> 16) & 65535)', '(gram & 65535)'];
    await q.query(
      `DELETE FROM work_order_gram WHERE gram <> ? AND NOT (${high} BETWEEN ? AND ? AND ${low} BETWEEN ? AND ?)`,
      [PENDING, FIRST, LAST, FIRST, LAST],
    );
  }

  /**
   * Builds the index again as it was: every pair, ASCII letters in lower case, pending orders
   * included (their marks go with the rest).
   */
  async down(q: QueryRunner): Promise<void> {
    if (!keepsIndex(q.manager)) return;
    await q.query('DELETE FROM work_order_gram');
    const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
    await indexAllOrders(q.manager, (...texts) => {
      const grams = new Set<number>();
      for (const text of texts) {
        for (let i = 0; text && i + 1 < text.length; i++) grams.add((fold(text.charCodeAt(i)) << 16) | fold(text.charCodeAt(i + 1)));
      }
      grams.delete(PENDING);
      return [...grams];
    });
  }
}
