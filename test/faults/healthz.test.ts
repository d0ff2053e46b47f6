/**
 * The database goes away under a running app and comes back: /healthz says so quickly, requests
 * get a clean 503 meanwhile, the scheduled jobs keep ticking, and everything works again after,
 * in the same process.
 */
import { JobTick } from '../../src/sla/job.entity';
import { startRelay } from '../../src/notifications/relay';
import { startJobs } from '../../src/scheduler';
import { DeadlineSweep, SWEEP_JOB } from '../../src/sla/sweep';
import { DbProxy } from '../support/db-proxy';
import { FakeWechat } from '../support/fake-wechat';
import { Harness, SERVICE_TOKEN } from '../support/harness';
import { captureLogs, DATABASE_URL, onServerDatabase, waitFor } from './support';

onServerDatabase('the database goes away and comes back', () => {
  let proxy: DbProxy;
  let fake: FakeWechat;
  let h: Harness;
  let logs: ReturnType<typeof captureLogs>;
  let background: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    proxy = await DbProxy.forUrl(DATABASE_URL!);
    fake = await FakeWechat.start();
    h = await Harness.start({ env: { DATABASE_URL: proxy.url(DATABASE_URL!), ...fake.config() } });
  });
  afterAll(async () => {
    logs?.restore();
    proxy.restore();
    for (const job of background) await job.stop();
    await h.stop();
    await fake.stop();
    await proxy.close();
  });

  test('/healthz turns 503 within 2 s, requests get 503, jobs keep running, and all recovers without a restart', async () => {
    const health = () => h.request('GET', '/healthz');
    const orders = () => h.as('demo-agent', 'GET', '/api/v1/work-orders');
    expect((await health()).body).toMatchObject({ status: 'ok', db: 'up' });
    expect((await orders()).status).toBe(200);

    // The server's two background loops, as src/server.ts starts them, ticking fast. The sweep
    // runs once per minute of its clock, so its clock moves a minute per tick.
    const sweep = new DeadlineSweep(h.services.ds, h.services.tx);
    let minute = Date.now();
    background = [
      startJobs([{ name: SWEEP_JOB, cron: '* * * * * *', run: (now) => sweep.processDue(now) }], () => new Date(minute += 60_000)),
      startRelay(h.services, 100),
    ];
    const sweepRuns = () => h.services.ds.getRepository(JobTick).countBy({ job: SWEEP_JOB });
    await waitFor('a sweep run', async () => (await sweepRuns()) > 0, 3000);
    logs = captureLogs();

    // Silent: the host takes no connections and says nothing. /healthz must not wait on it.
    proxy.cut('hold');
    let began = Date.now();
    const silent = await health();
    expect(Date.now() - began).toBeLessThan(2000);
    expect(silent.status).toBe(503);
    expect(silent.body).toMatchObject({ status: 'degraded', db: 'down' });

    // Gone: connections are refused.
    proxy.cut('refuse');
    began = Date.now();
    expect(await health()).toMatchObject({ status: 503, body: { status: 'degraded', db: 'down' } });
    expect(Date.now() - began).toBeLessThan(2000);
    const refused = await orders();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toEqual({ error: { code: 'database_unavailable', message: expect.stringMatching(/数据库/), details: [] } });
    const message = await h.request('POST', '/api/v1/intake/messages', {
      token: SERVICE_TOKEN, body: { channel: 'wechat', messageId: 'outage-1', senderId: 'wx-outage', text: '老板拖欠工资' },
    });
    expect(message.status).toBe(503);
    // Refusing a request without a token needs no database, but recording the refusal does.
    const anonymous = await h.request('GET', '/api/v1/work-orders');
    expect(anonymous.status).toBe(401);

    // Both loops meet the outage, log it and carry on.
    await waitFor('the sweep and the relay failing', () =>
      logs.lines().some((l) => l.startsWith(`[${SWEEP_JOB}] failed`)) && logs.lines().some((l) => l.startsWith('[relay]')), 5000);
    expect(logs.lines().filter((l) => l.startsWith('[db] unavailable')).length).toBeGreaterThanOrEqual(2);
    expect(logs.lines().some((l) => l.startsWith('[http]'))).toBe(false);

    proxy.restore();
    await waitFor('/healthz ok', async () => (await health()).status === 200, 5000);
    expect((await health()).body).toMatchObject({ status: 'ok', db: 'up' });
    expect((await orders()).status).toBe(200);

    // Writes work, and what they queue is delivered by the same relay that met the outage.
    const order = await h.register();
    const dispatched = await h.act('demo-agent', order.id, 'dispatch', { unitId: await h.unitId('440100') });
    expect(dispatched.status).toBe(200);
    await waitFor('the desk notification', () => fake.hooks.some((x) => x.body.orderId === order.id && x.body.kind === 'desk_new'), 5000);
    const runsAfter = await sweepRuns();
    await waitFor('a sweep run after the outage', async () => (await sweepRuns()) > runsAfter, 5000);
  });
});
