import { AppError, unauthorized } from '../http/errors';

export interface WechatLoginConfig {
  apiBase: string;
  appId: string | undefined;
  appSecret: string | undefined;
  timeoutMs: number;
}

interface Code2SessionReply {
  openid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

/** The code was wrong, already used, or its user is blocked by WeChat's risk control. */
const BAD_CODE = new Set([40029, 40163, 40226]);

const unavailable = () => new AppError(502, 'wechat_unavailable', '微信登录服务暂不可用，请稍后重试');

/** The mini-program login: `wx.login`'s one-time code, exchanged for the user's openid (code2Session). */
export class WechatLogin {
  constructor(private readonly config: WechatLoginConfig) {}

  /**
   * The openid behind a code. WeChat also returns the session_key; it is dropped right here, so it
   * can neither leave the server nor be found in it. Errors never repeat the URL: it holds the secret.
   */
  async openidFor(code: string): Promise<string> {
    const { appId, appSecret } = this.config;
    if (!appId || !appSecret) throw new AppError(503, 'wechat_not_configured', '未配置微信小程序：请设置 WECHAT_APP_ID 和 WECHAT_APP_SECRET');
    const query = new URLSearchParams({ appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' });
    let reply: Code2SessionReply;
    try {
      const res = await fetch(`${this.config.apiBase.replace(/\/+$/, '')}/sns/jscode2session?${query}`, {
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (!res.ok) throw unavailable();
      reply = (await res.json()) as Code2SessionReply;
    } catch {
      throw unavailable();
    }
    if (reply.openid) return reply.openid;
    if (reply.errcode !== undefined && BAD_CODE.has(reply.errcode)) throw unauthorized('微信登录凭证无效，请重新进入小程序');
    throw unavailable();
  }
}
