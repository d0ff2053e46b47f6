import { IsNull, Like, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { z } from 'zod';
import type { AuthUser } from '../auth/auth.service';
import { insertMany } from '../db/bulk';
import type { Transactor } from '../db/transaction';
import type { FieldCrypto, Sealed } from '../privacy/field-crypto';
import { conflict, forbidden, notFound } from '../http/errors';
import { Notification } from './notification.entity';
import { presentNotification } from './notification.presenter';
import { listedInDigest } from './triggers';
import { draftSchema, listQuery, NotificationDraft } from './notification.schema';

/**
 * Writes notifications with the caller's transaction manager, so they are committed or rolled
 * back together with the change that caused them. Due at once.
 */
export async function enqueue(em: EntityManager, drafts: NotificationDraft[], now: Date): Promise<void> {
  if (!drafts.length) return;
  const rows = drafts.map((draft) => {
    const d = draftSchema.parse(draft);
    return {
      ...d,
      payload: d.payload ? JSON.stringify(d.payload) : null,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      createdAt: now,
      sentAt: null,
    };
  });
  await insertMany(em, Notification, rows);
}

/**
 * The staff side of the outbox: listing deliveries and sending dead ones again.
 *
 * Centre staff only. Notifications cover every unit and carry workers' contacts, and keeping
 * deliveries going is the centre's operations job; units see the orders themselves instead.
 * Auditors may look but not retry.
 */
export class Outbox {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly clock: () => Date,
    private readonly crypto: FieldCrypto,
  ) {}

  async list(user: AuthUser, filter: z.output<typeof listQuery>) {
    if (!user.unit.isCentre) throw forbidden('只有热线中心可以查看通知发送情况');
    // Undefined where-values are an error in TypeORM 1: only the filters given go in.
    const base: FindOptionsWhere<Notification> = filter.status ? { status: filter.status } : {};
    const where = filter.orderId
      // A desk's digest of overdue orders names them in its payload; its order column is empty.
      ? [{ ...base, orderId: filter.orderId }, ...listedInDigest(filter.orderId).map((pattern) => ({ ...base, orderId: IsNull(), payload: Like(pattern) }))]
      : base;
    const [rows, total] = await this.ds.getRepository(Notification).findAndCount({
      where,
      order: { id: 'DESC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return { items: rows.map((n) => this.present(n)), total };
  }

  /** A dead notification goes back to the relay as if new: due now, attempts counted afresh. */
  async retry(user: AuthUser, id: number) {
    if (!user.unit.isCentre || user.role === 'auditor') throw forbidden('只有热线中心的工作人员可以重发通知');
    const now = this.clock();
    const updated = await this.tx.run((em) =>
      em.getRepository(Notification).update({ id, status: 'dead' }, { status: 'pending', attempts: 0, nextAttemptAt: now }));
    const row = await this.ds.getRepository(Notification).findOneBy({ id });
    if (!row) throw notFound('通知');
    if (updated.affected !== 1) throw conflict('not_dead', '只有发送失败（dead）的通知可以重发');
    return this.present(row);
  }

  private present(n: Notification) {
    return presentNotification(n, n.channel === 'sms' ? this.crypto.open(n.recipient as Sealed, 'phone') : n.recipient);
  }
}
