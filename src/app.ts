import Router from '@koa/router';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import { attachmentRoutes } from './attachments/attachment.routes';
import { AttachmentService } from './attachments/attachment.service';
import { auditRoutes } from './audit/audit.routes';
import { recordDenied } from './audit/denied';
import { AuditService } from './audit/audit.service';
import { authRoutes } from './auth/auth.routes';
import { BotGateway, buildBotGateway } from './bot-gateway/bot-gateway.service';
import { botRoutes } from './bot-gateway/bot.routes';
import { AuthService } from './auth/auth.service';
import { TotpService } from './auth/totp.service';
import type { Config } from './config';
import { databaseAnswers } from './db/availability';
import { Transactor } from './db/transaction';
import { Api } from './http/api';
import { labelRoutes } from './http/labels';
import { errorHandler, noStore } from './http/middleware';
import { RateLimiter } from './http/rate-limit';
import { CONSOLE_PATH, defaultConsoleDir, serveConsole } from './http/static';
import { intakeRoutes } from './intake/intake.routes';
import { IntakeService } from './intake/intake.service';
import { knowledgeRoutes } from './knowledge/knowledge.routes';
import { KnowledgeService } from './knowledge/knowledge.service';
import { AppealService } from './mp/appeal.service';
import { LookupService } from './mp/lookup.service';
import { MpAuthService } from './mp/mp-auth.service';
import { mpLimits, mpRoutes } from './mp/mp.routes';
import { ResultsService } from './mp/results.service';
import { WechatLogin } from './mp/wechat-login';
import { notificationRoutes } from './notifications/notification.routes';
import { Outbox } from './notifications/outbox';
import { buildRelay, Relay } from './notifications/relay';
import { orgRoutes } from './orgs/org.routes';
import { OrgService } from './orgs/org.service';
import { FieldCrypto, fieldCryptoFrom } from './privacy/field-crypto';
import { calendarWarning } from './sla/calendar';
import { statsRoutes } from './stats/stats.routes';
import { StatsService } from './stats/stats.service';
import { workOrderRoutes } from './work-orders/work-order.routes';
import { WorkOrderService } from './work-orders/work-order.service';
import { WorkerIdentities } from './workers/worker-identities';
import { workerRoutes } from './workers/worker.routes';
import { WorkerService } from './workers/worker.service';

export type Clock = () => Date;

/** A database slower than this to answer `SELECT 1` counts as down for /healthz. */
const HEALTH_TIMEOUT_MS = 1000;

/** Everything the HTTP layer, the seed and the scheduled jobs share. */
export interface Services {
  ds: DataSource;
  tx: Transactor;
  config: Config;
  clock: Clock;
  /** Seals and opens personal data and staff TOTP secrets at rest with the configured keys. */
  crypto: FieldCrypto;
  /** Workers' sealed name, phone and ID number; revealing them to the centre desk. */
  workers: { identities: WorkerIdentities; service: WorkerService };
  audit: AuditService;
  auth: AuthService;
  totp: TotpService;
  orgs: OrgService;
  workOrders: WorkOrderService;
  knowledge: KnowledgeService;
  intake: IntakeService;
  /** The WeChat bot's conversations (src/bot-gateway). */
  bot: BotGateway;
  stats: StatsService;
  notifications: Outbox;
  relay: Relay;
  attachments: AttachmentService;
  /** The mini-program's workers, appeals, public lookup and published results. */
  mp: { auth: MpAuthService; appeals: AppealService; lookup: LookupService; results: ResultsService };
}

export function buildServices(ds: DataSource, config: Config, clock: Clock = () => new Date()): Services {
  const tx = new Transactor(ds);
  const orgs = new OrgService(ds, tx);
  const audit = new AuditService(ds, tx, clock);
  const crypto = fieldCryptoFrom(config);
  const identities = new WorkerIdentities(crypto);
  const attachments = new AttachmentService(ds, config.UPLOAD_DIR, clock);
  const workOrders = new WorkOrderService(ds, tx, orgs, clock, audit, attachments, identities, Boolean(config.STAFF_WEBHOOK_URL));
  const knowledge = new KnowledgeService(ds, tx, clock);
  const auth = new AuthService(ds, config.TOKEN_TTL_HOURS * 3600_000, config.SESSION_IDLE_MINUTES * 60_000, clock, crypto);
  const intake = new IntakeService(ds, tx, workOrders, orgs, knowledge, clock, identities);
  const wechatLogin = new WechatLogin({
    apiBase: config.WECHAT_API_BASE, appId: config.WECHAT_APP_ID, appSecret: config.WECHAT_APP_SECRET, timeoutMs: config.NOTIFY_HTTP_TIMEOUT_MS,
  });
  return {
    ds,
    tx,
    config,
    clock,
    crypto,
    workers: { identities, service: new WorkerService(ds, identities, audit) },
    orgs,
    audit,
    auth,
    totp: new TotpService(ds, auth, clock, crypto),
    workOrders,
    knowledge,
    intake,
    bot: buildBotGateway(ds, tx, intake, orgs, clock, identities, crypto),
    stats: new StatsService(ds, orgs, clock),
    notifications: new Outbox(ds, tx, clock, crypto),
    relay: buildRelay(tx, config, clock, crypto),
    attachments,
    mp: {
      auth: new MpAuthService(ds, tx, wechatLogin, auth, config.WORKER_TOKEN_TTL_DAYS * 24 * 3600_000, clock, identities),
      appeals: new AppealService(ds, intake, workOrders, attachments, clock, identities),
      lookup: new LookupService(ds, identities),
      results: new ResultsService(ds, clock, identities),
    },
  };
}

export function createApp(services: Services): Koa {
  const app = new Koa();
  app.proxy = true;
  const api = new Api((token) => services.auth.session(token), services.config.BODY_LIMIT_BYTES);

  const health = async (ctx: Koa.Context) => {
    const up = await databaseAnswers(services.ds, HEALTH_TIMEOUT_MS);
    ctx.status = up ? 200 : 503;
    // Something an operator must fix before it bites, while the service itself runs as it should.
    const warning = calendarWarning(services.clock());
    return { status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down', ...(warning ? { warnings: [warning] } : {}) };
  };
  api.publicRoute({ method: 'get', path: '/healthz', tag: 'ops', summary: '健康检查' }, ({ ctx }) => health(ctx));
  const { LOGIN_RATE_PER_MINUTE: login, INTAKE_RATE_PER_MINUTE: intake } = services.config;
  authRoutes(api, services.auth, services.totp, services.audit, new RateLimiter(login, login, services.clock));
  auditRoutes(api, services.audit);
  orgRoutes(api, services.orgs);
  workOrderRoutes(api, services.workOrders);
  workerRoutes(api, services.workers.service);
  knowledgeRoutes(api, services.knowledge);
  intakeRoutes(api, services.intake, {
    webhookSecret: services.config.HOTLINE_WEBHOOK_SECRET,
    serviceToken: services.config.INTAKE_SERVICE_TOKEN,
  }, services.clock, new RateLimiter(intake, intake, services.clock));
  botRoutes(api, services.bot, services.config.INTAKE_SERVICE_TOKEN);
  statsRoutes(api, services.stats, services.audit);
  notificationRoutes(api, services.notifications);
  attachmentRoutes(api, services.attachments, (ctx) => services.mp.auth.viewerOf(ctx));
  mpRoutes(api, {
    ...services.mp,
    attachments: services.attachments,
    workOrders: services.workOrders,
    audit: services.audit,
    subscribeTemplateId: services.config.WECHAT_SUBSCRIBE_TEMPLATE_ID ?? null,
    limits: mpLimits(login, services.clock),
  });
  labelRoutes(api);

  const openapi = api.openApiDocument();
  const root = new Router();
  root.get('/healthz', async (ctx) => {
    ctx.body = await health(ctx);
  });
  root.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  root.get('/', (ctx) => ctx.redirect(`${CONSOLE_PATH}/`));

  // Only unexpected failures reach here (a 500): always worth a line in the log.
  app.on('error', (err: Error) => console.error('[http]', err));
  app.use(recordDenied(services.audit));
  app.use(errorHandler);
  app.use(noStore);
  app.use(serveConsole(defaultConsoleDir()));
  app.use(root.routes());
  app.use(api.router.routes());
  return app;
}
