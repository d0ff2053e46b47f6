import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { contains } from '../db/like';
import type { Transactor } from '../db/transaction';
import { badRequest, notFound } from '../http/errors';
import { OrgUnit, OrgLevel } from './org-unit.entity';

export interface OrgFilter {
  code?: string;
  q?: string;
  parentId?: number;
  level?: OrgLevel;
  limit: number;
}

/** Ids on a unit's path from the root down to itself. */
export const pathIds = (path: string): number[] => path.split('/').filter(Boolean).map(Number);

/**
 * Lookups take the caller's transaction `em` when there is one: a read on a pooled connection of
 * its own would wait for a free connection, and once every connection is held by a transaction
 * waiting so, none is ever freed.
 */
export class OrgService {
  private centreUnit?: OrgUnit;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
  ) {}

  list(filter: OrgFilter): Promise<OrgUnit[]> {
    const where: FindOptionsWhere<OrgUnit> = {};
    if (filter.code) where.code = filter.code;
    if (filter.parentId) where.parentId = filter.parentId;
    if (filter.level) where.level = filter.level;
    if (filter.q) where.name = contains(filter.q);
    return this.ds.getRepository(OrgUnit).find({ where, order: { id: 'ASC' }, take: filter.limit });
  }

  async get(id: number): Promise<OrgUnit> {
    const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id });
    if (!unit) throw notFound('单位');
    return unit;
  }

  async children(id: number): Promise<OrgUnit[]> {
    await this.get(id);
    return this.ds.getRepository(OrgUnit).find({ where: { parentId: id }, order: { id: 'ASC' } });
  }

  byIds(ids: Iterable<number>, em: EntityManager = this.ds.manager): Promise<OrgUnit[]> {
    const unique = [...new Set(ids)];
    return unique.length ? em.getRepository(OrgUnit).findBy({ id: In(unique) }) : Promise.resolve([]);
  }

  byCodes(codes: string[], em: EntityManager = this.ds.manager): Promise<OrgUnit[]> {
    return codes.length ? em.getRepository(OrgUnit).findBy({ code: In(codes) }) : Promise.resolve([]);
  }

  /** The provincial union hosting the 12351 centre; it never changes, so it is read once. */
  async centre(em: EntityManager = this.ds.manager): Promise<OrgUnit> {
    this.centreUnit ??= await em.getRepository(OrgUnit).findOneByOrFail({ isCentre: true });
    return this.centreUnit;
  }

  /** Enterprise unions sit under a town/street union. */
  createEnterprise(parentId: number, name: string): Promise<OrgUnit> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(OrgUnit);
      const parent = await repo.findOneBy({ id: parentId });
      if (!parent) throw badRequest('上级单位不存在', [{ path: 'body.parentId', message: 'unknown unit' }]);
      if (parent.level !== 'town') {
        throw badRequest('企业工会只能建在镇（街道）总工会之下', [{ path: 'body.parentId', message: 'must be a town/street union' }]);
      }
      const unit = await repo.save(repo.create({ code: null, name, level: 'enterprise', parentId, path: '', isCentre: false }));
      unit.path = `${parent.path}${unit.id}/`;
      await repo.update({ id: unit.id }, { path: unit.path });
      return unit;
    });
  }
}
