import type { Notification } from '../notification.entity';
import { ChannelAdapter, DeliveryError } from './channel';
import { expectOk, postJson } from './http';

export interface WebhookConfig {
  /** Where `unit:<id>` recipients (staff desks) are pushed, e.g. the console's or a WeCom bridge. */
  staffUrl: string | undefined;
  timeoutMs: number;
}

const UNIT_RECIPIENT = /^unit:(\d+)$/;

/** POSTs the notification as JSON to the recipient URL, or to the staff webhook for a unit. */
export class WebhookChannel implements ChannelAdapter {
  constructor(private readonly config: WebhookConfig) {}

  async send(n: Notification): Promise<void> {
    // A digest names its orders in the payload (orderIds); a single order's notice has none.
    const message = { ...(n.payload ? JSON.parse(n.payload) as object : {}), id: n.id, kind: n.kind, orderId: n.orderId, text: n.text };
    const unit = UNIT_RECIPIENT.exec(n.recipient);
    if (unit) {
      if (!this.config.staffUrl) throw new DeliveryError('未配置工作人员推送地址 STAFF_WEBHOOK_URL', true);
      const res = await postJson(this.config.staffUrl, { ...message, unitId: Number(unit[1]) }, this.config.timeoutMs);
      return expectOk(res, '工作人员推送');
    }
    if (!isHttpUrl(n.recipient)) throw new DeliveryError('接收地址不是 http(s) 地址', true);
    await expectOk(await postJson(n.recipient, message, this.config.timeoutMs), 'Webhook');
  }
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
