/**
 * The real backend for the mini-program's end-to-end test (test-mp/end-to-end.test.ts), in a
 * process of its own, as that test runs in jsdom: SQLite in memory, demo accounts, the fake
 * WeChat on loopback for logins. Prints one JSON line — where it listens and the wx.login codes
 * it will accept (BackendInfo in test-mp/support/bridge.ts) — and stops when stdin closes.
 *
 *   npx tsx test/mp/serve.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeWechat } from '../support/fake-wechat';
import { Harness } from '../support/harness';

async function main(): Promise<void> {
  const fake = await FakeWechat.start();
  const uploadDir = mkdtempSync(join(tmpdir(), 'mp-bridge-'));
  const h = await Harness.start({ env: { ...fake.config(), UPLOAD_DIR: uploadDir } });
  const codes = (openid: string) => Array.from({ length: 10 }, () => fake.loginCode(openid));
  const info = { baseUrl: h.baseUrl, workerCodes: codes('o-bridge-worker'), staffCodes: codes('o-bridge-staff') };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await h.stop();
    await fake.stop();
    rmSync(uploadDir, { recursive: true, force: true });
    process.exit(0);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
