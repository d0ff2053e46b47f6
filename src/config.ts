import { z } from 'zod';
import { base64Key, parseFieldKeys } from './privacy/field-crypto';

const httpUrl = z.url({ protocol: /^https?$/ });

/** A value parsed by `parse`, whose error message becomes the configuration error. */
const parsed = <T>(parse: (text: string) => T) =>
  z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

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

  /** `off` for an instance that only answers requests: no deadline sweep, roll-up, retention or indexing. */
  SCHEDULED_JOBS: z.enum(['on', 'off']).default('on'),

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

  // Personal data at rest (src/privacy/field-crypto.ts): the AES-256-GCM keyring, current key
  // first, and the HMAC key of the hashes phones are looked up by. Fixed dev keys outside production.
  FIELD_KEYS: parsed(parseFieldKeys).optional(),
  FIELD_HASH_KEY: parsed((text) => base64Key(text, 'FIELD_HASH_KEY', false)).optional(),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV !== 'production') return;
  for (const name of ['FIELD_KEYS', 'FIELD_HASH_KEY'] as const) {
    if (!env[name]) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: name === 'FIELD_KEYS'
          ? 'required in production: "keyId:<base64 of 32 bytes>", current key first, older ones after it (e.g. k1:$(openssl rand -base64 32))'
          : 'required in production: base64 of at least 32 bytes (openssl rand -base64 32)',
      });
    }
  }
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
