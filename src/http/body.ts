import type { Context } from 'koa';
import { AppError, badRequest } from './errors';

/** Reads a JSON request body, refusing more than `limit` bytes before buffering them. */
export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  if (!ctx.is('application/json')) {
    throw new AppError(415, 'unsupported_media_type', '请求体必须是 application/json');
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badRequest('请求体不是合法的 JSON', [{ path: 'body', message: 'invalid JSON' }]);
  }
}

const tooLarge = (limit: number) => new AppError(413, 'payload_too_large', `请求体超过 ${limit} 字节`);
