import { z } from '../http/zod';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from './notification.entity';

/** A notification to be written to the outbox. */
export const draftSchema = z.object({
  channel: z.enum(NOTIFICATION_CHANNELS),
  recipient: z.string().min(1).max(500),
  orderId: z.number().int().positive().nullable(),
  kind: z.enum(NOTIFICATION_KINDS),
  text: z.string().min(1).max(200),
  payload: z.record(z.string(), z.unknown()).nullable().default(null),
});

export type NotificationDraft = z.input<typeof draftSchema>;

export const listQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  orderId: z.coerce.number().int().positive().optional().openapi({ description: '该工单的通知，也包括把它列在其中的超时汇总通知' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const notificationParams = z.object({ id: z.coerce.number().int().positive() });

export const notificationSchema = z
  .object({
    id: z.number().int(),
    channel: z.enum(NOTIFICATION_CHANNELS),
    recipient: z.string().openapi({ description: '已脱敏：手机号、openid 与联系人编号只显示部分，Webhook 只显示域名' }),
    orderId: z.number().int().nullable(),
    kind: z.enum(NOTIFICATION_KINDS),
    text: z.string(),
    status: z.enum(NOTIFICATION_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('Notification');

export const notificationList = z.object({ items: z.array(notificationSchema), total: z.number().int() });
