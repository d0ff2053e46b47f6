/**
 * A thousand finished calls arrive from the call-centre system while the database goes away
 * twice. The call-centre system, like any client, sends each call again (same callId) until it
 * gets a 2xx. Some first attempts commit without their answer getting back (the connection dies
 * after COMMIT); their retries must find what was stored instead of storing it again.
 */
import { classify } from '../../src/classification/classifier';
import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { employerKey } from '../../src/work-orders/merge-key';
import { Petitioner } from '../../src/intake/petitioner.entity';
import { sign } from '../../src/intake/signature';
import { Notification } from '../../src/notifications/notification.entity';
import { WorkOrderEvent } from '../../src/work-orders/event.entity';
import { WorkOrder } from '../../src/work-orders/work-order.entity';
import { DbProxy } from '../support/db-proxy';
import { Harness, WEBHOOK_SECRET } from '../support/harness';
import { captureLogs, DATABASE_URL, onServerDatabase, sleep, waitFor } from './support';

const CALLS = 1000;
const CLIENTS = 16;
const OUTAGE_MS = 2000;

/** Employer names are two of these characters: more pairs than calls, as not every pair reads as a name. */
const SYLLABLES = [...'金银铜锦绣华美宏远恒达光明利丰盛鑫源泰隆兴旺富荣昌祥瑞嘉安康德顺鸿星'];

/**
 * `count` complaints about unpaid wages in 天河区, each about an employer of its own, so each must
 * become an order of its own (并单 joins only complaints about the same employer): the texts are
 * kept only if the classifier reads them so.
 */
function distinctComplaints(count: number): string[] {
  const texts: string[] = [];
  const employers = new Set<string>();
  for (const a of SYLLABLES) {
    for (const b of SYLLABLES) {
      const text = `我在天河区${a}${b}电子厂上班，老板拖欠三个月工资`;
      const c = classify(text);
      const key = employerKey(c);
      if (!key || employers.has(key) || c.kind !== 'complaint' || c.category !== 'wages' || c.mass || c.crisis || c.districtCode !== '440106') continue;
      employers.add(key);
      texts.push(text);
    }
  }
  return texts.slice(0, count);
}

interface Call {
  callId: string;
  body: string;
}

interface Outcome {
  status: number;
  contactId: number;
  orderId: number;
  outcome: string;
  repeated: boolean;
}

onServerDatabase('intake while the database goes away', () => {
  let proxy: DbProxy;
  let h: Harness;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    proxy = await DbProxy.forUrl(DATABASE_URL!);
    // Retries come from one address; the per-minute limit is not what is tested here.
    h = await Harness.start({ env: { DATABASE_URL: proxy.url(DATABASE_URL!), INTAKE_RATE_PER_MINUTE: '1000000' } });
  });
  afterAll(async () => {
    logs?.restore();
    proxy.restore();
    await h.stop();
    await proxy.close();
  });

  const calls: Call[] = distinctComplaints(CALLS).map((transcript, i) => {
    const now = new Date().toISOString();
    return {
      callId: `outage-call-${i}`,
      body: JSON.stringify({
        callId: `outage-call-${i}`,
        callerNumber: `139${String(i).padStart(8, '0')}`,
        transcript,
        startedAt: now,
        endedAt: now,
      }),
    };
  });

  /** One attempt, signed afresh as the call-centre system does for each send. */
  async function post(call: Call): Promise<{ status: number; body: any } | null> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const res = await fetch(`${h.baseUrl}/api/v1/intake/hotline`, {
        method: 'POST',
        body: call.body,
        headers: { 'content-type': 'application/json', 'x-hotline-timestamp': timestamp, 'x-hotline-signature': sign(WEBHOOK_SECRET, timestamp, call.body) },
      });
      return { status: res.status, body: await res.json() };
    } catch {
      return null;
    }
  }

  const outcomeOf = (reply: { status: number; body: any }): Outcome => ({
    status: reply.status, contactId: reply.body.id, orderId: reply.body.order?.id, outcome: reply.body.outcome, repeated: reply.body.repeated,
  });

  /** Runs `send` for every call with `CLIENTS` calls in flight. */
  async function eachCall(send: (call: Call) => Promise<void>): Promise<void> {
    let next = 0;
    const client = async () => {
      while (next < calls.length) await send(calls[next++]);
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
  }

  /** Sends every call, each again after a short wait until it gets a 2xx; `during` runs alongside. */
  async function sendAll(during: (progress: { answered(): number; failed(): number }) => Promise<void>) {
    const first = new Map<string, Outcome>();
    const failures: Array<{ status: number | null; body: unknown }> = [];
    const sending = eachCall(async (call) => {
      for (let attempt = 1; ; attempt++) {
        const reply = await post(call);
        if (reply && reply.status >= 200 && reply.status < 300) {
          first.set(call.callId, outcomeOf(reply));
          return;
        }
        failures.push({ status: reply?.status ?? null, body: reply?.body });
        await sleep(Math.min(400, 50 * attempt));
      }
    });
    await Promise.all([sending, during({ answered: () => first.size, failed: () => failures.length })]);
    return { first, failures };
  }

  test('1,000 calls through two outages: 1,000 contacts, 1,000 orders, every retry answered as first stored', async () => {
    expect(calls).toHaveLength(CALLS);
    logs = captureLogs();
    const outages: Array<{ mode: 'refuse' | 'hold'; failuresDuring: number }> = [];
    const { first, failures } = await sendAll(async (progress) => {
      for (const [after, mode] of [[CALLS / 4, 'refuse'], [CALLS * 0.6, 'hold']] as const) {
        await waitFor(`${after} calls answered`, () => progress.answered() >= after, 60_000, 10);
        const before = progress.failed();
        proxy.cut(mode);
        await sleep(OUTAGE_MS);
        proxy.restore();
        outages.push({ mode, failuresDuring: progress.failed() - before });
      }
    });
    logs.restore();

    // The outages were felt, and felt only as 503 database_unavailable: no 500, no other error.
    expect(outages.map((o) => o.mode)).toEqual(['refuse', 'hold']);
    for (const o of outages) expect(o.failuresDuring).toBeGreaterThan(0);
    expect(logs.lines().filter((l) => !l.startsWith('[db] unavailable'))).toEqual([]);
    expect(failures.filter((f) => f.status !== 503 || (f.body as any)?.error?.code !== 'database_unavailable')).toEqual([]);
    expect(first.size).toBe(CALLS);

    // Exactly one contact and one order per call, linked both ways.
    const ds = h.services.ds;
    const contacts = await ds.getRepository(InboundMessage).find({ where: { channel: 'hotline' } });
    expect(contacts).toHaveLength(CALLS);
    expect(new Set(contacts.map((c) => c.externalId)).size).toBe(CALLS);
    expect(contacts.every((c) => c.outcome === 'order' && c.orderId !== null)).toBe(true);
    expect(new Set(contacts.map((c) => c.orderId)).size).toBe(CALLS);
    expect(await ds.getRepository(WorkOrder).count()).toBe(CALLS);
    const petitioners = await ds.getRepository(Petitioner).find();
    expect(petitioners).toHaveLength(CALLS);
    const contactOf = new Map(contacts.map((c) => [c.orderId, c.id]));
    expect(petitioners.every((p) => contactOf.get(p.orderId) === p.inboundMessageId)).toBe(true);
    // One timeline entry and one message to the worker per order: nothing ran twice.
    const perOrder = async (table: string, extra = '') =>
      ds.query(`SELECT order_id, COUNT(*) AS n FROM ${table} WHERE order_id IS NOT NULL ${extra} GROUP BY order_id HAVING COUNT(*) <> 1`);
    expect(await ds.getRepository(WorkOrderEvent).count()).toBe(CALLS);
    expect(await perOrder('work_order_event')).toEqual([]);
    expect(await ds.getRepository(Notification).countBy({ kind: 'order_accepted' })).toBe(CALLS);
    expect(await perOrder('notification', "AND kind = 'order_accepted'")).toEqual([]);

    // What each call was first answered is what was stored, whether that answer came from the
    // attempt that stored it (201) or from a retry after an answer was lost (200, repeated).
    const byCall = new Map(contacts.map((c) => [c.externalId, c]));
    for (const call of calls) {
      const stored = byCall.get(call.callId)!;
      expect(first.get(call.callId)).toEqual({
        status: expect.any(Number), contactId: stored.id, orderId: stored.orderId, outcome: 'order', repeated: expect.any(Boolean),
      });
    }
    // And every later retry gets the same answer again.
    const replays = new Map<string, Outcome | null>();
    await eachCall(async (call) => {
      const reply = await post(call);
      replays.set(call.callId, reply && outcomeOf(reply));
    });
    for (const call of calls) expect(replays.get(call.callId)).toEqual({ ...first.get(call.callId)!, status: 200, repeated: true });
  }, 80_000);
});
