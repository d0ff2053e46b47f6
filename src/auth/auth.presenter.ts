import type { AuthUser, LoginResult } from './auth.service';
import { resetsTotp } from './totp.policy';

export const presentUser = (user: AuthUser) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  unit: { id: user.unit.id, name: user.unit.name, level: user.unit.level, isCentre: user.unit.isCentre },
  mayResetOthersTotp: resetsTotp(user),
});

export const presentLogin = (login: Extract<LoginResult, { ok: true }>) => ({
  token: login.token,
  expiresAt: login.expiresAt.toISOString(),
  user: presentUser(login.user),
  totpEnrolmentRequired: login.totpEnrolmentRequired,
});
