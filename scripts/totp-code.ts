/**
 * Prints the current TOTP code of a base32 secret (by default the demo accounts'), for trying
 * the demo without an authenticator app: `npx tsx scripts/totp-code.ts [secret]`.
 */
import { STEP_SECONDS, totpAt } from '../src/auth/totp';
import { DEMO_TOTP_SECRET } from '../src/seed/demo';

const secret = process.argv[2] ?? DEMO_TOTP_SECRET;
const now = new Date();
const left = STEP_SECONDS - (Math.floor(now.getTime() / 1000) % STEP_SECONDS);
try {
  console.log(`${totpAt(secret, now)}  (${left} s left in this 30 s step)`);
} catch {
  console.error('not a base32 secret');
  process.exit(1);
}
