/**
 * Who is using the app, kept in WeChat storage. Workers are logged in silently: `wx.login`'s
 * code goes to /mp/login and our own token comes back (WeChat's session_key stays on the
 * server). Staff sign in once on the binding page and then carry an ordinary staff token.
 */
import { ApiError, call, CallOptions, Method } from './http';

const WORKER_KEY = 'session.worker';
const STAFF_KEY = 'session.staff';

export interface WorkerSession {
  token: string;
  expiresAt: string;
  worker: { phone: string | null };
  /** The staff account this WeChat user has bound, if any. */
  staff: { username: string; displayName: string } | null;
  subscribeTemplateId: string | null;
}

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  unit: { id: number; name: string; level: string; isCentre: boolean };
}

export interface StaffSession {
  token: string;
  expiresAt: string;
  user: StaffUser;
}

function live<T extends { expiresAt: string }>(key: string): T | null {
  const value = wx.getStorageSync(key) as T | '';
  return value && new Date(value.expiresAt).getTime() > Date.now() ? value : null;
}

/** A fresh one-time wx.login code. */
export function loginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({ success: (res) => resolve(res.code), fail: () => reject(new ApiError(0, 'wx_login', '微信登录失败，请稍后重试')) });
  });
}

/** The worker's session, logging in silently when there is none. */
export async function workerSession(): Promise<WorkerSession> {
  const known = live<WorkerSession>(WORKER_KEY);
  if (known) return known;
  const session = await call<WorkerSession>('POST', '/mp/login', { data: { code: await loginCode() } });
  wx.setStorageSync(WORKER_KEY, session);
  return session;
}

/** A call as the worker; a token the server no longer accepts is replaced by a new login once. */
export async function asWorker<T>(method: Method, path: string, options: Omit<CallOptions, 'token'> = {}): Promise<T> {
  const attempt = async () => call<T>(method, path, { ...options, token: (await workerSession()).token });
  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    wx.removeStorageSync(WORKER_KEY);
    return attempt();
  }
}

export const staffSession = (): StaffSession | null => live<StaffSession>(STAFF_KEY);

export const saveStaffSession = (session: StaffSession) => wx.setStorageSync(STAFF_KEY, session);

export const forgetStaffSession = () => wx.removeStorageSync(STAFF_KEY);

/** A call as the bound staff member. Without a live staff session it fails with 401: pages then send them to bind. */
export async function asStaff<T>(method: Method, path: string, options: Omit<CallOptions, 'token'> = {}): Promise<T> {
  const session = staffSession();
  if (!session) throw new ApiError(401, 'unauthorized', '请先绑定工作人员账号');
  try {
    return await call<T>(method, path, { ...options, token: session.token });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) forgetStaffSession();
    throw err;
  }
}
