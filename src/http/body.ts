import type { Context } from 'koa';
import { AppError, invalidField } from './errors';

/**
 * Reads a JSON request body, refusing more than `limit` bytes before buffering them.
 * Returns the text too, for routes that check a signature over the exact bytes sent.
 */
export async function readJsonBody(ctx: Context, limit: number): Promise<{ raw: string; json: unknown }> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return { raw: '', json: undefined };
  if (!ctx.is('application/json')) {
    throw new AppError(415, 'unsupported_media_type', '请求体必须是 application/json');
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  try {
    return { raw, json: JSON.parse(raw) };
  } catch {
    throw invalidField('body', '请求体不是合法的 JSON');
  }
}

const tooLarge = (limit: number) => new AppError(413, 'payload_too_large', `请求体超过 ${limit} 字节`);
