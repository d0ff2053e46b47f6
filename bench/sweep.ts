/**
 * The deadline sweep over 100,000 open orders: how long processDue(now) takes when 1% of them
 * have a step due (a busy minute), when all of them have (the worst case, e.g. after a long
 * outage), and when none has. On a SQLite file, or on MySQL/MariaDB with BENCH_DATABASE_URL.
 *
 * Usage: npx tsx bench/sweep.ts [orders, default 100000]
 *   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/<db>: that database instead (emptied first)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { benchKeys } from './keys';
import { prepare } from '../src/server';
import { notifyOverdue } from '../src/notifications/overdue';
import { DeadlineSweep } from '../src/sla/sweep';

const COUNT = Number(process.argv[2] ?? 100_000);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-sweep-'));
  const url = process.env.BENCH_DATABASE_URL;
  const services = await prepare(loadConfig({ NODE_ENV: 'production', ...benchKeys(), DATABASE_URL: url ?? `sqlite:${join(dir, 'b.sqlite')}` }), { fresh: Boolean(url) });
  try {
    const ds = services.ds;
    const due = new Date('2026-03-03T15:59:59.999Z');
    // Open orders dispatched to Guangzhou, each with a sign deadline that has long passed.
    const seedStarted = Date.now();
    await services.tx.run(async (em) => {
      for (let i = 0; i < COUNT; i += 100) {
        const rows = Array.from({ length: Math.min(100, COUNT - i) }, (_, j) => ({
          number: `GD-BENCH-${String(i + j).padStart(7, '0')}`, channel: 'hotline' as const, category: 'wages' as const,
          summary: '拖欠工资', description: '拖欠工资', status: 'dispatched' as const, currentUnitId: 2,
          stageStartedAt: new Date('2026-03-02T02:00:00Z'), signDueAt: due, nextDueAt: due, dueBasis: 'workingDays' as const,
          // 1 in 100 is due for its reminder; the others are not looked at until much later.
          slaLevel: 0, slaCheckAt: (i + j) % 100 === 0 ? new Date('2026-03-03T01:00:00Z') : new Date('2027-01-01T00:00:00Z'),
          createdAt: new Date('2026-03-02T02:00:00Z'),
          updatedAt: new Date('2026-03-02T02:00:00Z'), version: 1,
        }));
        await em.getRepository('WorkOrder').insert(rows);
      }
    });
    console.log(`seeded ${COUNT} orders in ${Date.now() - seedStarted} ms`);

    const sweep = new DeadlineSweep(ds, services.tx);
    const time = async (label: string, now: Date) => {
      const started = process.hrtime.bigint();
      const report = await sweep.processDue(now);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`| ${label} | ${COUNT} open | ${report.orders} advanced, ${report.steps} steps | ${ms.toFixed(0)} ms |`);
    };
    await time('sweep, 1% due (reminder + yellow + red + escalation each)', new Date('2026-03-10T02:00:00Z'));
    await time('sweep, nothing due', new Date('2026-03-10T02:01:00Z'));
    await ds.query("UPDATE work_order SET sla_check_at = '2026-03-03 01:00:00.000' WHERE sla_level = 0");
    await time('sweep, every remaining order due', new Date('2026-03-10T02:02:00Z'));
    // The same backlog again, with desks notified as when STAFF_WEBHOOK_URL is set: the yellow
    // and red cards also write notices, one per desk and kind for each chunk's orders.
    await ds.query("UPDATE work_order SET sla_level = 0, sla_check_at = '2026-03-03 01:00:00.000'");
    const notified = new DeadlineSweep(ds, services.tx, notifyOverdue(() => new Date('2026-03-10T02:03:00Z')));
    const started = process.hrtime.bigint();
    const report = await notified.processDue(new Date('2026-03-10T02:03:00Z'));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM notification WHERE kind IN ('overdue', 'escalated')");
    console.log(`| sweep, every order due, desks notified | ${COUNT} open | ${report.orders} advanced, ${report.steps} steps, ${n} desk notices | ${ms.toFixed(0)} ms |`);
  } finally {
    await services.ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
