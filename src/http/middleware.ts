import type { Context, Next } from 'koa';
import { isDatabaseUnavailable } from '../db/availability';
import { AppError, databaseUnavailable } from './errors';

/** Every failure leaves as `{ error: { code, message, details } }`; unexpected ones never show internals. */
export async function errorHandler(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      throw new AppError(404, 'not_found', '接口不存在');
    }
  } catch (thrown) {
    const err = isDatabaseUnavailable(thrown) ? unavailable(ctx, thrown) : thrown;
    if (err instanceof AppError) {
      ctx.set(err.headers);
      ctx.status = err.status;
      ctx.body = { error: { code: err.code, message: err.message, details: err.details } };
      return;
    }
    ctx.app.emit('error', err, ctx);
    ctx.status = 500;
    ctx.body = { error: { code: 'internal', message: '服务器内部错误，请稍后重试', details: [] } };
  }
}

/** An outage is expected and says nothing about the code: one line in the log, no stack. */
function unavailable(ctx: Context, err: unknown): AppError {
  const { code, message } = err as { code?: string; message?: string };
  console.warn(`[db] unavailable: ${ctx.method} ${ctx.path}: ${code ?? message}`);
  return databaseUnavailable();
}

/** Responses about people and orders must not linger in shared caches. */
export async function noStore(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
}
