import { z } from '../http/zod';

export const workerParams = z.object({ id: z.coerce.number().int().positive() });

export const revealBody = z
  .object({
    reason: z.string().trim().min(2, '请说明查看完整信息的原因').max(200)
      .openapi({ description: '查看原因，记入审计日志（如「回访核实」「职工来电要求更正」）' }),
  })
  .openapi('RevealRequest');

export const identitySchema = z
  .object({
    id: z.number().int(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    idNumber: z.string().nullable(),
  })
  .openapi('WorkerIdentity');
