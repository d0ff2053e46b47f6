import { dateOrDateTime } from '../http/dates';
import { z } from '../http/zod';
import { AUDIT_ACTIONS } from './audit.entity';

export const auditQuery = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional(),
    actorId: z.coerce.number().int().positive().optional(),
    targetType: z.string().trim().min(1).max(32).optional(),
    targetId: z.string().trim().min(1).max(64).optional(),
    from: dateOrDateTime.optional(),
    to: dateOrDateTime.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), { message: '开始时间不能晚于结束时间', path: ['from'] });

export type AuditQuery = z.output<typeof auditQuery>;
