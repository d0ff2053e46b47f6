/** Binding a staff account to this WeChat user: /mp/staff/bind. */
import { call } from './http';
import { asStaff, forgetStaffSession, loginCode, saveStaffSession, StaffSession } from './session';

export async function bindStaff(username: string, password: string): Promise<StaffSession> {
  const session = await call<StaffSession>('POST', '/mp/staff/bind', { data: { username, password, code: await loginCode() } });
  saveStaffSession(session);
  return session;
}

export async function unbindStaff(): Promise<void> {
  await asStaff<void>('DELETE', '/mp/staff/bind');
  forgetStaffSession();
}
