import { AppError } from './errors';

/**
 * A token bucket per key, in memory: `capacity` requests at once, refilled at `perMinute`.
 * Enough for one server; behind several instances each keeps its own buckets.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    private readonly clock: () => Date,
  ) {}

  /** Takes one token for `key`, or throws 429 with how long to wait. */
  take(key: string): void {
    const now = this.clock().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    // A clock stepped back refills nothing rather than draining the bucket.
    const refilled = Math.min(this.capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 60_000) * this.perMinute);
    if (refilled < 1) {
      const wait = Math.ceil(((1 - refilled) / this.perMinute) * 60);
      throw new AppError(429, 'rate_limited', `请求过于频繁，请 ${wait} 秒后再试`, [], { 'Retry-After': String(wait) });
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.buckets.size > 10_000) this.sweep(now);
  }

  /** Forgets full buckets, so memory follows the number of busy keys. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (Math.max(0, now - b.at) / 60_000) * this.perMinute >= this.capacity) this.buckets.delete(key);
    }
  }
}
