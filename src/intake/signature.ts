import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far the call-centre's clock and ours may disagree before a request counts as replayed. */
export const MAX_SKEW_MS = 5 * 60_000;

export const sign = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * Checks `X-Hotline-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body">` and that the
 * timestamp (Unix seconds) is within five minutes of now. Returns why it fails, or null.
 */
export function verifySignature(
  secret: string | undefined, timestamp: string | undefined, signature: string | undefined, body: string, now: Date,
): string | null {
  if (!secret) return '未配置呼叫中心签名密钥';
  if (!timestamp || !/^\d{9,11}$/.test(timestamp) || !signature) return '缺少签名';
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > MAX_SKEW_MS) return '签名已过期';
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : '签名不正确';
}

/** Constant-time comparison of a presented service token with the configured one. */
export function tokenMatches(expected: string | undefined, authorization: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
