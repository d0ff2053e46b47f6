import Router from '@koa/router';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import { auditRoutes } from './audit/audit.routes';
import { recordDenied } from './audit/denied';
import { AuditService } from './audit/audit.service';
import { authRoutes } from './auth/auth.routes';
import { AuthService } from './auth/auth.service';
import type { Config } from './config';
import { Transactor } from './db/transaction';
import { Api } from './http/api';
import { errorHandler, noStore } from './http/middleware';
import { intakeRoutes } from './intake/intake.routes';
import { IntakeService } from './intake/intake.service';
import { knowledgeRoutes } from './knowledge/knowledge.routes';
import { KnowledgeService } from './knowledge/knowledge.service';
import { notificationRoutes } from './notifications/notification.routes';
import { Outbox } from './notifications/outbox';
import { buildRelay, Relay } from './notifications/relay';
import { orgRoutes } from './orgs/org.routes';
import { OrgService } from './orgs/org.service';
import { statsRoutes } from './stats/stats.routes';
import { StatsService } from './stats/stats.service';
import { workOrderRoutes } from './work-orders/work-order.routes';
import { WorkOrderService } from './work-orders/work-order.service';

export type Clock = () => Date;

/** Everything the HTTP layer, the seed and the scheduled jobs share. */
export interface Services {
  ds: DataSource;
  tx: Transactor;
  config: Config;
  clock: Clock;
  audit: AuditService;
  auth: AuthService;
  orgs: OrgService;
  workOrders: WorkOrderService;
  knowledge: KnowledgeService;
  intake: IntakeService;
  stats: StatsService;
  notifications: Outbox;
  relay: Relay;
}

export function buildServices(ds: DataSource, config: Config, clock: Clock = () => new Date()): Services {
  const tx = new Transactor(ds);
  const orgs = new OrgService(ds, tx);
  const audit = new AuditService(ds, tx, clock);
  const workOrders = new WorkOrderService(ds, tx, orgs, clock, audit, Boolean(config.STAFF_WEBHOOK_URL));
  const knowledge = new KnowledgeService(ds, tx, clock);
  return {
    ds,
    tx,
    config,
    clock,
    orgs,
    audit,
    auth: new AuthService(ds, config.TOKEN_TTL_HOURS * 3600_000, clock),
    workOrders,
    knowledge,
    intake: new IntakeService(ds, tx, workOrders, orgs, knowledge, clock, Boolean(config.STAFF_WEBHOOK_URL)),
    stats: new StatsService(ds, orgs, clock),
    notifications: new Outbox(ds, tx, clock),
    relay: buildRelay(tx, config, clock),
  };
}

export function createApp(services: Services): Koa {
  const app = new Koa();
  app.proxy = true;
  const api = new Api((token) => services.auth.authenticate(token), services.config.BODY_LIMIT_BYTES);

  const health = async (ctx: Koa.Context) => {
    const up = await services.ds.query('SELECT 1').then(() => true, () => false);
    ctx.status = up ? 200 : 503;
    return { status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down' };
  };
  api.publicRoute({ method: 'get', path: '/healthz', tag: 'ops', summary: '健康检查' }, ({ ctx }) => health(ctx));
  authRoutes(api, services.auth, services.audit);
  auditRoutes(api, services.audit);
  orgRoutes(api, services.orgs);
  workOrderRoutes(api, services.workOrders);
  knowledgeRoutes(api, services.knowledge);
  intakeRoutes(api, services.intake, {
    webhookSecret: services.config.HOTLINE_WEBHOOK_SECRET,
    serviceToken: services.config.INTAKE_SERVICE_TOKEN,
  }, services.clock);
  statsRoutes(api, services.stats, services.audit);
  notificationRoutes(api, services.notifications);

  const openapi = api.openApiDocument();
  const root = new Router();
  root.get('/healthz', async (ctx) => {
    ctx.body = await health(ctx);
  });
  root.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });

  // Only unexpected failures reach here (a 500): always worth a line in the log.
  app.on('error', (err: Error) => console.error('[http]', err));
  app.use(recordDenied(services.audit));
  app.use(errorHandler);
  app.use(noStore);
  app.use(root.routes());
  app.use(api.router.routes());
  return app;
}
