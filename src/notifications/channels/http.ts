import { DeliveryError } from './channel';

/**
 * fetch with a deadline; network failures and timeouts become transient delivery errors.
 * Messages never repeat the URL: it may carry a secret (the WeChat token request does).
 */
export async function request(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? `超时（${timeoutMs} ms）` : (e.cause?.code ?? e.message);
    throw new DeliveryError(`请求失败：${reason}`, false);
  }
}

export function postJson(url: string, body: unknown, timeoutMs: number, headers: Record<string, string> = {}): Promise<Response> {
  return request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }, timeoutMs);
}

/**
 * Accepts 2xx. Other 4xx mean the request itself is wrong and will stay wrong, except timeouts
 * and rate limits (408, 429); 5xx and the rest may pass later.
 */
export async function expectOk(res: Response, what: string): Promise<void> {
  await res.body?.cancel();
  if (res.ok) return;
  const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  throw new DeliveryError(`${what}返回 HTTP ${res.status}`, permanent);
}

/** The JSON body of a reply; anything unreadable is treated as a passing fault of the far side. */
export async function readJson<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new DeliveryError(`${what}返回 HTTP ${res.status}`, false);
  try {
    return (await res.json()) as T;
  } catch {
    throw new DeliveryError(`${what}返回的不是 JSON`, false);
  }
}
