import { MigrationInterface, QueryRunner } from 'typeorm';
import { resizeVarchars } from './resize';

/**
 * Staff TOTP secrets sealed at rest: the column widens to hold a ciphertext. Secrets stored in
 * clear before are sealed right after the migrations by `reseal(…, 'legacy')` (prepare() in
 * src/server.ts), which has the configured keys; a migration has none.
 */
export class SealedTotpSecret1764860000000 implements MigrationInterface {
  name = 'SealedTotpSecret1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await resizeVarchars(q, 'staff_user', [['totp_secret', 255]]);
  }

  /** The schema as it was; secrets already sealed do not fit it and would have to be opened first. */
  async down(q: QueryRunner): Promise<void> {
    await resizeVarchars(q, 'staff_user', [['totp_secret', 64]]);
  }
}
