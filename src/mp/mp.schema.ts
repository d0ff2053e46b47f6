import { MAX_PHOTOS } from '../attachments/attachment.service';
import { attachmentSchema } from '../attachments/attachment.schema';
import { loginBody } from '../auth/auth.schema';
import { z } from '../http/zod';
import { ACTIONS, Action, STATUSES } from '../work-orders/lifecycle';
import { CATEGORIES } from '../work-orders/work-order.entity';
import { phoneSchema, regionCodeSchema } from '../work-orders/work-order.schema';

const id = z.number().int().positive();
const text = (min: number, max: number) => z.string().trim().min(min).max(max);
/** A wx.login code: short-lived and single-use. */
const code = z.string().trim().min(1).max(128);
const rating = (min: number) => z.number().int().min(min).max(5);

export const mpLoginBody = z.object({ code }).strict().openapi('MpLogin');

export const mpLoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  worker: z.object({ phone: z.string().nullable() }),
  /** The staff account bound to this WeChat user: the app offers the staff desk. */
  staff: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  /** The subscribe-message template to ask for when submitting (null: not configured). */
  subscribeTemplateId: z.string().nullable(),
});

export const bindBody = loginBody.extend({ code }).strict().openapi('MpStaffBind');

export const appealBody = z
  .object({
    /** Chosen by the app per submission: a retried submission carries the same one. */
    requestId: z.string().regex(/^[\w-]{8,64}$/, '应为 8–64 位字母、数字、- 或 _'),
    text: text(10, 2000),
    employer: text(2, 100).optional(),
    /** From the region picker (GET /mp/public/regions): city, district or town/street. */
    regionCode: regionCodeSchema,
    /** Where the centre calls back; never shown to handling units when anonymous. */
    phone: phoneSchema,
    anonymous: z.boolean(),
    photoIds: z.array(id).max(MAX_PHOTOS).refine((ids) => new Set(ids).size === ids.length, { message: '照片不能重复' }).default([]),
    voiceId: id.optional(),
  })
  .strict()
  .openapi('MpAppeal');

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

/** Satisfied: both ratings 3 or more close the order. */
export const rateBody = z
  .object({ resultRating: rating(3), serviceRating: rating(3), comment: text(1, 500).optional() })
  .strict()
  .openapi('MpRate');

/** Unsatisfied: a rating under 3 and the reason send the order back to be handled again (重办). */
export const rehandleBody = z
  .object({ resultRating: rating(1), serviceRating: rating(1), reason: text(2, 500) })
  .strict()
  .refine((b) => b.resultRating < 3 || b.serviceRating < 3, { message: '满意的评价请直接提交评价', path: ['resultRating'] })
  .openapi('MpRehandle');

export const lookupParams = z.object({ number: z.string().regex(/^GD-\d{8}-\d{6}$/, '工单号格式应为 GD-YYYYMMDD-NNNNNN') });
export const lookupQuery = z.object({ phoneLast4: z.string().regex(/^\d{4}$/, '应为手机号后 4 位') });

export const regionsQuery = z.object({ parentCode: regionCodeSchema.optional() });

export const resultsQuery = pageQuery.extend({ category: z.enum(CATEGORIES).optional() });

export const publishBody = z
  .object({ orderId: id, summary: text(10, 500), result: text(10, 2000) })
  .strict()
  .openapi('PublishResult');

const step = z.object({ at: z.string(), text: z.string() });
/** An appeal's status: the order's, or `lawyer_queue` while a lawyer has yet to answer. */
const appealStatus = z.enum([...STATUSES, 'lawyer_queue']);

export const appealSummarySchema = z.object({
  id: z.number().int(),
  submittedAt: z.string(),
  summary: z.string(),
  status: appealStatus,
  orderNumber: z.string().nullable(),
});

export const appealSchema = appealSummarySchema
  .extend({
    text: z.string(),
    employer: z.string().nullable(),
    region: z.object({ code: z.string(), name: z.string() }).nullable(),
    anonymous: z.boolean(),
    /** False when the appeal joined another worker's order (并单): it is followed, not rated. */
    ownOrder: z.boolean(),
    result: z.string().nullable(),
    rating: z.object({ resultRating: z.number(), serviceRating: z.number(), comment: z.string().nullable() }).nullable(),
    timeline: z.array(step),
    attachments: z.array(attachmentSchema),
    allowedActions: z.array(z.enum(ACTIONS as [Action, ...Action[]])),
  })
  .openapi('MpAppealDetail');

export const appealList = z.object({ items: z.array(appealSummarySchema), total: z.number().int() });

export const lookupResponse = z
  .object({ number: z.string(), status: z.enum(STATUSES), createdAt: z.string(), timeline: z.array(step) })
  .openapi('MpOrderProgress');

export const publishedSchema = z
  .object({
    id: z.number().int(),
    category: z.enum(CATEGORIES),
    categoryLabel: z.string(),
    region: z.string().nullable(),
    employer: z.string().nullable(),
    summary: z.string(),
    result: z.string(),
    publishedAt: z.string(),
  })
  .openapi('MpPublishedResult');

export const publishedList = z.object({ items: z.array(publishedSchema), total: z.number().int() });

export const regionList = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), hasChildren: z.boolean() })),
});
