import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next call to a route does instead of succeeding. */
export type Failure = { errcode: number; errmsg?: string } | { httpStatus: number } | { hang: true };

export type Route = 'send' | 'bot';

export interface SubscribeMessage {
  accessToken: string;
  touser: string;
  template_id: string;
  data: Record<string, { value: string }>;
}

/**
 * The far side of every channel, on a loopback port: the WeChat server API (access_token,
 * subscribeMessage.send with real token checking, and the mini-program login code2Session with
 * one-time codes), a bot push endpoint, an SMS gateway and
 * webhook sinks. Records what arrives; failures are scripted per route.
 *
 * - `/hook/<status>` answers with that status (and records the call); `/hook/hang` never answers.
 */
export class FakeWechat {
  readonly appId = 'wx-test-app';
  readonly appSecret = 'wx-test-secret';
  readonly botToken = 'bot-test-token';

  tokenRequests = 0;
  sendCalls = 0;
  /** Mini-program logins (code2Session) seen so far. */
  code2SessionCalls = 0;
  readonly messages: SubscribeMessage[] = [];
  readonly pushes: Array<{ authorization: string | undefined; body: any }> = [];
  readonly sms: any[] = [];
  readonly hooks: Array<{ path: string; body: any }> = [];

  private validTokens = new Set<string>();
  /** Login codes issued by `loginCode`, each good once, as with wx.login. */
  private readonly codes = new Map<string, string>();
  private codeSeq = 0;
  private readonly script: Record<Route, Failure[]> = { send: [], bot: [] };

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<FakeWechat> {
    let fake!: FakeWechat;
    const server = createServer((req, res) => {
      fake.handle(req, res).catch((err) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    fake = new FakeWechat(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  /** The configuration that points the app's channels here. */
  config() {
    return {
      WECHAT_API_BASE: this.url,
      WECHAT_APP_ID: this.appId,
      WECHAT_APP_SECRET: this.appSecret,
      WECHAT_SUBSCRIBE_TEMPLATE_ID: 'tmpl-order-progress',
      BOT_PUSH_URL: `${this.url}/bot/push`,
      BOT_PUSH_TOKEN: this.botToken,
      SMS_WEBHOOK_URL: `${this.url}/sms`,
      STAFF_WEBHOOK_URL: `${this.url}/hook/200`,
    };
  }

  /** A one-time code, as wx.login would give the mini-program user with this openid. */
  loginCode(openid: string): string {
    const code = `code-${++this.codeSeq}-${openid}`;
    this.codes.set(code, openid);
    return code;
  }

  /** The session_key WeChat hands out with an openid: it must never leave our backend. */
  sessionKeyOf(openid: string): string {
    return `session-key-of-${openid}`;
  }

  /** The next calls to `route` fail like this, one failure per call, in order. */
  failNext(route: Route, ...failures: Failure[]): void {
    this.script[route].push(...failures);
  }

  /** Forgets everything recorded, scripted and issued: each test starts from a clean far side. */
  reset(): void {
    this.tokenRequests = 0;
    this.sendCalls = 0;
    this.code2SessionCalls = 0;
    this.codes.clear();
    for (const list of [this.messages, this.pushes, this.sms, this.hooks, this.script.send, this.script.bot]) list.length = 0;
    this.validTokens.clear();
  }

  /** Every token issued so far stops working, as when another server fetched a new one. */
  invalidateTokens(): void {
    this.validTokens.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || 'null') : null;
    const json = (value: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };

    if (url.pathname === '/cgi-bin/token') {
      this.tokenRequests += 1;
      const q = url.searchParams;
      if (q.get('grant_type') !== 'client_credential' || q.get('appid') !== this.appId || q.get('secret') !== this.appSecret) {
        return json({ errcode: 40013, errmsg: 'invalid appid' });
      }
      const token = `token-${this.tokenRequests}`;
      this.validTokens.add(token);
      return json({ access_token: token, expires_in: 7200 });
    }

    if (url.pathname === '/sns/jscode2session') {
      this.code2SessionCalls += 1;
      const q = url.searchParams;
      if (q.get('grant_type') !== 'authorization_code' || q.get('appid') !== this.appId || q.get('secret') !== this.appSecret) {
        return json({ errcode: 40013, errmsg: 'invalid appid' });
      }
      const openid = this.codes.get(q.get('js_code') ?? '');
      if (!openid) return json({ errcode: 40029, errmsg: 'invalid code' });
      this.codes.delete(q.get('js_code')!);
      return json({ openid, session_key: this.sessionKeyOf(openid) });
    }

    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      this.sendCalls += 1;
      if (this.scripted('send', json)) return;
      const accessToken = url.searchParams.get('access_token') ?? '';
      if (!this.validTokens.has(accessToken)) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      this.messages.push({ accessToken, ...body });
      return json({ errcode: 0, errmsg: 'ok' });
    }

    if (url.pathname === '/bot/push') {
      if (this.scripted('bot', json)) return;
      this.pushes.push({ authorization: req.headers.authorization, body });
      return json({ ok: true });
    }

    if (url.pathname === '/sms') {
      this.sms.push(body);
      return json({ ok: true });
    }

    const hook = /^\/hook\/(\d{3}|hang)$/.exec(url.pathname);
    if (hook) {
      this.hooks.push({ path: url.pathname, body });
      if (hook[1] === 'hang') return;
      return json({}, Number(hook[1]));
    }

    json({ error: 'not found' }, 404);
  }

  /** Plays the next scripted failure of `route`, if any. */
  private scripted(route: Route, json: (value: unknown, status?: number) => void): boolean {
    const failure = this.script[route].shift();
    if (!failure) return false;
    if ('hang' in failure) return true;
    if ('httpStatus' in failure) json({ error: 'scripted' }, failure.httpStatus);
    else json({ errcode: failure.errcode, errmsg: failure.errmsg ?? `scripted ${failure.errcode}` });
    return true;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
