/**
 * Who is using the mini-program. Workers log in silently: `wx.login`'s code is exchanged with
 * WeChat for their openid, and they get our own opaque token (prefixed `w_`, so it can never be
 * taken for a staff token). Staff bind their account to their WeChat user once with their
 * password and then use the ordinary staff token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { DataSource } from 'typeorm';
import type { Viewer } from '../attachments/attachment.service';
import type { AuthService, LoginResult } from '../auth/auth.service';
import { StaffUser } from '../auth/staff-user.entity';
import { totpEnrolmentRequired } from '../auth/totp.policy';
import type { Transactor } from '../db/transaction';
import { unauthorized } from '../http/errors';
import { Worker } from '../workers/worker.entity';
import type { WorkerIdentities } from '../workers/worker-identities';
import { StaffBinding } from './staff-binding.entity';
import type { WechatLogin } from './wechat-login';
import { WorkerSession } from './worker-session.entity';

const WORKER_TOKEN_PREFIX = 'w_';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

const bearerOf = (ctx: Context) => /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1] ?? null;

export interface WorkerLogin {
  token: string;
  expiresAt: Date;
  worker: Worker;
  /** The worker's own callback number, in clear: the appeal form offers it again. */
  phone: string | null;
  /** The staff account this WeChat user bound, if any (the mini-program then offers the staff desk). */
  boundStaff: StaffUser | null;
}

export class MpAuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly wechat: WechatLogin,
    private readonly staffAuth: AuthService,
    private readonly tokenTtlMs: number,
    private readonly clock: () => Date,
    private readonly workers: WorkerIdentities,
  ) {}

  /** Finds or records the worker behind a wx.login code and opens a session for them. */
  async login(code: string): Promise<WorkerLogin> {
    const openid = await this.wechat.openidFor(code);
    const now = this.clock();
    const token = WORKER_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.tokenTtlMs);
    const worker = await this.tx.run(async (em) => {
      const repo = em.getRepository(Worker);
      const known = await repo.findOneBy({ openid }) ?? await repo.save(repo.create({ openid }));
      await em.getRepository(WorkerSession).insert({ tokenHash: sha256(token), workerId: known.id, expiresAt, createdAt: now });
      return known;
    });
    const binding = await this.ds.getRepository(StaffBinding).findOneBy({ openid });
    const staff = binding ? await this.ds.getRepository(StaffUser).findOneBy({ id: binding.staffUserId, active: true }) : null;
    return { token, expiresAt, worker, phone: this.workers.phoneOf(worker), boundStaff: staff };
  }

  /** The worker behind a request's bearer token, or 401. */
  async workerOf(ctx: Context): Promise<Worker> {
    const token = bearerOf(ctx);
    const worker = token?.startsWith(WORKER_TOKEN_PREFIX) ? await this.worker(token) : null;
    if (!worker) throw unauthorized('请重新进入小程序登录');
    return worker;
  }

  /** A staff member or a worker, whichever the bearer token belongs to, or 401. */
  async viewerOf(ctx: Context): Promise<Viewer> {
    const token = bearerOf(ctx);
    if (token?.startsWith(WORKER_TOKEN_PREFIX)) return { kind: 'worker', workerId: (await this.workerOf(ctx)).id };
    const user = token ? await this.staffAuth.authenticate(token) : null;
    if (!user) throw unauthorized();
    return { kind: 'staff', user };
  }

  /**
   * Binds the WeChat user behind `code` to the staff account, checking the password (and TOTP
   * code) as the ordinary login does, failures counting towards its lockout; replaces older
   * bindings of either side. The login's result is returned as is. An account that must first
   * enrol TOTP does that at the console: the mini-program has no use for a session that can only enrol.
   */
  async bindStaff(code: string, username: string, password: string, totpCode?: string): Promise<LoginResult> {
    const result = await this.staffAuth.login(username, password, totpCode);
    if (!result.ok) return result;
    if (result.totpEnrolmentRequired) {
      await this.staffAuth.logout(result.token);
      throw totpEnrolmentRequired('您的账户须先在电脑端工作台绑定动态口令（TOTP），然后才能绑定微信');
    }
    let openid: string;
    try {
      openid = await this.wechat.openidFor(code);
    } catch (err) {
      await this.staffAuth.logout(result.token);
      throw err;
    }
    await this.tx.run(async (em) => {
      const repo = em.getRepository(StaffBinding);
      await repo.delete({ openid });
      await repo.delete({ staffUserId: result.user.id });
      await repo.insert({ openid, staffUserId: result.user.id, createdAt: this.clock() });
    });
    return result;
  }

  async unbindStaff(staffUserId: number): Promise<void> {
    await this.ds.getRepository(StaffBinding).delete({ staffUserId });
  }

  private async worker(token: string): Promise<Worker | null> {
    const session = await this.ds.getRepository(WorkerSession).findOneBy({ tokenHash: sha256(token) });
    if (!session || session.expiresAt <= this.clock()) return null;
    return this.ds.getRepository(Worker).findOneBy({ id: session.workerId });
  }
}
