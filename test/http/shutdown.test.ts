import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess } from '../faults/server-process';
import { wageComplaint } from '../faults/support';

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

test('stopped while messages arrive, the process exits 0 within 10 s, and retries give one contact each', async () => {
  const server = await start();
  // Stopped while messages are still arriving and being handled: the later ones may find the
  // server closed, which the bot's retry covers.
  let written = 0;
  // Each message is hung up on as soon as it is written; one the closed server refused is left.
  const sending = Array.from({ length: MESSAGES }, (_, i) => server.post('/api/v1/intake/messages', TOKEN, wageComplaint(i)).then((req) => {
    req.destroy();
    if (++written === STOP_AFTER) server.terminate();
  }, () => undefined));
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
      const res = await again.request('POST', '/api/v1/intake/messages', { token: TOKEN, body: wageComplaint(i) });
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
