/**
 * Who must use a TOTP second factor, and who may reset someone else's.
 *
 * Admins and supervisors hold the widest powers (accounts, unions, cards against whole units), so
 * they must have TOTP: signed in without it, they can do nothing but enrol it. Everyone else may
 * enrol if they wish.
 */
import { AppError } from '../http/errors';
import type { AuthUser } from './auth.service';
import type { Role } from './staff-user.entity';

export const TOTP_ROLES: readonly Role[] = ['admin', 'supervisor'];

export const mustUseTotp = (role: Role): boolean => TOTP_ROLES.includes(role);

export const totpEnrolmentRequired = (message = '您的账户须先绑定动态口令（TOTP）才能使用本系统') =>
  new AppError(403, 'totp_enrolment_required', message);

/** Admins reset the TOTP of others (a lost phone)… */
export const resetsTotp = (user: AuthUser): boolean => user.role === 'admin';

/** …of staff at their unit or below; anyone else's account does not exist for them. */
export const inResetScope = (admin: AuthUser, targetUnitPath: string): boolean => targetUnitPath.startsWith(admin.unit.path);
