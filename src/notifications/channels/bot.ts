import type { Notification } from '../notification.entity';
import { ChannelAdapter, DeliveryError } from './channel';
import { expectOk, postJson } from './http';

export interface BotConfig {
  url: string | undefined;
  token: string | undefined;
  timeoutMs: number;
}

/**
 * Pushes to the bot process, which messages the worker in the conversation they came from.
 * The notification id travels along: delivery is at least once, so the bot drops repeats by it.
 */
export class BotChannel implements ChannelAdapter {
  constructor(private readonly config: BotConfig) {}

  async send(n: Notification): Promise<void> {
    const { url, token, timeoutMs } = this.config;
    if (!url) throw new DeliveryError('未配置机器人推送地址 BOT_PUSH_URL', true);
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const res = await postJson(url, { id: n.id, contactId: n.recipient, orderId: n.orderId, kind: n.kind, text: n.text }, timeoutMs, headers);
    await expectOk(res, '机器人推送');
  }
}
