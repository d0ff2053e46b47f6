import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess } from '../faults/server-process';

/**
 * SIGTERM, as a supervisor stops the service, while messages are still arriving (on SQLite, the
 * embedded default; test/faults/shutdown.test.ts holds handlers at a slow database): the process
 * exits cleanly within 10 s with nothing failing, and the bot, retrying every message with the
 * same id, gets one contact each, whether the first attempt was stored or refused.
 */
const TOKEN = 'shutdown-service-token-0123456789';
const MESSAGES = 300;
const STOP_AFTER = 60;
const GRACE_MS = 10_000;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-shutdown-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = () => ServerProcess.start({
  NODE_ENV: 'production',
  DATABASE_URL: `sqlite:${join(dir, 'hotline.sqlite')}`,
  INTAKE_SERVICE_TOKEN: TOKEN,
  INTAKE_RATE_PER_MINUTE: '100000',
});
const body = (i: number) => JSON.stringify({ channel: 'wechat', messageId: `bye-${i}`, senderId: `wx-bye-${i}`, text: `东莞塘厦一家工厂拖欠我们${i % 9 + 1}个月工资` });

/** Sends a whole message and hangs up as soon as it is written, without reading the answer. */
function sendAndHangUp(baseUrl: string, payload: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}/api/v1/intake/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(payload) },
    });
    req.on('error', () => resolve());
    req.end(payload, () => {
      req.destroy();
      resolve();
    });
  });
}

test('stopped while messages arrive, the process exits 0 within 10 s, and retries give one contact each', async () => {
  const server = await start();
  // Stopped while messages are still arriving and being handled: the later ones may find the
  // server closed, which the bot's retry covers.
  let written = 0;
  const sending = Array.from({ length: MESSAGES }, (_, i) => sendAndHangUp(server.baseUrl, body(i)).then(() => {
    if (++written === STOP_AFTER) server.terminate();
  }));
  await Promise.all(sending);
  const asked = Date.now();
  expect(await server.exited).toBe(0);
  expect(Date.now() - asked).toBeLessThan(GRACE_MS);
  // Neither a request cut off from the database nor an unexpected failure was logged.
  expect(server.output).not.toMatch(/\[db\]|\[http\]/);

  // The bot retries every message: one contact each, whichever had been stored before.
  const again = await start();
  try {
    for (let i = 0; i < MESSAGES; i++) {
      const res = await again.request('POST', '/api/v1/intake/messages', { token: TOKEN, body: JSON.parse(body(i)) });
      expect([200, 201]).toContain(res.status);
    }
  } finally {
    await again.stop();
  }
  const db = new Database(join(dir, 'hotline.sqlite'), { readonly: true });
  try {
    expect(db.prepare("SELECT COUNT(DISTINCT external_id) AS messages, COUNT(*) AS contacts FROM inbound_message WHERE external_id LIKE 'bye-%'").get())
      .toEqual({ messages: MESSAGES, contacts: MESSAGES });
  } finally {
    db.close();
  }
}, 60_000);
