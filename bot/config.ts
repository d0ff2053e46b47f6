import { z } from 'zod';

const envSchema = z.object({
  /** The puppet module: the web protocol by default (scan a QR code); a paid puppet for production. */
  WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-wechat4u'),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  /** Names the memory card file (<name>.memory-card.json) that keeps the WeChat login across restarts. */
  BOT_NAME: z.string().min(1).default('hotline-12351'),
  HOTLINE_API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** The backend's INTAKE_SERVICE_TOKEN. */
  HOTLINE_SERVICE_TOKEN: z.string().min(16),
  BOT_PUSH_HOST: z.string().min(1).default('127.0.0.1'),
  BOT_PUSH_PORT: z.coerce.number().int().min(0).max(65535).default(8788),
  /** The backend's BOT_PUSH_TOKEN. */
  BOT_PUSH_TOKEN: z.string().min(16),
  BOT_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** A pause between the messages of one answer: WeChat frowns on bursts. */
  BOT_REPLY_GAP_MS: z.coerce.number().int().min(0).default(800),
});

export type BotConfig = z.infer<typeof envSchema>;

export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid bot configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
