import type { Notification } from '../notification.entity';

/** Why a send failed, and whether trying again could ever help. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when retrying cannot succeed (refused subscription, invalid number, not configured). */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Delivers one notification through one channel; resolves when the far side accepted it. */
export interface ChannelAdapter {
  send(n: Notification): Promise<void>;
}
