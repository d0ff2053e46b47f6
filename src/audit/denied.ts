import type { Context, Next } from 'koa';
import { isDatabaseUnavailable } from '../db/availability';
import type { AuditService } from './audit.service';

const LOGIN = '/api/v1/auth/login';

/** Every refused request (401/403) goes to the audit trail; failed logins are recorded as such. */
export function recordDenied(audit: AuditService) {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    if ((ctx.status === 401 || ctx.status === 403) && ctx.path !== LOGIN) {
      const detail = { method: ctx.method, path: ctx.path, status: ctx.status };
      await audit.record({ action: 'denied', actor: ctx.state.user ?? null, ip: ctx.ip, detail }).catch((err: unknown) => {
        // The request was refused either way; with the database away the log is the only trace of it.
        if (!isDatabaseUnavailable(err)) throw err;
        console.warn(`[audit] denied request not recorded (database unavailable): ${JSON.stringify({ ...detail, ip: ctx.ip })}`);
      });
    }
  };
}
