import type { Notification } from '../notification.entity';
import { ChannelAdapter, DeliveryError } from './channel';
import { postJson, readJson, request } from './http';

export interface WechatConfig {
  apiBase: string;
  appId: string | undefined;
  appSecret: string | undefined;
  templateId: string | undefined;
  timeoutMs: number;
}

interface WechatReply {
  errcode?: number;
  errmsg?: string;
}

interface TokenReply extends WechatReply {
  access_token?: string;
  expires_in?: number;
}

/** access_token invalid (40001) or expired (42001): worth one fresh token. */
const STALE_TOKEN = new Set([40001, 42001]);

/**
 * Retrying cannot help: 43101 the user refused (or used up) the subscription, 40003 the openid
 * is not of this app, 47003 the template rejected the data.
 */
const PERMANENT = new Set([43101, 40003, 47003]);

/** Refresh this long before WeChat's stated expiry, so a token never lapses mid-send. */
const EARLY_REFRESH_SECONDS = 300;

/** Mini-program subscribe messages through the WeChat server API. */
export class WechatSubscribeChannel implements ChannelAdapter {
  private token: { value: string; expiresAt: number } | null = null;
  /** One token request at a time, however many sends are waiting for it. */
  private fetching: Promise<string> | null = null;

  constructor(
    private readonly config: WechatConfig,
    private readonly clock: () => Date,
  ) {}

  async send(n: Notification): Promise<void> {
    if (!this.config.appId || !this.config.appSecret || !this.config.templateId) {
      throw new DeliveryError('未配置微信小程序：请设置 WECHAT_APP_ID、WECHAT_APP_SECRET 和 WECHAT_SUBSCRIBE_TEMPLATE_ID', true);
    }
    if (!n.payload) throw new DeliveryError('订阅消息缺少模板数据', true);
    const message = { touser: n.recipient, template_id: this.config.templateId, data: JSON.parse(n.payload) };
    const token = await this.accessToken();
    let reply = await this.post(token, message);
    if (reply.errcode !== undefined && STALE_TOKEN.has(reply.errcode)) {
      this.forget(token);
      reply = await this.post(await this.accessToken(), message);
    }
    if (!reply.errcode) return;
    throw new DeliveryError(`微信订阅消息发送失败：${reply.errcode} ${reply.errmsg ?? ''}`.trim(), PERMANENT.has(reply.errcode));
  }

  private async post(token: string, message: object): Promise<WechatReply> {
    const url = `${this.base()}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`;
    return readJson<WechatReply>(await postJson(url, message, this.config.timeoutMs), '微信订阅消息接口');
  }

  private accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.clock().getTime()) return Promise.resolve(this.token.value);
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: this.config.appId!, secret: this.config.appSecret! });
    const res = await request(`${this.base()}/cgi-bin/token?${query}`, { method: 'GET' }, this.config.timeoutMs);
    const reply = await readJson<TokenReply>(res, '微信 access_token 接口');
    if (!reply.access_token) throw new DeliveryError(`获取微信 access_token 失败：${reply.errcode} ${reply.errmsg ?? ''}`.trim(), false);
    const lifetime = Math.max(0, (reply.expires_in ?? 7200) - EARLY_REFRESH_SECONDS);
    this.token = { value: reply.access_token, expiresAt: this.clock().getTime() + lifetime * 1000 };
    return reply.access_token;
  }

  /** Drops the token that WeChat refused, unless a concurrent send has already replaced it. */
  private forget(token: string): void {
    if (this.token?.value === token) this.token = null;
  }

  private base(): string {
    return this.config.apiBase.replace(/\/+$/, '');
  }
}
