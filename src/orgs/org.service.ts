import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import { contains } from '../db/like';
import type { Transactor } from '../db/transaction';
import { invalidField, notFound } from '../http/errors';
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
  private readonly known = new Map<number, OrgUnit>();
  private readonly idsByCode = new Map<string, number>();

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
    return this.cached([...new Set(ids)], (id) => this.known.get(id), (missing) => ({ id: In(missing) }), em);
  }

  byCodes(codes: string[], em: EntityManager = this.ds.manager): Promise<OrgUnit[]> {
    return this.cached([...new Set(codes)], (code) => this.known.get(this.idsByCode.get(code) ?? 0), (missing) => ({ code: In(missing) }), em);
  }

  /**
   * Units are only ever added (the seeded tree, enterprise unions), never changed, so a unit once
   * read is kept for good and the lookups on every contact and order read few rows or none. Only
   * rows read outside a transaction are kept: one read inside a transaction that then rolls back
   * might name a unit that never came to be.
   */
  private async cached<K>(
    keys: K[], hit: (key: K) => OrgUnit | undefined, where: (missing: K[]) => FindOptionsWhere<OrgUnit>, em: EntityManager,
  ): Promise<OrgUnit[]> {
    const found = keys.map(hit).filter((u): u is OrgUnit => u !== undefined);
    const missing = keys.filter((key) => !hit(key));
    if (!missing.length) return found;
    const read = await em.getRepository(OrgUnit).findBy(where(missing));
    if (em === this.ds.manager) {
      for (const unit of read) {
        this.known.set(unit.id, Object.freeze(unit));
        if (unit.code) this.idsByCode.set(unit.code, unit.id);
      }
    }
    return [...found, ...read];
  }

  /** The provincial union hosting the 12351 centre; it never changes, so it is read once. */
  async centre(em: EntityManager = this.ds.manager): Promise<OrgUnit> {
    this.centreUnit ??= await em.getRepository(OrgUnit).findOneByOrFail({ isCentre: true });
    return this.centreUnit;
  }

  /**
   * Enterprise unions sit under a town/street union, within the admin's own union and those below
   * it: a town elsewhere reads as unknown, as another unit's data does everywhere.
   */
  createEnterprise(admin: AuthUser, parentId: number, name: string): Promise<OrgUnit> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(OrgUnit);
      const parent = await repo.findOneBy({ id: parentId });
      if (!parent || !parent.path.startsWith(admin.unit.path)) throw invalidField('body.parentId', '上级单位不存在');
      if (parent.level !== 'town') {
        throw invalidField('body.parentId', '企业工会只能建在镇（街道）总工会之下');
      }
      const unit = await repo.save(repo.create({ code: null, name, level: 'enterprise', parentId, path: '', isCentre: false }));
      unit.path = `${parent.path}${unit.id}/`;
      await repo.update({ id: unit.id }, { path: unit.path });
      return unit;
    });
  }
}
