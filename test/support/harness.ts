import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, Services } from '../../src/app';
import { hashPassword } from '../../src/auth/password';
import { Role, StaffUser } from '../../src/auth/staff-user.entity';
import { base32Decode, hotp, newSecret, timeStep } from '../../src/auth/totp';
import { mustUseTotp } from '../../src/auth/totp.policy';
import { OrgUnit } from '../../src/orgs/org-unit.entity';
import { loadConfig } from '../../src/config';
import { prepare, PrepareOptions } from '../../src/server';
import { sign } from '../../src/intake/signature';

export const DEMO_PASSWORD = 'demo12351';
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const SERVICE_TOKEN = 'test-service-token-0123456789';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A real server on a loopback port over a real database: SQLite in memory, or the MySQL/MariaDB
 * named by TEST_DATABASE_URL (emptied first).
 */
export class Harness {
  private tokens = new Map<string, Promise<string>>();

  private constructor(
    readonly services: Services,
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start({ env, ...options }: PrepareOptions & { env?: Record<string, string> } = {}): Promise<Harness> {
    const url = process.env.TEST_DATABASE_URL ?? 'sqlite::memory:';
    const config = loadConfig({
      NODE_ENV: 'test', DATABASE_URL: url, DEMO_PASSWORD,
      HOTLINE_WEBHOOK_SECRET: WEBHOOK_SECRET, INTAKE_SERVICE_TOKEN: SERVICE_TOKEN,
      // Tests log in far more often than people do; the limit itself has its own test.
      LOGIN_RATE_PER_MINUTE: '10000',
      ...env,
    });
    const services = await prepare(config, { demoOrders: false, fresh: url !== 'sqlite::memory:', ...options });
    const server = createApp(services).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return new Harness(services, server, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.services.ds.destroy();
  }

  async request<T = any>(method: string, path: string, options: { body?: unknown; token?: string; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.raw;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body, headers: res.headers };
  }

  /** Posts a finished call to the hotline webhook, signed at `at` as the call-centre system signs it. */
  postCall<T = any>(call: Record<string, unknown>, at: Date = new Date()): Promise<Reply<T>> {
    const raw = JSON.stringify(call);
    const timestamp = String(Math.floor(at.getTime() / 1000));
    return this.request<T>('POST', '/api/v1/intake/hotline', {
      raw, headers: { 'content-type': 'application/json', 'x-hotline-timestamp': timestamp, 'x-hotline-signature': sign(WEBHOOK_SECRET, timestamp, raw) },
    });
  }

  /**
   * A TOTP code the server will take now for this account, as its owner's app would show it, or
   * undefined when the account has no TOTP. Codes work once: this is the current step's code, or
   * the next step's when the current one was used already (a frozen test clock).
   */
  async totpCode(username: string): Promise<string | undefined> {
    const staff = await this.services.ds.getRepository(StaffUser).findOneByOrFail({ username });
    if (!staff.totpEnabledAt || !staff.sealedTotpSecret) return undefined;
    const now = timeStep(this.services.clock());
    const step = [now, now + 1].find((s) => staff.totpLastStep === null || s > staff.totpLastStep);
    if (step === undefined) throw new Error(`${username}: both usable TOTP steps are used; move the test clock on`);
    return hotp(base32Decode(this.services.crypto.open(staff.sealedTotpSecret, 'totp_secret')), step);
  }

  /** The account's TOTP secret in clear, as its owner's authenticator app holds it. */
  async totpSecret(username: string): Promise<string> {
    const { sealedTotpSecret } = await this.services.ds.getRepository(StaffUser).findOneByOrFail({ username });
    if (!sealedTotpSecret) throw new Error(`${username} has no TOTP secret`);
    return this.services.crypto.open(sealedTotpSecret, 'totp_secret');
  }

  /**
   * Enrols TOTP through the API in the session `token`, as its owner would at the console, with
   * the code of the current step; returns the secret the server handed out.
   */
  async enrolTotp(token: string): Promise<string> {
    const started = await this.request('POST', '/api/v1/auth/totp/enrolment', { token });
    if (started.status !== 201) throw new Error(`TOTP enrolment: ${started.status} ${JSON.stringify(started.body)}`);
    const code = hotp(base32Decode(started.body.secret), timeStep(this.services.clock()));
    const confirmed = await this.request('POST', '/api/v1/auth/totp/enrolment/confirm', { token, body: { code } });
    if (confirmed.status !== 200 || !confirmed.body.active) throw new Error(`TOTP confirmation: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    return started.body.secret;
  }

  /**
   * Logs a demo account in once (with its TOTP code if it has TOTP) and remembers its token.
   * Callers at the same moment share the one login: a TOTP code is good for one login only.
   */
  token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const login = this.login(username);
    this.tokens.set(username, login);
    login.catch(() => this.tokens.delete(username));
    return login;
  }

  private async login(username: string): Promise<string> {
    const totpCode = await this.totpCode(username);
    const res = await this.request('POST', '/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD, totpCode } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  async as<T = any>(username: string, method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const token = await this.token(username);
    const res = await this.request<T>(method, path, { body, token });
    if (res.status !== 401 || (await this.request('GET', '/api/v1/auth/me', { token })).status !== 401) return res;
    // The token expired under a test clock that jumped ahead: log in again once.
    this.tokens.delete(username);
    return this.request<T>(method, path, { body, token: await this.token(username) });
  }

  /**
   * Adds a staff account (password DEMO_PASSWORD) at the union with this code; admins and
   * supervisors come with TOTP enrolled (a fresh secret), as they would be in use, unless told otherwise.
   */
  async createStaff(username: string, role: Role, unitCode: string, { totp: enrolled = mustUseTotp(role) } = {}): Promise<void> {
    const unit = await this.services.ds.getRepository(OrgUnit).findOneByOrFail({ code: unitCode });
    const totp = enrolled ? { sealedTotpSecret: this.services.crypto.seal(newSecret(), 'totp_secret'), totpEnabledAt: this.services.clock() } : {};
    await this.services.ds.getRepository(StaffUser).insert({
      username, role, unitId: unit.id, displayName: username, passwordHash: await hashPassword(DEMO_PASSWORD), active: true, ...totp,
    });
  }

  /** The id of the union with this GB/T 2260 code. */
  async unitId(code: string): Promise<number> {
    const res = await this.as('demo-admin', 'GET', `/api/v1/orgs?code=${code}`);
    return res.body.items[0].id;
  }

  /** Takes an action with the order's current version, as the UI does. */
  async act(username: string, orderId: number, action: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const current = await this.as(username, 'GET', `/api/v1/work-orders/${orderId}`);
    if (current.status !== 200) return current;
    return this.as(username, 'POST', `/api/v1/work-orders/${orderId}/actions/${action}`, { ...fields, version: current.body.version });
  }

  /** Takes an order from the centre down to Tianhe, handled, reported and approved: resolved. */
  async resolve(orderId: number, reportFields: Record<string, unknown> = {}): Promise<void> {
    const [gz, tianhe] = [await this.unitId('440100'), await this.unitId('440106')];
    const steps: Array<[string, string, Record<string, unknown>]> = [
      ['demo-agent', 'dispatch', { unitId: gz }], ['demo-gz', 'sign', {}], ['demo-gz', 'dispatch', { unitId: tianhe }],
      ['demo-gz-tianhe', 'sign', {}], ['demo-gz-tianhe', 'report', { result: '经协调，企业已补发工资。', ...reportFields }],
      ['demo-gz', 'approve', {}], ['demo-agent', 'approve', {}],
    ];
    for (const [who, action, fields] of steps) {
      const res = await this.act(who, orderId, action, fields);
      if (res.status !== 200) throw new Error(`${who} ${action}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  async register(fields: Record<string, unknown> = {}, username = 'demo-agent'): Promise<any> {
    const res = await this.as(username, 'POST', '/api/v1/work-orders', {
      channel: 'hotline',
      summary: '拖欠工资',
      description: '在天河区一家餐馆做服务员，老板两个月没发工资。',
      category: 'wages',
      regionCode: '440106',
      employer: '天河某餐馆',
      worker: { name: '张三', phone: '13812341234', anonymous: false },
      ...fields,
    });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}
