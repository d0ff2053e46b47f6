import { z } from '../http/zod';
import { ORG_LEVELS } from './org-unit.entity';

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const orgQuery = z.object({
  code: z.string().regex(/^\d{6}(\d{3})?$/, '应为 6 位或 9 位行政区划代码').optional(),
  q: z.string().trim().min(1).max(50).optional(),
  parentId: z.coerce.number().int().positive().optional(),
  level: z.enum(ORG_LEVELS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const createEnterpriseBody = z.object({
  parentId: z.number().int().positive(),
  name: z.string().trim().min(2).max(100),
});

export const orgSchema = z
  .object({
    id: z.number().int(),
    code: z.string().nullable(),
    name: z.string(),
    level: z.enum(ORG_LEVELS),
    parentId: z.number().int().nullable(),
    isCentre: z.boolean(),
  })
  .openapi('OrgUnit');

export const orgList = z.object({ items: z.array(orgSchema) });
