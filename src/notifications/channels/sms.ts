import { FieldCrypto, FieldCryptoError, Sealed } from '../../privacy/field-crypto';
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

/** Sends to the number the outbox keeps sealed, opened only to hand it to the gateway. */
export class SmsChannel implements ChannelAdapter {
  constructor(
    private readonly provider: SmsProvider | null,
    private readonly crypto: FieldCrypto,
  ) {}

  async send(n: Notification): Promise<void> {
    if (!this.provider) throw new DeliveryError('未配置短信服务：请设置 SMS_WEBHOOK_URL', true);
    const phone = this.open(n.recipient);
    // The message stays free of the number: errors are shown to staff.
    if (!MAINLAND_MOBILE.test(phone)) throw new DeliveryError('接收号码不是有效的手机号', true);
    await this.provider.send(phone, n.text, `notification-${n.id}`);
  }

  private open(recipient: string): string {
    try {
      return this.crypto.open(recipient as Sealed, 'phone');
    } catch (err) {
      if (err instanceof FieldCryptoError) throw new DeliveryError('接收号码无法解密（密钥不在 FIELD_KEYS 中，或数据损坏）', true);
      throw err;
    }
  }
}
