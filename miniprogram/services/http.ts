/**
 * The transport: one `wx.request` per call to /api/v1, JSON in and out. A refusal from the
 * server rejects with its error body as an ApiError; a network failure with status 0.
 */
import { API_BASE } from '../config';

export interface FieldError {
  /** Where the server found it, e.g. `body.phone`. */
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}

export type Method = 'GET' | 'POST' | 'DELETE';
export type Query = Record<string, string | number | undefined>;

export interface CallOptions {
  query?: Query;
  data?: object;
  token?: string | null;
}

export function apiUrl(path: string, query: Query = {}): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${API_BASE}/api/v1${path}${q ? `?${q}` : ''}`;
}

export const authHeader = (token?: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/**
 * The server's `{ error: { code, message, details } }`, or a plain status when there is none. A
 * refusal of fields says their reasons: the paths the server names them by mean nothing to a worker.
 */
export function errorOf(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: FieldError[] } } | null)?.error;
  const details = e?.details ?? [];
  const reasons = [...new Set(details.map((d) => d.message))].join('；');
  return new ApiError(status, e?.code ?? 'http_error', reasons || e?.message || `请求失败（${status}）`, details);
}

export const networkError = () => new ApiError(0, 'network', '网络连接失败，请检查网络后重试');

export function call<T>(method: Method, path: string, options: CallOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: apiUrl(path, options.query),
      method,
      data: options.data,
      header: { 'content-type': 'application/json', ...authHeader(options.token) },
      success: (res) => (res.statusCode >= 200 && res.statusCode < 300 ? resolve(res.data as T) : reject(errorOf(res.statusCode, res.data))),
      fail: () => reject(networkError()),
    });
  });
}
