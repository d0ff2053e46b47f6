import type { EntityManager } from 'typeorm';
import { GUANGDONG, guangdongRegions } from '../regions/division';
import { OrgUnit } from './org-unit.entity';

/**
 * Seeds the union tree: 广东省总工会 (hosting the 12351 centre), then a union for every city,
 * county-level district and town/street of Guangdong. Ids are assigned here, in region order,
 * so paths can be written in the same pass and both engines get the same ids.
 */
export async function seedUnionTree(em: EntityManager): Promise<number> {
  if ((await em.getRepository(OrgUnit).count()) > 0) return 0;
  const byCode = new Map<string, { id: number; path: string }>();
  const rows: Partial<OrgUnit>[] = [];
  const add = (code: string, name: string, level: OrgUnit['level'], parentCode: string | null, isCentre = false) => {
    const parent = parentCode ? byCode.get(parentCode) : undefined;
    const id = rows.length + 1;
    const path = `${parent?.path ?? '/'}${id}/`;
    byCode.set(code, { id, path });
    rows.push({ id, code, name, level, parentId: parent?.id ?? null, path, isCentre });
  };
  add(GUANGDONG.code, '广东省总工会', 'province', null, true);
  for (const region of guangdongRegions()) add(region.code, `${region.name}总工会`, region.level, region.parentCode);
  for (let i = 0; i < rows.length; i += 500) {
    await em.getRepository(OrgUnit).insert(rows.slice(i, i + 500));
  }
  return rows.length;
}
