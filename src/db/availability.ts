import type { DataSource } from 'typeorm';

/** Error codes meaning the database cannot be reached, is going away or is full, not that a statement was wrong. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ER_CONNECTION_KILLED', 'ER_CON_COUNT_ERROR',
]);

/**
 * Whether `err` says the database could not be reached (rather than refusing a statement).
 * mysql2 marks every error that breaks a connection `fatal`; TypeORM copies that onto its
 * QueryFailedError and keeps the original as `driverError`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { fatal?: unknown; code?: unknown; driverError?: unknown };
  if (e.fatal === true) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  return e.driverError !== undefined && e.driverError !== err && isDatabaseUnavailable(e.driverError);
}

/**
 * Whether the database answers a trivial query within `timeoutMs`. A database that does not
 * answer at all (a host gone silent) would otherwise hold the caller for the driver's connect timeout.
 */
export async function databaseAnswers(ds: DataSource, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([ds.query('SELECT 1').then(() => true, () => false), silence]);
  } finally {
    clearTimeout(timer);
  }
}
