import type { OrgUnit } from './org-unit.entity';

export const presentOrg = (u: OrgUnit) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  level: u.level,
  parentId: u.parentId,
  isCentre: u.isCentre,
});

/** How other resources refer to a unit. */
export const unitRef = (u: Pick<OrgUnit, 'id' | 'name'> | undefined) => (u ? { id: u.id, name: u.name } : null);
