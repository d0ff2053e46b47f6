import { z } from '../http/zod';
import { ATTACHMENT_KINDS, UPLOADER_KINDS } from './attachment.entity';

export const attachmentParams = z.object({ id: z.coerce.number().int().positive() });

export const attachmentQuery = z.object({ orderId: z.coerce.number().int().positive() });

export const attachmentSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(ATTACHMENT_KINDS),
    mime: z.string(),
    size: z.number().int(),
    from: z.enum(UPLOADER_KINDS),
    createdAt: z.string(),
    url: z.string(),
  })
  .openapi('Attachment');

export const attachmentList = z.object({ items: z.array(attachmentSchema) });
