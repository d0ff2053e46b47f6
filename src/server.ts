import { createServer, Server } from 'node:http';
import { buildServices, Clock, createApp, Services } from './app';
import type { Config } from './config';
import { startCheckpointer } from './db/checkpointer';
import { InFlight } from './http/in-flight';
import { openDataSource } from './db/data-source';
import { seedKnowledgeBase } from './knowledge/seed';
import { notifyOverdue } from './notifications/overdue';
import { startRelay } from './notifications/relay';
import { seedUnionTree } from './orgs/seed-tree';
import { reseal } from './privacy/reseal';
import { RetentionService } from './retention/retention.service';
import { startJobs } from './scheduler';
import { DeadlineSweep } from './sla/sweep';
import { KpiRollup } from './stats/rollup';
import { seedDemoAccounts, seedDemoOrders } from './seed/demo';
import { indexPending, keepsIndex } from './work-orders/search';

/** Opens the database, brings the schema up to date and seeds what belongs there. */
export interface PrepareOptions {
  demoOrders?: boolean;
  clock?: Clock;
  /** Drop every table first (tests on a shared MySQL database). */
  fresh?: boolean;
}

export async function prepare(config: Config, options: PrepareOptions = {}): Promise<Services> {
  const ds = await openDataSource(config.DATABASE_URL);
  if (options.fresh) await ds.dropDatabase();
  await ds.runMigrations({ transaction: 'each' });
  const services = buildServices(ds, config, options.clock);
  // Personal data written before encryption at rest (or by an older version) is sealed now.
  await reseal(ds, services.tx, services.crypto, 'legacy');
  await services.tx.run((em) => seedUnionTree(em));
  await services.tx.run((em) => seedKnowledgeBase(em));
  if (config.NODE_ENV !== 'production') {
    await seedDemoAccounts(services, config.DEMO_PASSWORD);
    if (options.demoOrders ?? true) await seedDemoOrders(services);
  }
  return services;
}

export interface Running {
  services: Services;
  server: Server;
  /**
   * Stops taking work: the scheduler and relay first, then HTTP (letting requests finish, those
   * whose clients hung up included), then the database.
   */
  stop(): Promise<void>;
}

export async function start(config: Config): Promise<Running> {
  const services = await prepare(config);
  // Staff hear of overdue orders only where their desks are pushed to.
  const sweep = new DeadlineSweep(services.ds, services.tx, config.STAFF_WEBHOOK_URL ? notifyOverdue(services.clock) : undefined);
  const retention = new RetentionService(services.ds, services.tx, config.RETENTION_YEARS);
  const rollup = new KpiRollup(services.ds, services.tx, services.orgs);
  const scheduler = startJobs(config.SCHEDULED_JOBS === 'off' ? [] : [
    { name: 'sla-sweep', cron: '* * * * *', run: (now) => sweep.processDue(now) },
    // Finished orders leave the live KPI query for kpi_day within minutes.
    { name: 'kpi-rollup', cron: '*/5 * * * *', run: (now) => rollup.fold(now) },
    { name: 'retention', cron: '30 3 * * *', run: (now) => retention.pseudonymiseDue(now) },
    // New orders join the text search index within seconds; searches find them before that too.
    ...(keepsIndex(services.ds.manager) ? [{ name: 'search-index', cron: '*/10 * * * * *', run: () => indexPending(services.tx) }] : []),
  ], services.clock);
  const relay = startRelay(services, config.NOTIFY_RELAY_INTERVAL_MS);
  const checkpointer = await startCheckpointer(services.ds);
  const inFlight = new InFlight();
  const server = createServer(inFlight.wrap(createApp(services).callback())).listen(config.PORT, config.HOST);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    services,
    server,
    async stop() {
      await scheduler.stop();
      await relay.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await inFlight.settled();
      await checkpointer.stop();
      await services.ds.destroy();
    },
  };
}
