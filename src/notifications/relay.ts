import { In, LessThanOrEqual } from 'typeorm';
import type { Clock } from '../app';
import type { Config } from '../config';
import type { Transactor } from '../db/transaction';
import type { FieldCrypto } from '../privacy/field-crypto';
import { BotChannel } from './channels/bot';
import { ChannelAdapter, DeliveryError } from './channels/channel';
import { SmsChannel, WebhookSmsProvider } from './channels/sms';
import { WebhookChannel } from './channels/webhook';
import { WechatSubscribeChannel } from './channels/wechat';
import { Notification, NotificationChannel } from './notification.entity';

export interface RelayOptions {
  /** Sends tried before a notification is given up as `dead`. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to the cap. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** How long a claim holds; a row still `sending` after that (its relay died) is due again. */
  sendingTimeoutMs: number;
}

export type ChannelAdapters = Record<NotificationChannel, ChannelAdapter>;

/** What one pass did; `claimed` counts rows this relay won, the rest add up to it. */
export interface PassResult {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
  /** Lost to another relay after the claim lapsed: its outcome was not recorded. */
  superseded: number;
}

type Outcome = Pick<Notification, 'status' | 'nextAttemptAt' | 'lastError'> & Partial<Pick<Notification, 'sentAt'>>;

/**
 * Delivers due notifications, at least once. Several relays (processes or timers) may run at
 * the same time: each row is claimed by a conditional update, so one pass of one relay sends it.
 * A relay that dies mid-send leaves its rows `sending`; they become due again after the claim
 * lapses, and may then be sent twice, which receivers must tolerate (each push carries its id).
 */
export class Relay {
  constructor(
    private readonly tx: Transactor,
    private readonly adapters: ChannelAdapters,
    private readonly options: RelayOptions,
  ) {}

  async deliverDue(now: Date, limit: number): Promise<PassResult> {
    const claimed = await this.claim(now, limit);
    // In parallel, so a pass lasts about one send and claims do not lapse while rows wait their turn.
    const outcomes = await Promise.all(claimed.map(async (n) => this.settle(n, await this.attempt(n, now))));
    const count = (s: string) => outcomes.filter((o) => o === s).length;
    return { claimed: claimed.length, sent: count('sent'), retrying: count('pending'), dead: count('dead'), superseded: count('superseded') };
  }

  /** Pending rows whose time has come and lapsed claims, oldest first, that this relay wins. */
  private async claim(now: Date, limit: number): Promise<Notification[]> {
    // Through the Transactor: on SQLite's one connection a bare query could land inside another transaction.
    const due = await this.tx.run((em) =>
      em.getRepository(Notification).find({
        where: { status: In(['pending', 'sending']), nextAttemptAt: LessThanOrEqual(now) },
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
        take: limit,
      }));
    const won: Notification[] = [];
    for (const n of due) {
      const claim = { status: 'sending' as const, attempts: n.attempts + 1, nextAttemptAt: new Date(now.getTime() + this.options.sendingTimeoutMs) };
      // Every claim bumps `attempts`, so of two relays that read the same row only one matches.
      const res = await this.tx.run((em) =>
        em.getRepository(Notification).update({ id: n.id, status: n.status, attempts: n.attempts }, claim));
      if (res.affected === 1) won.push(Object.assign(n, claim));
    }
    return won;
  }

  private async attempt(n: Notification, now: Date): Promise<Outcome> {
    try {
      await this.adapters[n.channel].send(n);
      return { status: 'sent', sentAt: now, nextAttemptAt: null, lastError: null };
    } catch (err) {
      const lastError = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const permanent = err instanceof DeliveryError && err.permanent;
      if (permanent || n.attempts >= this.options.maxAttempts) return { status: 'dead', nextAttemptAt: null, lastError };
      return { status: 'pending', nextAttemptAt: new Date(now.getTime() + this.backoffMs(n.attempts)), lastError };
    }
  }

  /** Records the outcome unless the claim lapsed and another relay took the row meanwhile. */
  private async settle(n: Notification, outcome: Outcome): Promise<Outcome['status'] | 'superseded'> {
    const res = await this.tx.run((em) =>
      em.getRepository(Notification).update({ id: n.id, status: 'sending', attempts: n.attempts }, outcome));
    return res.affected === 1 ? outcome.status : 'superseded';
  }

  /** The wait after the `attempts`-th failure: base × 2^(attempts−1), capped. */
  private backoffMs(attempts: number): number {
    return Math.min(this.options.backoffCapMs, this.options.backoffBaseMs * 2 ** (attempts - 1));
  }
}

/** The relay with the four channel adapters the configuration describes. */
export function buildRelay(tx: Transactor, config: Config, clock: Clock, crypto: FieldCrypto): Relay {
  const timeoutMs = config.NOTIFY_HTTP_TIMEOUT_MS;
  const adapters: ChannelAdapters = {
    bot: new BotChannel({ url: config.BOT_PUSH_URL, token: config.BOT_PUSH_TOKEN, timeoutMs }),
    wechat_subscribe: new WechatSubscribeChannel({
      apiBase: config.WECHAT_API_BASE,
      appId: config.WECHAT_APP_ID,
      appSecret: config.WECHAT_APP_SECRET,
      templateId: config.WECHAT_SUBSCRIBE_TEMPLATE_ID,
      timeoutMs,
    }, clock),
    sms: new SmsChannel(config.SMS_WEBHOOK_URL ? new WebhookSmsProvider(config.SMS_WEBHOOK_URL, timeoutMs) : null, crypto),
    webhook: new WebhookChannel({ staffUrl: config.STAFF_WEBHOOK_URL, timeoutMs }),
  };
  return new Relay(tx, adapters, {
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    backoffBaseMs: config.NOTIFY_BACKOFF_BASE_SECONDS * 1000,
    backoffCapMs: config.NOTIFY_BACKOFF_CAP_SECONDS * 1000,
    sendingTimeoutMs: config.NOTIFY_SENDING_TIMEOUT_SECONDS * 1000,
  });
}

export interface RelayHost {
  relay: Pick<Relay, 'deliverDue'>;
  clock: Clock;
  config: Pick<Config, 'NOTIFY_BATCH_SIZE'>;
}

export interface RelayLoop {
  /** Stops the timer and waits for a pass in progress, so the database can close after it. */
  stop(): Promise<void>;
}

/** Runs a relay pass every `intervalMs`; a tick that finds the previous pass still running is skipped. */
export function startRelay(host: RelayHost, intervalMs: number): RelayLoop {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = host.relay
      .deliverDue(host.clock(), host.config.NOTIFY_BATCH_SIZE)
      .then(() => undefined, (err: unknown) => console.error('[relay]', err))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  // Never the reason the process stays up.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
