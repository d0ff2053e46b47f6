/**
 * SIGTERM while messages are being handled, on a slow database: the bot posted each message and
 * then hung up before the answer came, so the server has no connection left to wait for, yet
 * the handlers are still writing. Shutdown lets them finish before closing the database: every
 * message taken is stored, and the process still exits cleanly within 10 s.
 */
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { prepare } from '../../src/server';
import { DbProxy } from '../support/db-proxy';
import { ServerProcess } from './server-process';
import { DATABASE_URL, onServerDatabase, wageComplaint } from './support';

const TOKEN = 'shutdown-service-token-0123456789';
const MESSAGES = 10;
/** Each statement waits this long each way: a message takes some 20 statements to store. */
const LATENCY_MS = 15;
const GRACE_MS = 10_000;

onServerDatabase('stopping while messages are being stored', () => {
  let proxy: DbProxy;
  let ds: DataSource;

  beforeAll(async () => {
    proxy = await DbProxy.forUrl(DATABASE_URL!);
    ds = (await prepare(loadConfig({ NODE_ENV: 'test', DATABASE_URL: DATABASE_URL! }), { demoOrders: false, fresh: true })).ds;
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await proxy?.close();
  });

  test('every message taken before SIGTERM is stored, and the process exits 0 within 10 s', async () => {
    const server = await ServerProcess.start({
      NODE_ENV: 'production', DATABASE_URL: proxy.url(DATABASE_URL!), INTAKE_SERVICE_TOKEN: TOKEN,
      // Only the messages' transactions go through the database meanwhile.
      SCHEDULED_JOBS: 'off', NOTIFY_RELAY_INTERVAL_MS: '3600000',
    });
    proxy.latency(LATENCY_MS);
    // Hung up once every message's transaction has begun (a hang-up before its body is read
    // leaves nothing taken), while the handlers still wait on the database.
    let begun = 0;
    let watch = (_sql: string) => {};
    const allBegun = new Promise<void>((resolve) => {
      watch = (sql) => void (sql === 'START TRANSACTION' && ++begun === MESSAGES && resolve());
    });
    proxy.on('statement', watch);
    const posted = await Promise.all(Array.from({ length: MESSAGES }, (_, i) => server.post('/api/v1/intake/messages', TOKEN, wageComplaint(i))));
    await allBegun;
    proxy.off('statement', watch);
    for (const req of posted) req.destroy();
    const asked = Date.now();
    server.terminate();
    expect(await server.exited).toBe(0);
    expect(Date.now() - asked).toBeLessThan(GRACE_MS);
    proxy.latency(0);
    expect(server.output).not.toMatch(/\[db\]|\[http\]/);
    expect(await ds.getRepository(InboundMessage).countBy({ channel: 'wechat' })).toBe(MESSAGES);
  }, 60_000);
});

