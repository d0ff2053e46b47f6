/**
 * The server process is killed (SIGKILL) while it dispatches an order, a transition that updates
 * the order and writes its assignment, reach rows, timeline event and two notifications. Killed
 * at a different statement each time, then started again on the same database, the order must be
 * exactly as it was before or exactly as it is after a dispatch, never anything in between, and
 * the dispatch must then be possible (again, or not again) as its state says.
 *
 * The proxy delays every packet a little, so the kill lands before the server hears back from the
 * statement that triggered it, and reports the SQL it forwards, so the test knows where it landed:
 * before the transaction, inside it (the database rolls it back when the connection dies), or
 * after COMMIT was sent (it commits, though the server never hears so).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { loadConfig } from '../../src/config';
import { Notification } from '../../src/notifications/notification.entity';
import { OrgUnit } from '../../src/orgs/org-unit.entity';
import { prepare } from '../../src/server';
import { Assignment } from '../../src/work-orders/assignment.entity';
import { WorkOrderEvent } from '../../src/work-orders/event.entity';
import { WorkOrderReach } from '../../src/work-orders/reach.entity';
import { WorkOrder } from '../../src/work-orders/work-order.entity';
import { DbProxy } from '../support/db-proxy';
import { DEMO_PASSWORD } from '../support/harness';
import { ServerProcess } from './server-process';
import { DATABASE_URL, onServerDatabase } from './support';

const LATENCY_MS = 5;

/** Where the kill landed, by the last statement the server sent. */
type Landing = 'before the transaction' | 'inside the transaction' | 'after COMMIT was sent';

/**
 * Everything the dispatch touches, without what differs between orders (ids, numbers, message
 * texts) and with times named by what they are: the registration, the transition, or a deadline.
 */
async function shapeOf(em: EntityManager, orderId: number) {
  // Waits for a transaction of the killed server that still holds the order (one the database has
  // not finished rolling back, or a COMMIT still on its way).
  await em.query('SELECT id FROM work_order WHERE id = ? FOR UPDATE', [orderId]);
  const order = await em.getRepository(WorkOrder).findOneByOrFail({ id: orderId });
  const registered = order.createdAt.getTime();
  const changed = order.updatedAt.getTime();
  const time = (d: Date) => (d.getTime() === registered ? 'registered' : d.getTime() === changed ? 'transition' : d.getTime() > changed ? 'later' : d.toISOString());
  const plain = (row: object, leaveOut: string[]) => Object.fromEntries(Object.entries(row)
    .filter(([k]) => !leaveOut.includes(k))
    .map(([k, v]) => [k, v instanceof Date ? time(v) : v]));
  const byOrder = { where: { orderId }, order: { id: 'ASC' as const } };
  return {
    order: plain(order, ['id', 'number']),
    assignments: (await em.getRepository(Assignment).find(byOrder)).map((a) => plain(a, ['id', 'orderId'])),
    events: (await em.getRepository(WorkOrderEvent).find(byOrder)).map((e) => plain(e, ['id', 'orderId'])),
    reach: (await em.getRepository(WorkOrderReach).findBy({ orderId })).map((r) => r.unitId).sort((a, b) => a - b),
    // Their times are kept to whole seconds; the texts carry the order's number.
    notifications: (await em.getRepository(Notification).find(byOrder)).map(({ channel, recipient, kind, status, attempts }) => ({ channel, recipient, kind, status, attempts })),
  };
}

onServerDatabase('the server killed in the middle of a transition', () => {
  let proxy: DbProxy;
  let ds: DataSource;
  let server: ServerProcess;
  const tokens: Record<string, string> = {};
  let districtId: number;

  const startServer = async () => {
    server = await ServerProcess.start({
      NODE_ENV: 'production',
      DATABASE_URL: proxy.url(DATABASE_URL!),
      // Desks are pushed to, so the dispatch writes a desk notification too; the relay stays idle,
      // and no scheduled job's statements mix with the dispatch's.
      STAFF_WEBHOOK_URL: 'http://127.0.0.1:9/desk',
      NOTIFY_RELAY_INTERVAL_MS: '3600000',
      SCHEDULED_JOBS: 'off',
    });
  };
  const shape = (orderId: number) => ds.transaction((em) => shapeOf(em, orderId));
  const register = async () => {
    const res = await server.request('POST', '/api/v1/work-orders', {
      token: tokens.agent,
      body: {
        channel: 'hotline', summary: '拖欠工资', description: '天河区一家餐馆两个月没发工资。', category: 'wages', regionCode: '440106',
        employer: '天河某餐馆', worker: { name: '张三', phone: '13812341234', anonymous: false },
      },
    });
    expect(res.status).toBe(201);
    return res.body as { id: number; version: number };
  };
  const dispatch = (order: { id: number; version: number }) =>
    server.request('POST', `/api/v1/work-orders/${order.id}/actions/dispatch`, { token: tokens.agent, body: { version: order.version, unitId: districtId } });

  /** Dispatches `order` and kills the server as it sends its `statement`-th SQL statement. */
  async function killDispatch(order: { id: number; version: number }, statement: number): Promise<Landing | null> {
    let sent = 0;
    let committed = false;
    const open = new Set<number>();
    let landing: Landing | null = null;
    const watch = (sql: string, link: number) => {
      if (sql === 'START TRANSACTION') open.add(link);
      if (sql === 'COMMIT' && open.delete(link)) committed = true;
      if (++sent !== statement) return;
      landing = committed ? 'after COMMIT was sent' : open.size ? 'inside the transaction' : 'before the transaction';
      server.kill();
    };
    proxy.on('statement', watch);
    proxy.latency(LATENCY_MS);
    const reply = await dispatch(order).catch(() => null);
    // The request ended before its `statement`-th statement: fail on `landing`, not by hanging here.
    if (landing === null) server.kill();
    await server.exited;
    proxy.off('statement', watch);
    proxy.latency(0);
    expect(reply).toBeNull();
    await proxy.drained();
    return landing;
  }

  beforeAll(async () => {
    proxy = await DbProxy.forUrl(DATABASE_URL!);
    // Schema, union tree and demo accounts; the servers then start on it as in production.
    const services = await prepare(loadConfig({ NODE_ENV: 'test', DATABASE_URL: DATABASE_URL!, DEMO_PASSWORD }), { demoOrders: false, fresh: true });
    ds = services.ds;
    districtId = (await ds.getRepository(OrgUnit).findOneByOrFail({ code: '440106' })).id;
    await startServer();
    for (const [role, username] of [['agent', 'demo-agent'], ['handler', 'demo-gz-tianhe']]) {
      const login = await server.request('POST', '/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });
      tokens[role] = login.body.token;
    }
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
    await proxy?.close();
  });

  test('killed at every statement of a dispatch\'s transaction, the order is always wholly before or wholly after it', async () => {
    // A dispatch that runs to the end: the two states, and the statements it takes.
    const control = await register();
    const before = await shape(control.id);
    const statements: string[] = [];
    const record = (sql: string) => statements.push(sql);
    proxy.on('statement', record);
    expect((await dispatch(control)).status).toBe(200);
    proxy.off('statement', record);
    const after = await shape(control.id);
    expect(after).not.toEqual(before);
    expect(after.order).toMatchObject({ status: 'dispatched', currentUnitId: districtId, version: control.version + 1, signDueAt: 'later' });
    // Statements are counted from 1, the first the request sends.
    const begin = statements.indexOf('START TRANSACTION') + 1;
    const commit = statements.indexOf('COMMIT') + 1;
    expect(begin).toBeGreaterThan(2);
    expect(commit).toBeGreaterThan(begin + 3);
    // The first statement, the last before the transaction, each one in it up to COMMIT, one after.
    const killPoints = [1, begin - 1, ...Array.from({ length: commit - begin + 1 }, (_, i) => begin + i), commit + 1];

    const landings: Array<{ statement: number; landing: Landing | null; state: 'before' | 'after' }> = [];
    for (const statement of killPoints) {
      const order = await register();
      expect(await shape(order.id)).toEqual(before);
      const landing = await killDispatch(order, statement);
      await startServer();

      const committed = landing === 'after COMMIT was sent';
      expect({ statement, landing: landing !== null, state: await shape(order.id) }).toEqual({ statement, landing: true, state: committed ? after : before });
      landings.push({ statement, landing, state: committed ? 'after' : 'before' });

      // Whichever it is, the order goes on: dispatched now, or refused as already dispatched.
      const again = await dispatch(order);
      if (committed) expect(again).toMatchObject({ status: 409, body: { error: { code: 'stale_version' } } });
      else expect(again).toMatchObject({ status: 200, body: { status: 'dispatched', version: order.version + 1 } });
      expect(await shape(order.id)).toEqual(after);
      const signed = await server.request('POST', `/api/v1/work-orders/${order.id}/actions/sign`, { token: tokens.handler, body: { version: order.version + 1 } });
      expect(signed).toMatchObject({ status: 200, body: { status: 'handling' } });
    }

    const count = (l: Landing) => landings.filter((x) => x.landing === l).length;
    expect(count('inside the transaction')).toBeGreaterThan(0);
    expect(count('after COMMIT was sent')).toBeGreaterThan(0);
    expect(landings.filter((x) => x.state === 'before').length).toBeGreaterThan(0);
  }, 85_000);
});
