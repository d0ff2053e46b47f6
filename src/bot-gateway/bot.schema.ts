import { z } from '../http/zod';

export const turnBody = z
  .object({
    senderId: z.string().trim().min(1).max(64).openapi({ description: '微信联系人 id（机器人所见）' }),
    messageId: z.string().trim().min(1).max(128).openapi({ description: '消息 id：同一消息再次提交得到同样的回复' }),
    text: z.string().trim().min(1).max(10_000),
    sentAt: z.iso.datetime({ offset: true }).optional(),
    group: z.boolean().default(false).openapi({ description: '群聊消息（机器人只转发 @ 了它的群消息）' }),
  })
  .strict()
  .openapi('BotTurn');

export const turnReply = z
  .object({
    replies: z.array(z.string()).openapi({ description: '依次发给职工的消息' }),
    repeated: z.boolean(),
  })
  .openapi('BotTurnReply');
