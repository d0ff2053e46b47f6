import type { Context } from 'koa';
import type { Api } from '../http/api';
import { unauthorized } from '../http/errors';
import { unlessNotModified } from '../http/etag';
import type { RateLimiter } from '../http/rate-limit';
import type { WorkOrder } from '../work-orders/work-order.entity';
import { articleAnswerBody, chatMessageBody, contactParams, contactQuery, hotlineCallBody, opinionBody } from './intake.schema';
import { presentContact, presentHistory } from './intake.presenter';
import type { IntakeService } from './intake.service';
import type { InboundMessage } from './inbound-message.entity';
import { tokenMatches, verifySignature } from './signature';

export function intakeRoutes(
  api: Api, intake: IntakeService, secrets: { webhookSecret?: string; serviceToken?: string }, clock: () => Date,
  limiter: RateLimiter,
): void {
  const render = async (contacts: InboundMessage[], known?: WorkOrder[]) => {
    const { orders, units } = await intake.related(contacts, known);
    return contacts.map((c) => presentContact(c, orders, units));
  };
  /** 201 for a new contact, 200 with the first answer for a repeat. */
  const reply = async (ctx: Context, result: { contact: InboundMessage; repeated: boolean; order?: WorkOrder }) => {
    ctx.status = result.repeated ? 200 : 201;
    return { ...(await render([result.contact], result.order && [result.order]))[0], repeated: result.repeated };
  };

  api.publicRoute(
    {
      method: 'post', path: '/intake/hotline', tag: 'intake', status: 201, body: hotlineCallBody,
      summary: '呼叫中心推送通话记录（X-Hotline-Timestamp + X-Hotline-Signature 签名，按 callId 幂等）',
      verify(ctx, raw) {
        limiter.take(`hotline:${ctx.ip}`);
        const why = verifySignature(secrets.webhookSecret, ctx.get('x-hotline-timestamp'), ctx.get('x-hotline-signature'), raw, clock());
        if (why) throw unauthorized(why);
      },
    },
    async ({ body, ctx }) => reply(ctx, await intake.receive({
      channel: 'hotline',
      externalId: body.callId,
      sender: { phone: body.callerNumber },
      text: [body.transcript, body.notes].filter(Boolean).join('\n'),
      recordingUrl: body.recordingUrl ?? null,
      agentRef: body.agentId ?? null,
      receivedAt: new Date(body.endedAt ?? body.startedAt),
    })),
  );

  api.publicRoute(
    {
      method: 'post', path: '/intake/messages', tag: 'intake', status: 201, body: chatMessageBody,
      summary: '机器人/小程序推送的聊天消息（服务令牌，按消息 id 幂等，10 秒内同一人同一内容视为同一条）',
      verify(ctx) {
        limiter.take(`messages:${ctx.ip}`);
        if (!tokenMatches(secrets.serviceToken, ctx.get('authorization'))) throw unauthorized('服务令牌无效');
      },
    },
    async ({ body, ctx }) => reply(ctx, await intake.receive({
      channel: body.channel,
      externalId: body.messageId,
      sender: body.channel === 'wechat' ? { wechatId: body.senderId } : { openid: body.senderId },
      text: body.text,
      receivedAt: body.sentAt ? new Date(body.sentAt) : clock(),
    })),
  );

  api.route(
    {
      method: 'get', path: '/contacts', tag: 'intake', query: contactQuery,
      summary: '来电来信列表（律师队列：queue=lawyer；带 ETag，If-None-Match 未变化时 304，供控制台轮询）',
    },
    async ({ user, query, ctx }) => {
      const { items, total } = await intake.list(user, query.queue, query.page, query.pageSize);
      return unlessNotModified(ctx, { items: await render(items), total });
    },
  );

  api.route(
    { method: 'get', path: '/contacts/:id', tag: 'intake', summary: '来电来信详情（含分类依据）', params: contactParams },
    async ({ user, params }) => (await render([await intake.get(user, params.id)]))[0],
  );

  api.route(
    { method: 'get', path: '/contacts/:id/history', tag: 'intake', summary: '来电人的其他来电来信和工单（热线中心，显示身份）', params: contactParams },
    async ({ user, params }) => presentHistory(await intake.history(user, params.id)),
  );

  api.route(
    { method: 'post', path: '/contacts/:id/opinion', tag: 'intake', summary: '律师出具法律意见并答复', params: contactParams, body: opinionBody },
    async ({ user, params, body }) => (await render([await intake.answerWithOpinion(user, params.id, body)]))[0],
  );

  api.route(
    { method: 'post', path: '/contacts/:id/answer', tag: 'intake', summary: '以知识库条目答复待处理的来电来信（客服、律师）', params: contactParams, body: articleAnswerBody },
    async ({ user, params, body }) => (await render([await intake.answerWithArticle(user, params.id, body.articleId)]))[0],
  );

  api.route(
    { method: 'post', path: '/contacts/:id/order', tag: 'intake', summary: '为待处理的来电来信登记工单（预选建议承办单位）', params: contactParams, status: 201 },
    async ({ user, params }) => (await render([await intake.openOrder(user, params.id)]))[0],
  );
}
