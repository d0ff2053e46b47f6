import { createHash } from 'node:crypto';
import type { Context } from 'koa';

/**
 * Tags a JSON response with an ETag over its content and answers 304 (no body) when the client's
 * If-None-Match already names it. Polling clients then pay for a change, not for a poll.
 *
 * The response stays `no-store`: the client keeps its last copy itself and revalidates by hand.
 * A fetch() that sets If-None-Match itself also sends `Cache-Control: no-cache`, which Koa's
 * `ctx.fresh` takes as "never fresh"; that directive is for caches, and this is the origin, so
 * the tags are compared here (weakly, as RFC 9110 has it for If-None-Match).
 * Returns the body to send, or undefined for 304.
 */
export function unlessNotModified<T>(ctx: Context, body: T): T | undefined {
  const tag = `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
  ctx.set('ETag', tag);
  if (!matches(ctx.get('if-none-match'), tag)) return body;
  ctx.status = 304;
  return undefined;
}

function matches(ifNoneMatch: string, tag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === tag);
}
