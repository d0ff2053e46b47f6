import { maskPhone } from '../privacy/mask';
import type { Notification, NotificationChannel } from './notification.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * What staff lists show of a notification: everything but the recipient in full. `recipient` is
 * the row's in clear (SMS numbers are stored sealed).
 */
export function presentNotification(n: Notification, recipient: string) {
  return {
    id: n.id,
    channel: n.channel,
    recipient: maskRecipient(n.channel, recipient),
    orderId: n.orderId,
    kind: n.kind,
    text: n.text,
    status: n.status,
    attempts: n.attempts,
    nextAttemptAt: iso(n.nextAttemptAt),
    lastError: n.lastError,
    createdAt: n.createdAt.toISOString(),
    sentAt: iso(n.sentAt),
  };
}

/**
 * Enough to tell recipients apart, not enough to contact anyone: phones as 138****1234, bot and
 * openid identifiers cut short, webhook URLs down to their origin (paths often hold a key).
 */
function maskRecipient(channel: NotificationChannel, recipient: string): string {
  if (channel === 'sms') return maskPhone(recipient) ?? '';
  if (channel !== 'webhook') return `${recipient.slice(0, 4)}****`;
  if (recipient.startsWith('unit:')) return recipient;
  try {
    return `${new URL(recipient).origin}/…`;
  } catch {
    return '****';
  }
}
