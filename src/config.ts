import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('sqlite:data/hotline.sqlite'),
  DEMO_PASSWORD: z.string().min(8).default('demo12351'),
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /** Finished orders' personal data is pseudonymised after this many years. */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(30).default(3),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20),
  INTAKE_RATE_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_000_000),

  // Intake: the call-centre system signs its webhook; the bot presents a service token.
  HOTLINE_WEBHOOK_SECRET: z.string().min(16).optional(),
  INTAKE_SERVICE_TOKEN: z.string().min(16).optional(),

  // Notification outbox and relay.
  NOTIFY_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  NOTIFY_BATCH_SIZE: z.coerce.number().int().positive().default(50),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  NOTIFY_BACKOFF_BASE_SECONDS: z.coerce.number().positive().default(30),
  NOTIFY_BACKOFF_CAP_SECONDS: z.coerce.number().positive().default(3600),
  // A row claimed longer ago than this (a relay crashed mid-send) is sent again.
  NOTIFY_SENDING_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
  NOTIFY_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  BOT_PUSH_URL: httpUrl.optional(),
  BOT_PUSH_TOKEN: z.string().min(1).optional(),
  WECHAT_API_BASE: httpUrl.default('https://api.weixin.qq.com'),
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_SUBSCRIBE_TEMPLATE_ID: z.string().min(1).optional(),
  SMS_WEBHOOK_URL: httpUrl.optional(),
  STAFF_WEBHOOK_URL: httpUrl.optional(),

  // Mini-program: workers' login tokens and uploaded photos and voice notes.
  WORKER_TOKEN_TTL_DAYS: z.coerce.number().positive().default(30),
  /** Kept outside anything served; files are only handed out through the attachments API. */
  UPLOAD_DIR: z.string().min(1).default('data/uploads'),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
