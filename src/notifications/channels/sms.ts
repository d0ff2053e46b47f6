import type { Notification } from '../notification.entity';
import { ChannelAdapter, DeliveryError } from './channel';
import { expectOk, postJson } from './http';

/**
 * Where real SMS gateways plug in. `ref` identifies the notification, so a gateway that supports
 * it can drop repeats of an at-least-once delivery. Throws DeliveryError.
 */
export interface SmsProvider {
  send(phone: string, text: string, ref: string): Promise<void>;
}

/** The default provider: hands the message to an HTTP endpoint (an SMS gateway or relay). */
export class WebhookSmsProvider implements SmsProvider {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async send(phone: string, text: string, ref: string): Promise<void> {
    await expectOk(await postJson(this.url, { ref, phone, text }, this.timeoutMs), '短信网关');
  }
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

export class SmsChannel implements ChannelAdapter {
  constructor(private readonly provider: SmsProvider | null) {}

  async send(n: Notification): Promise<void> {
    if (!this.provider) throw new DeliveryError('未配置短信服务：请设置 SMS_WEBHOOK_URL', true);
    // The message stays free of the number: errors are shown to staff.
    if (!MAINLAND_MOBILE.test(n.recipient)) throw new DeliveryError('接收号码不是有效的手机号', true);
    await this.provider.send(n.recipient, n.text, `notification-${n.id}`);
  }
}
