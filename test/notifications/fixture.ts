import type { EntityManager } from 'typeorm';
import type { Config } from '../../src/config';
import { Notification } from '../../src/notifications/notification.entity';
import type { NotificationDraft } from '../../src/notifications/notification.schema';
import { enqueue } from '../../src/notifications/outbox';
import { buildRelay, Relay } from '../../src/notifications/relay';
import { FakeWechat } from '../support/fake-wechat';
import { Harness } from '../support/harness';

/** Whole seconds: MySQL's DATETIME keeps no fractions. */
export const T0 = new Date('2025-12-01T02:00:00Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export const draft = (fields: Partial<NotificationDraft> = {}): NotificationDraft => ({
  channel: 'bot',
  recipient: 'contact-0001',
  orderId: null,
  kind: 'order_accepted',
  text: '您好，您反映的问题已受理，工单号 GD-20251201-000001，当前状态：已受理。',
  payload: null,
  ...fields,
});

/** A harness, the fake far side, and relays pointed at it. */
export class OutboxFixture {
  private constructor(readonly h: Harness, readonly fake: FakeWechat) {}

  static async start(): Promise<OutboxFixture> {
    return new OutboxFixture(await Harness.start(), await FakeWechat.start());
  }

  async stop(): Promise<void> {
    await this.fake.stop();
    await this.h.stop();
  }

  /** A relay over the test database with the fake's addresses and a short HTTP timeout. */
  relay(env: Partial<Config> = {}): Relay {
    const config: Config = { ...this.h.services.config, ...this.fake.config(), NOTIFY_HTTP_TIMEOUT_MS: 1000, ...env };
    return buildRelay(this.h.services.tx, config, () => new Date(), this.h.services.crypto);
  }

  /** An SMS draft to `phone`, sealed as the work-order service enqueues it. */
  sms(phone: string, fields: Partial<NotificationDraft> = {}): NotificationDraft {
    return draft({ channel: 'sms', recipient: this.h.services.crypto.seal(phone, 'phone'), ...fields });
  }

  /** Enqueues in a transaction of its own and returns every row in the outbox. */
  async enqueue(drafts: NotificationDraft[], now = T0): Promise<Notification[]> {
    await this.h.services.tx.run((em) => this.enqueueWith(em, drafts, now));
    return this.rows();
  }

  enqueueWith(em: EntityManager, drafts: NotificationDraft[], now = T0): Promise<void> {
    return enqueue(em, drafts, now);
  }

  rows(): Promise<Notification[]> {
    return this.h.services.ds.getRepository(Notification).find({ order: { id: 'ASC' } });
  }

  async row(id: number): Promise<Notification> {
    return this.h.services.ds.getRepository(Notification).findOneByOrFail({ id });
  }

  clear(): Promise<void> {
    return this.h.services.ds.getRepository(Notification).clear();
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
