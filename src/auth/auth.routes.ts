import type { AuditService } from '../audit/audit.service';
import type { Api } from '../http/api';
import { unauthorized } from '../http/errors';
import { authUserSchema, loginBody, loginResponse } from './auth.schema';
import { presentUser } from './auth.presenter';
import type { AuthService } from './auth.service';

export function authRoutes(api: Api, auth: AuthService, audit: AuditService): void {
  api.publicRoute(
    { method: 'post', path: '/auth/login', tag: 'auth', summary: '登录，取得访问令牌', body: loginBody, response: loginResponse },
    async ({ body, ctx }) => {
      const session = await auth.login(body.username, body.password);
      if (!session) {
        await audit.record({ action: 'login_failed', actorName: body.username, ip: ctx.ip });
        throw unauthorized('用户名或密码错误');
      }
      await audit.record({ action: 'login', actor: session.user, ip: ctx.ip });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: presentUser(session.user) };
    },
  );

  api.route(
    { method: 'post', path: '/auth/logout', tag: 'auth', summary: '退出登录，吊销当前令牌', status: 204 },
    async ({ ctx, user }) => {
      await auth.logout(ctx.get('authorization').replace(/^Bearer\s+/i, ''));
      await audit.record({ action: 'logout', actor: user, ip: ctx.ip });
    },
  );

  api.route(
    { method: 'get', path: '/auth/me', tag: 'auth', summary: '当前登录的工作人员', response: authUserSchema },
    async ({ user }) => presentUser(user),
  );
}
