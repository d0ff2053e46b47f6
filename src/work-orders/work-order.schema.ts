import { MAX_PHOTOS } from '../attachments/attachment.service';
import { dateOrDateTime } from '../http/dates';
import { z } from '../http/zod';
import { ACTIONS, Action, ActionInputs, MAX_EXTENSION_DAYS, STATUSES, SUPERVISION_LEVELS } from './lifecycle';
import { CATEGORIES, CHANNELS, DIFFICULTIES } from './work-order.entity';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.number().int().positive();

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '应为 11 位手机号或带区号的固定电话');

export const regionCodeSchema = z.string().regex(/^\d{6}(\d{3})?$/, '应为 6 位或 9 位行政区划代码');

export const registerBody = z
  .object({
    channel: z.enum(CHANNELS),
    /** Omitted: the start of the description. */
    summary: text(200).optional(),
    description: text(10_000),
    category: z.enum(CATEGORIES).optional(),
    mass: z.boolean().optional(),
    crisis: z.boolean().optional(),
    platform: z.boolean().optional(),
    difficulty: z.enum(DIFFICULTIES).default('normal'),
    employer: text(200).optional(),
    regionCode: regionCodeSchema.optional(),
    worker: z.object({
      name: text(100).optional(),
      phone: phoneSchema.optional(),
      idNumber: z.string().regex(/^\d{17}[\dXx]$/, '应为 18 位身份证号').optional(),
      anonymous: z.boolean(),
    }),
  })
  .openapi('RegisterWorkOrder');


export const listQuery = z
  .object({
    status: z.enum(STATUSES).optional(),
    category: z.enum(CATEGORIES).optional(),
    unitId: z.coerce.number().int().positive().optional(),
    from: dateOrDateTime.optional(),
    to: dateOrDateTime.optional(),
    /** Text in the number, summary or employer; an order number or its start (GD-20261105) matches numbers from their start. */
    q: z.string().trim().min(1).max(100).optional(),
    /** Whether the running deadline has passed (true) or not (false); orders with none count as not overdue. */
    overdue: z.stringbool().optional(),
    /** Orders whose running deadline falls at or before this (a bare date: the end of that Shanghai day). */
    dueBefore: dateOrDateTime.optional(),
    /** `due`: only orders with a running deadline, the most pressing first (supervisor board); default newest first. */
    sort: z.enum(['newest', 'due']).default('newest'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), { message: '开始日期不能晚于结束日期', path: ['from'] });

export const orderParams = z.object({ id: z.coerce.number().int().positive() });

const withVersion = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ ...shape, version: z.number().int().min(1) }).strict();

/** Each action's body: its own fields plus the `version` of the order the client last saw. */
export const actionBodies = {
  answer: withVersion({ answer: text(5000) }),
  cancel: withVersion({ reason: text(1000), route: text(200) }),
  dispatch: withVersion({ unitId: id, note: text(1000).optional() }),
  sign: withVersion({ note: text(1000).optional() }),
  return: withVersion({ reason: text(1000) }),
  approve_return: withVersion({ note: text(1000).optional() }),
  reject_return: withVersion({ reason: text(1000) }),
  redispatch: withVersion({ unitId: id, note: text(1000).optional() }),
  take_over: withVersion({ note: text(1000).optional() }),
  request_extension: withVersion({ days: z.number().int().min(1).max(MAX_EXTENSION_DAYS), reason: text(1000) }),
  approve_extension: withVersion({ note: text(1000).optional() }),
  reject_extension: withVersion({ reason: text(1000) }),
  report: withVersion({
    result: text(5000),
    recoveredAmount: z.number().min(0).max(1e10).multipleOf(0.01).optional(),
    /** Photos of the result the reporting staff member uploaded (POST /mp/uploads). */
    attachmentIds: z.array(id).max(MAX_PHOTOS).refine((ids) => new Set(ids).size === ids.length, { message: '照片不能重复' }).optional(),
  }),
  approve: withVersion({ note: text(1000).optional() }),
  reject: withVersion({ reason: text(1000) }),
  revisit: withVersion({
    resultRating: z.number().int().min(1).max(5),
    serviceRating: z.number().int().min(1).max(5),
    comment: text(1000).optional(),
  }),
  supervise: withVersion({ level: z.enum(SUPERVISION_LEVELS), note: text(1000) }),
  add_cohandler: withVersion({ unitId: id, task: text(1000) }),
  cohandler_sign: withVersion({ note: text(1000).optional() }),
  cohandler_done: withVersion({ result: text(5000) }),
  merge: withVersion({ masterId: id }),
  split: withVersion({ petitionerId: id }),
  reclassify: withVersion({
    category: z.enum(CATEGORIES).optional(),
    difficulty: z.enum(DIFFICULTIES).optional(),
    mass: z.boolean().optional(),
    crisis: z.boolean().optional(),
    platform: z.boolean().optional(),
    regionCode: regionCodeSchema.optional(),
    employer: text(200).nullable().optional(),
  }).refine((b) => Object.keys(b).length > 1, { message: '至少修改一项', path: ['category'] }),
} satisfies { [A in Action]: z.ZodType<ActionInputs[A] & { version: number }> };

const unitRef = z.object({ id: z.number().int(), name: z.string() }).nullable();

export const orderSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(STATUSES),
    statusLabel: z.string(),
    version: z.number().int(),
    channel: z.enum(CHANNELS),
    category: z.enum(CATEGORIES),
    mass: z.boolean(),
    crisis: z.boolean(),
    platform: z.boolean(),
    urgent: z.boolean(),
    difficulty: z.enum(DIFFICULTIES),
    summary: z.string(),
    employer: z.string().nullable(),
    regionCode: z.string().nullable(),
    anonymous: z.boolean(),
    currentUnit: unitRef,
    allowedActions: z.array(z.enum(ACTIONS as [Action, ...Action[]])),
    createdAt: z.string(),
  })
  .openapi('WorkOrder');

export const orderList = z.object({
  items: z.array(orderSchema),
  total: z.number().int().openapi({ description: '符合条件的工单数；超过上限（列表 10000，文字搜索 1000）时为上限，并带 totalCapped' }),
  totalCapped: z.literal(true).optional().openapi({ description: '符合条件的工单超过上限时出现' }),
});
