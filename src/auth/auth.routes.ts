import type { AuditService } from '../audit/audit.service';
import type { Api } from '../http/api';
import { AppError, badRequest, unauthorized } from '../http/errors';
import type { RateLimiter } from '../http/rate-limit';
import { authUserSchema, loginBody, loginResponse, passwordBody } from './auth.schema';
import { presentUser } from './auth.presenter';
import type { AuthService } from './auth.service';

export function authRoutes(api: Api, auth: AuthService, audit: AuditService, limiter: RateLimiter): void {
  api.publicRoute(
    {
      method: 'post', path: '/auth/login', tag: 'auth', summary: '登录，取得访问令牌（连续 5 次密码错误锁定 15 分钟）',
      body: loginBody, response: loginResponse,
      verify: (ctx) => limiter.take(`login:${ctx.ip}`),
    },
    async ({ body, ctx }) => {
      const result = await auth.login(body.username, body.password);
      if (!result.ok) {
        await audit.record({ action: 'login_failed', actorName: body.username, ip: ctx.ip, detail: { reason: result.reason } });
        if (result.reason === 'locked') {
          throw new AppError(423, 'account_locked', `连续输错密码次数过多，账户已锁定至 ${shanghaiTime(result.until)}`);
        }
        throw unauthorized('用户名或密码错误');
      }
      await audit.record({ action: 'login', actor: result.user, ip: ctx.ip });
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: presentUser(result.user) };
    },
  );

  api.route(
    { method: 'post', path: '/auth/password', tag: 'auth', summary: '修改密码（其他登录会话随之失效）', body: passwordBody, status: 204 },
    async ({ body, user, ctx }) => {
      if (body.next.toLowerCase().includes(user.username.toLowerCase())) {
        throw badRequest('新密码不能包含用户名', [{ path: 'body.next', message: 'contains the username' }]);
      }
      if (!(await auth.changePassword(user, body.current, body.next, bearer(ctx.get('authorization'))))) {
        throw badRequest('当前密码不正确', [{ path: 'body.current', message: 'wrong password' }]);
      }
    },
  );

  api.route(
    { method: 'post', path: '/auth/logout', tag: 'auth', summary: '退出登录，吊销当前令牌', status: 204 },
    async ({ ctx, user }) => {
      await auth.logout(bearer(ctx.get('authorization')));
      await audit.record({ action: 'logout', actor: user, ip: ctx.ip });
    },
  );

  api.route(
    { method: 'get', path: '/auth/me', tag: 'auth', summary: '当前登录的工作人员', response: authUserSchema },
    async ({ user }) => presentUser(user),
  );
}

const bearer = (authorization: string) => authorization.replace(/^Bearer\s+/i, '');

const shanghaiTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
