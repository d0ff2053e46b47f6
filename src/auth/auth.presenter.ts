import type { AuthUser } from './auth.service';

export const presentUser = (user: AuthUser) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  unit: { id: user.unit.id, name: user.unit.name, level: user.unit.level, isCentre: user.unit.isCentre },
});
