/** Binding a staff account to this WeChat user: /mp/staff/bind. */
import { call } from './http';
import { asStaff, forgetStaffSession, loginCode, saveStaffSession, StaffSession } from './session';

/** `totpCode` once the server has answered `totp_required` (the account has a second factor). */
export async function bindStaff(username: string, password: string, totpCode?: string): Promise<StaffSession> {
  const data = { username, password, code: await loginCode(), ...(totpCode ? { totpCode } : {}) };
  const session = await call<StaffSession>('POST', '/mp/staff/bind', { data });
  saveStaffSession(session);
  return session;
}

export async function unbindStaff(): Promise<void> {
  await asStaff<void>('DELETE', '/mp/staff/bind');
  forgetStaffSession();
}
