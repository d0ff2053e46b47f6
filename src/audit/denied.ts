import type { Context, Next } from 'koa';
import type { AuditService } from './audit.service';

const LOGIN = '/api/v1/auth/login';

/** Every refused request (401/403) goes to the audit trail; failed logins are recorded as such. */
export function recordDenied(audit: AuditService) {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    if ((ctx.status === 401 || ctx.status === 403) && ctx.path !== LOGIN) {
      await audit.record({
        action: 'denied',
        actor: ctx.state.user ?? null,
        ip: ctx.ip,
        detail: { method: ctx.method, path: ctx.path, status: ctx.status },
      });
    }
  };
}
