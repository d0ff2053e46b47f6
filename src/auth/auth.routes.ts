import type { Context } from 'koa';
import type { AuditService } from '../audit/audit.service';
import type { Api } from '../http/api';
import { AppError, invalidField, unauthorized } from '../http/errors';
import type { RateLimiter } from '../http/rate-limit';
import {
  loginBody, loginResponse, meResponse, passwordBody, totpCodeBody, totpEnrolmentSchema, totpResetBody, totpStatusSchema,
} from './auth.schema';
import { presentLogin, presentUser } from './auth.presenter';
import { accountLocked, AuthService, LoginResult } from './auth.service';
import type { TotpService } from './totp.service';

type LoginFailure = Extract<LoginResult, { ok: false }>;

/**
 * Records a refused login and returns the error the client gets. Shared by the console's login and
 * the mini-program's binding (`via`).
 */
export async function loginRefused(audit: AuditService, ctx: Context, username: string, failure: LoginFailure, via?: string): Promise<AppError> {
  switch (failure.reason) {
    case 'totp_required':
      // Not a failure: the client now asks for the code.
      return new AppError(401, 'totp_required', '请输入身份验证器中的 6 位动态口令');
    case 'totp_invalid':
      await audit.record({ action: 'totp_failed', actor: failure.user, ip: ctx.ip, detail: { via: via ?? 'login' } });
      return failure.lockedUntil ? accountLocked(failure.lockedUntil) : new AppError(401, 'totp_invalid', '动态口令不正确或已使用，请输入新的动态口令');
    default:
      await audit.record({ action: 'login_failed', actorName: username, ip: ctx.ip, detail: via ? { reason: failure.reason, via } : { reason: failure.reason } });
      return failure.reason === 'locked' ? accountLocked(failure.until) : unauthorized('用户名或密码错误');
  }
}

export function authRoutes(api: Api, auth: AuthService, totp: TotpService, audit: AuditService, limiter: RateLimiter): void {
  api.publicRoute(
    {
      method: 'post', path: '/auth/login', tag: 'auth',
      summary: '登录，取得访问令牌（已启用动态口令的账户须带 totpCode；连续 5 次密码或口令错误锁定 15 分钟）',
      body: loginBody, response: loginResponse,
      verify: (ctx) => limiter.take(`login:${ctx.ip}`),
    },
    async ({ body, ctx }) => {
      const result = await auth.login(body.username, body.password, body.totpCode);
      if (!result.ok) throw await loginRefused(audit, ctx, body.username, result);
      await audit.record({ action: 'login', actor: result.user, ip: ctx.ip, detail: result.totpEnrolmentRequired ? { totpEnrolmentRequired: true } : undefined });
      return presentLogin(result);
    },
  );

  api.route(
    { method: 'post', path: '/auth/password', tag: 'auth', summary: '修改密码（其他登录会话随之失效）', body: passwordBody, status: 204 },
    async ({ body, user, ctx }) => {
      if (body.next.toLowerCase().includes(user.username.toLowerCase())) {
        throw invalidField('body.next', '新密码不能包含用户名');
      }
      if (!(await auth.changePassword(user, body.current, body.next, bearer(ctx.get('authorization'))))) {
        throw invalidField('body.current', '当前密码不正确');
      }
    },
  );

  api.route(
    { method: 'post', path: '/auth/logout', tag: 'auth', summary: '退出登录，吊销当前令牌', status: 204, enrolment: true },
    async ({ ctx, user }) => {
      await auth.logout(bearer(ctx.get('authorization')));
      await audit.record({ action: 'logout', actor: user, ip: ctx.ip });
    },
  );

  api.route(
    { method: 'get', path: '/auth/me', tag: 'auth', summary: '当前登录的工作人员，及会话是否只能绑定动态口令', response: meResponse, enrolment: true },
    async ({ user, enrolmentOnly }) => ({ ...presentUser(user), totpEnrolmentRequired: enrolmentOnly }),
  );

  // --- the TOTP second factor ------------------------------------------------------------------

  api.route(
    { method: 'get', path: '/auth/totp', tag: 'auth', summary: '本人动态口令（TOTP）的状态', response: totpStatusSchema, enrolment: true },
    async ({ user }) => totp.status(user),
  );

  api.route(
    {
      method: 'post', path: '/auth/totp/enrolment', tag: 'auth', status: 201, response: totpEnrolmentSchema, enrolment: true,
      summary: '开始绑定动态口令：返回密钥和 otpauth:// 地址（仅此一次），确认前不生效',
    },
    async ({ user }) => totp.start(user),
  );

  api.route(
    {
      method: 'post', path: '/auth/totp/enrolment/confirm', tag: 'auth', body: totpCodeBody, response: totpStatusSchema, enrolment: true,
      summary: '用身份验证器中的动态口令确认绑定；本会话解除限制，其他会话失效',
    },
    async ({ body, user, ctx }) => {
      const status = await totp.confirm(user, body.code, bearer(ctx.get('authorization')));
      await audit.record({ action: 'totp_enrolled', actor: user, ip: ctx.ip, targetType: 'staff_user', targetId: user.id });
      return status;
    },
  );

  api.route(
    {
      method: 'post', path: '/auth/totp/disable', tag: 'auth', body: totpCodeBody, response: totpStatusSchema,
      summary: '停用本人的动态口令（须当前口令；管理员和督办停用后须重新绑定）',
    },
    async ({ body, user, ctx }) => {
      const result = await totp.disable(user, body.code);
      if (!result.ok) {
        await audit.record({ action: 'totp_failed', actor: user, ip: ctx.ip, detail: { via: 'disable' } });
        if (result.reason === 'locked') throw accountLocked(result.until);
        throw invalidField('body.code', '动态口令不正确或已使用');
      }
      await audit.record({ action: 'totp_disabled', actor: user, ip: ctx.ip, targetType: 'staff_user', targetId: user.id });
      return result.status;
    },
  );

  api.route(
    {
      method: 'post', path: '/auth/totp/reset', tag: 'auth', body: totpResetBody, status: 204,
      summary: '管理员重置本单位及下级工作人员的动态口令（如手机丢失），其登录会话随之失效',
    },
    async ({ body, user, ctx }) => {
      const target = await totp.reset(user, body.username);
      await audit.record({ action: 'totp_reset', actor: user, ip: ctx.ip, targetType: 'staff_user', targetId: target.id, detail: { username: target.username } });
    },
  );
}

const bearer = (authorization: string) => authorization.replace(/^Bearer\s+/i, '');
