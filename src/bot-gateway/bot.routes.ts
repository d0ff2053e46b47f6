import type { Api } from '../http/api';
import { unauthorized } from '../http/errors';
import { tokenMatches } from '../intake/signature';
import type { BotGateway } from './bot-gateway.service';
import { turnBody, turnReply } from './bot.schema';

/** The bot process's one endpoint, behind the same service token as its intake calls. */
export function botRoutes(api: Api, gateway: BotGateway, serviceToken: string | undefined): void {
  api.publicRoute(
    {
      method: 'post', path: '/bot/turns', tag: 'bot', body: turnBody, response: turnReply,
      summary: '机器人收到的一条消息 → 要回复的话（服务令牌；按消息 id 幂等；会话状态保存在后端）',
      verify(ctx) {
        if (!tokenMatches(serviceToken, ctx.get('authorization'))) throw unauthorized('服务令牌无效');
      },
    },
    ({ body }) => gateway.turn({ ...body, sentAt: body.sentAt ? new Date(body.sentAt) : undefined }),
  );
}
