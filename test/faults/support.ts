/**
 * Shared by the fault tests. They need a database server that can go away under the app (through
 * test/support/db-proxy.ts), so they run on MySQL/MariaDB only and skip on SQLite.
 */
export const DATABASE_URL = process.env.TEST_DATABASE_URL;

export const onServerDatabase = DATABASE_URL ? describe : describe.skip;

/** The `i`-th of a run of distinct chat messages, each a complaint from a sender of its own. */
export const wageComplaint = (i: number) => ({
  channel: 'wechat', messageId: `bye-${i}`, senderId: `wx-bye-${i}`, text: `东莞塘厦一家工厂拖欠我们${(i % 9) + 1}个月工资`,
});

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 5000, everyMs = 50): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Silences console.warn and console.error (an outage logs a line per failure) and keeps what was logged. */
export function captureLogs(): { lines(): string[]; restore(): void } {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  const spies = [jest.spyOn(console, 'warn').mockImplementation(keep), jest.spyOn(console, 'error').mockImplementation(keep)];
  return { lines: () => [...lines], restore: () => spies.forEach((s) => s.mockRestore()) };
}
