/**
 * A province's own time limits (SLA_POLICY_FILE), through the HTTP API and the sweep: the file is
 * read when the policy module loads, so it is set before the server's modules are loaded here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Harness } from '../support/harness';

const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);

const dir = mkdtempSync(join(tmpdir(), 'sla-policy-'));
const file = join(dir, 'sla.json');
writeFileSync(file, JSON.stringify({
  sign: { regular: { workingDays: 3 } },
  handle: { normal: { regular: { workingDays: 7 } } },
  extension: { maxWorkingDays: 15 },
  reminders: { workingDays: { atShanghaiHour: 14 } },
  cards: { escalateWithRed: false },
}));

let h: Harness;
let now = sh('2026-03-02 10:00'); // a Monday
let sweep: (at: Date) => Promise<unknown>;
beforeAll(async () => {
  process.env.SLA_POLICY_FILE = file;
  // Loaded only now, after the variable is set (an import would be hoisted above it).
  const { Harness } = require('../support/harness') as typeof import('../support/harness');
  const { DeadlineSweep } = require('../../src/sla/sweep') as typeof import('../../src/sla/sweep');
  h = await Harness.start({ clock: () => now });
  sweep = (at) => new DeadlineSweep(h.services.ds, h.services.tx).processDue(at);
});
afterAll(async () => {
  delete process.env.SLA_POLICY_FILE;
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const timeline = async (id: number) =>
  (await h.as('demo-agent', 'GET', `/api/v1/work-orders/${id}`)).body.timeline.map((e: { action: string }) => e.action)
    .filter((a: string) => ['remind', 'yellow_card', 'red_card', 'escalate'].includes(a));

test("the file's limits replace the defaults it names; the others stay", async () => {
  const gz = await h.unitId('440100');
  const order = await h.register();
  const dispatched = await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  // 3 working days to sign instead of 1.
  expect(dispatched.body.deadlines.signDueAt).toBe(sh('2026-03-05 23:59:59.999').toISOString());

  // The reminder comes at 14:00 on the due day, not 09:00.
  await sweep(sh('2026-03-05 13:59'));
  expect(await timeline(order.id)).toEqual([]);
  await sweep(sh('2026-03-05 14:00'));
  expect(await timeline(order.id)).toEqual(['remind']);

  // The red card still comes two working days after the deadline (not overridden), but without escalation.
  await sweep(sh('2026-03-10 00:01'));
  expect(await timeline(order.id)).toEqual(['remind', 'yellow_card', 'red_card']);
  const seen = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`);
  expect(seen.body).toMatchObject({ slaLevel: 3, currentUnit: { id: gz } });

  // 7 working days to handle a normal order instead of 3; hard orders keep their 5.
  now = sh('2026-03-10 10:00');
  const signed = await h.act('demo-gz', order.id, 'sign', { version: seen.body.version });
  expect(signed.body.deadlines.handleDueAt).toBe(sh('2026-03-19 23:59:59.999').toISOString());
});

test('an extension may run to the configured 15 working days, and no further', async () => {
  now = sh('2026-03-16 10:00');
  const gz = await h.unitId('440100');
  const order = await h.register();
  await h.act('demo-agent', order.id, 'dispatch', { unitId: gz });
  await h.act('demo-gz', order.id, 'sign');
  const tooLong = await h.act('demo-gz', order.id, 'request_extension', { days: 16, reason: '等待仲裁结果' });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.error.details).toEqual([{ path: 'body.days', message: expect.stringContaining('15') }]);
  const asked = await h.act('demo-gz', order.id, 'request_extension', { days: 12, reason: '等待仲裁结果' });
  expect(asked.status).toBe(200);
});
