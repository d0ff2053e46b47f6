import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import { shanghaiBound } from '../http/dates';
import type { Transactor } from '../db/transaction';
import { forbidden } from '../http/errors';
import { AuditAction, AuditHead, AuditLog } from './audit.entity';
import { Break, firstBreak, GENESIS, hashOf } from './chain';
import type { AuditQuery } from './audit.schema';

export interface AuditEntry {
  action: AuditAction;
  actor?: Pick<AuthUser, 'id' | 'username' | 'unit'> | null;
  /** For failed logins: the username that was tried. */
  actorName?: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  detail?: Record<string, unknown>;
}

const VERIFY_BATCH = 1000;

/**
 * Appends to the hash-chained audit trail and checks it. Appends are serialised on the head row:
 * its update takes the lock (MySQL) or the single writer (SQLite), so each row links to the last.
 */
export class AuditService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly clock: () => Date,
  ) {}

  record(entry: AuditEntry): Promise<void> {
    return this.tx.run(async (em) => {
      await em.query('UPDATE audit_head SET last_id = last_id WHERE id = 1');
      const head = await em.getRepository(AuditHead).findOneByOrFail({ id: 1 });
      const row = {
        id: head.lastId + 1,
        at: this.clock(),
        action: entry.action,
        actorId: entry.actor?.id ?? null,
        actorName: entry.actorName ?? entry.actor?.username ?? null,
        actorUnitId: entry.actor?.unit.id ?? null,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId === undefined ? null : String(entry.targetId),
        ip: entry.ip ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
        prevHash: head.lastHash,
      };
      const hash = hashOf(row);
      await em.getRepository(AuditLog).insert({ ...row, hash });
      await em.getRepository(AuditHead).update({ id: 1 }, { lastId: row.id, lastHash: hash });
    });
  }

  /** Re-computes the whole chain; the first changed, deleted or cut-off row, if any. */
  async verify(): Promise<{ ok: boolean; rows: number; break: Break | null }> {
    const repo = this.ds.getRepository(AuditLog);
    let prev = GENESIS;
    let after = 0;
    let rows = 0;
    for (;;) {
      const batch = await repo.createQueryBuilder('a').where('a.id > :after', { after }).orderBy('a.id', 'ASC').take(VERIFY_BATCH).getMany();
      if (!batch.length) break;
      const { at, last } = firstBreak(batch, prev);
      if (at) return { ok: false, rows: rows + batch.findIndex((r) => r.id === at.id), break: at };
      prev = last;
      rows += batch.length;
      after = batch[batch.length - 1].id;
    }
    const head = await this.ds.getRepository(AuditHead).findOneByOrFail({ id: 1 });
    if (head.lastHash !== prev) return { ok: false, rows, break: { id: after + 1, reason: 'truncated' } };
    return { ok: true, rows, break: null };
  }

  /** Auditors search the trail, newest first. */
  async search(user: AuthUser, q: AuditQuery) {
    if (user.role !== 'auditor') throw forbidden('只有审计人员可以查询审计日志');
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a');
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    if (q.targetType) qb.andWhere('a.target_type = :targetType', { targetType: q.targetType });
    if (q.targetId) qb.andWhere('a.target_id = :targetId', { targetId: q.targetId });
    if (q.from) qb.andWhere('a.at >= :from', { from: shanghaiBound(q.from, 'start') });
    if (q.to) qb.andWhere('a.at <= :to', { to: shanghaiBound(q.to, 'end') });
    const [items, total] = await qb.orderBy('a.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return { items, total };
  }
}
