import { z } from '../http/zod';
import { phoneSchema } from '../work-orders/work-order.schema';
import { REFERRALS } from './legal-opinion.entity';

const isoDateTime = z.iso.datetime({ offset: true });
/** Contact text as it comes: trimmed, at most 10,000 characters. */
const contactText = z.string().trim().min(1).max(10_000);

export const hotlineCallBody = z
  .object({
    callId: z.string().trim().min(1).max(128),
    callerNumber: phoneSchema.optional(),
    agentId: z.string().trim().min(1).max(64).optional(),
    transcript: contactText.optional(),
    notes: contactText.optional(),
    recordingUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    startedAt: isoDateTime,
    endedAt: isoDateTime.optional(),
  })
  .refine((b) => b.transcript || b.notes, { message: '需要通话转写或坐席记录', path: ['transcript'] })
  .openapi('HotlineCall');

export const chatMessageBody = z
  .object({
    channel: z.enum(['wechat', 'miniprogram']),
    messageId: z.string().trim().min(1).max(128),
    senderId: z.string().trim().min(1).max(64),
    text: contactText,
    sentAt: isoDateTime.optional(),
  })
  .openapi('ChatMessage');

export const contactParams = z.object({ id: z.coerce.number().int().positive() });

export const contactQuery = z.object({
  queue: z.enum(['lawyer', 'all']).default('all'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const opinionBody = z
  .object({
    facts: z.string().trim().min(1).max(5000),
    legalBasis: z.string().trim().min(1).max(5000),
    advice: z.string().trim().min(1).max(5000),
    referral: z.enum(REFERRALS),
    reply: z.string().trim().min(1).max(2000),
  })
  .strict()
  .openapi('LegalOpinion');

export const articleAnswerBody = z
  .object({ articleId: z.number().int().positive() })
  .strict()
  .openapi('ContactArticleAnswer');
