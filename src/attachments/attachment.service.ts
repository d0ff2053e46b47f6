/**
 * Photos and voice notes: stored under random names outside anything served, linked to an
 * appeal or an order, and handed out only to whoever may see that order:
 *
 * - a worker sees what they uploaded, and what staff attached to their own order (result photos);
 * - staff see the files of the orders in their scope, and their own uploads. A voice note from an
 *   anonymous appeal is withheld from everyone but the centre's desk: a voice identifies a person.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthUser } from '../auth/auth.service';
import { AppError, invalidField, notFound } from '../http/errors';
import { InboundMessage } from '../intake/inbound-message.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { scopeOrders, seesAllOrders, seesWorkerIdentity } from '../work-orders/work-order.policy';
import { Attachment, AttachmentKind } from './attachment.entity';
import { sniff } from './sniff';

/** Who is asking: a signed-in staff member or a mini-program worker. */
export type Viewer = { kind: 'staff'; user: AuthUser } | { kind: 'worker'; workerId: number };

const MB = 1024 * 1024;
export const SIZE_LIMITS: Record<AttachmentKind, number> = { photo: 10 * MB, voice: 2 * MB };
/** An upload request may carry the largest file plus the multipart framing around it. */
export const UPLOAD_REQUEST_LIMIT = SIZE_LIMITS.photo + 64 * 1024;
export const MAX_PHOTOS = 9;

/** One file to link, and where the caller's input named it (for the 400's path). */
export interface LinkItem {
  id: number;
  kind: AttachmentKind;
  path: string;
}

export class AttachmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly dir: string,
    private readonly clock: () => Date,
  ) {}

  /** Keeps an uploaded file if its bytes are an accepted photo or voice type within its size limit. */
  async store(viewer: Viewer, bytes: Buffer): Promise<Attachment> {
    const type = sniff(bytes);
    if (!type) throw new AppError(415, 'unsupported_media_type', '只能上传 JPG、PNG、WEBP、HEIC 照片或 MP3、AAC、M4A、SILK 语音');
    if (bytes.length > SIZE_LIMITS[type.kind]) {
      throw new AppError(413, 'payload_too_large', type.kind === 'photo' ? '照片不能超过 10 MB' : '语音不能超过 2 MB');
    }
    const storedName = randomBytes(16).toString('hex');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, storedName);
    await writeFile(file, bytes, { flag: 'wx', mode: 0o600 });
    const repo = this.ds.getRepository(Attachment);
    try {
      return await repo.save(repo.create({
        orderId: null, contactId: null, kind: type.kind, mime: type.mime, size: bytes.length, storedName,
        uploaderKind: viewer.kind, uploaderId: viewer.kind === 'staff' ? viewer.user.id : viewer.workerId,
        createdAt: this.clock(),
      }));
    } catch (err) {
      await unlink(file).catch(() => undefined);
      throw err;
    }
  }

  /** Links a worker's uploads to their appeal, in the transaction that stores it. */
  linkToContact(em: EntityManager, contactId: number, workerId: number, items: LinkItem[]): Promise<void> {
    return this.link(em, { uploaderKind: 'worker', uploaderId: workerId }, items, { contactId });
  }

  /** Links a staff member's uploads to the order they act on (report photos), in the action's transaction. */
  linkToOrder(em: EntityManager, orderId: number, staffId: number, items: LinkItem[]): Promise<void> {
    return this.link(em, { uploaderKind: 'staff', uploaderId: staffId }, items, { orderId });
  }

  /** The files of an order that this staff member may see; 404 when the order is outside their scope. */
  async forOrder(user: AuthUser, orderId: number): Promise<Attachment[]> {
    const visible = await scopeOrders(this.ds.getRepository(WorkOrder).createQueryBuilder('o'), 'o', user)
      .andWhere('o.id = :orderId', { orderId }).getExists();
    if (!visible) throw notFound('工单');
    const contacts = await this.ds.getRepository(InboundMessage).find({ select: { id: true }, where: { orderId } });
    const rows = await this.ds.getRepository(Attachment).find({
      where: [{ orderId }, ...(contacts.length ? [{ contactId: In(contacts.map((c) => c.id)) }] : [])],
      order: { id: 'ASC' },
    });
    return this.visible({ kind: 'staff', user }, rows);
  }

  /** The files a worker sees with their appeal: theirs, and staff's on the order when it is their own. */
  async forAppeal(workerId: number, contact: InboundMessage): Promise<Attachment[]> {
    const rows = await this.ds.getRepository(Attachment).find({
      where: [{ contactId: contact.id }, ...(contact.orderId === null ? [] : [{ orderId: contact.orderId }])],
      order: { id: 'ASC' },
    });
    return this.visible({ kind: 'worker', workerId }, rows);
  }

  /** The file and its record, if the viewer may see it; otherwise it does not exist for them. */
  async open(viewer: Viewer, id: number): Promise<{ attachment: Attachment; stream: Readable }> {
    const row = await this.ds.getRepository(Attachment).findOneBy({ id });
    const [attachment] = row ? await this.visible(viewer, [row]) : [];
    if (!attachment) throw notFound('附件');
    const file = join(this.dir, attachment.storedName);
    if (!(await stat(file).then((s) => s.isFile(), () => false))) throw notFound('附件');
    return { attachment, stream: createReadStream(file) };
  }

  // -------------------------------------------------------------------------------------------

  private async link(
    em: EntityManager, owner: Pick<Attachment, 'uploaderKind' | 'uploaderId'>, items: LinkItem[],
    target: { contactId: number } | { orderId: number },
  ): Promise<void> {
    if (!items.length) return;
    const rows = new Map((await em.getRepository(Attachment).findBy({ id: In(items.map((i) => i.id)) })).map((a) => [a.id, a]));
    for (const item of items) {
      const why = refusalOf(rows.get(item.id), item, owner);
      if (why) throw invalidField(item.path, why);
    }
    // Conditional on still being unlinked, so one file never ends up in two places.
    const linked = await em.createQueryBuilder().update(Attachment).set(target)
      .where('id IN (:...ids) AND order_id IS NULL AND contact_id IS NULL', { ids: items.map((i) => i.id) })
      .execute();
    if (linked.affected !== items.length) throw invalidField(items[0].path, '附件已被使用');
  }

  /** The rows of `rows` the viewer may see (see the rules at the top). */
  private async visible(viewer: Viewer, rows: Attachment[]): Promise<Attachment[]> {
    const contactIds = [...new Set(rows.map((a) => a.contactId).filter((x): x is number => x !== null))];
    const contacts = new Map((contactIds.length ? await this.ds.getRepository(InboundMessage).findBy({ id: In(contactIds) }) : [])
      .map((c) => [c.id, c]));
    const orderOf = (a: Attachment) => a.orderId ?? (a.contactId === null ? null : contacts.get(a.contactId)?.orderId ?? null);
    const orderIds = [...new Set(rows.map(orderOf).filter((x): x is number => x !== null))];
    const own = (a: Attachment) =>
      a.uploaderKind === viewer.kind && a.uploaderId === (viewer.kind === 'staff' ? viewer.user.id : viewer.workerId);

    if (viewer.kind === 'worker') {
      const theirs = orderIds.length
        ? new Set((await this.ds.getRepository(WorkOrder).find({ select: { id: true }, where: { id: In(orderIds), workerId: viewer.workerId } })).map((o) => o.id))
        : new Set<number>();
      return rows.filter((a) => own(a) || (a.uploaderKind === 'staff' && theirs.has(orderOf(a) ?? 0)));
    }

    const { user } = viewer;
    const inScope = orderIds.length
      ? new Set((await scopeOrders(this.ds.getRepository(WorkOrder).createQueryBuilder('o'), 'o', user)
        .select('o.id', 'id').andWhere('o.id IN (:...orderIds)', { orderIds }).getRawMany<{ id: number }>()).map((r) => Number(r.id)))
      : new Set<number>();
    return rows.filter((a) => {
      if (own(a)) return true;
      const contact = a.contactId === null ? undefined : contacts.get(a.contactId);
      if (a.kind === 'voice' && contact?.anonymous && !seesWorkerIdentity(user)) return false;
      const orderId = orderOf(a);
      // A contact still in the lawyers' queue has no order yet: the centre reads it with its files.
      return orderId === null ? contact !== undefined && seesAllOrders(user) : inScope.has(orderId);
    });
  }
}

/** Why a file may not be linked as `item` by `owner`; null when it may. Others' files do not exist. */
function refusalOf(a: Attachment | undefined, item: LinkItem, owner: Pick<Attachment, 'uploaderKind' | 'uploaderId'>): string | null {
  if (!a || a.uploaderKind !== owner.uploaderKind || a.uploaderId !== owner.uploaderId) return '附件不存在';
  if (a.orderId !== null || a.contactId !== null) return '附件已被使用';
  if (a.kind !== item.kind) return item.kind === 'photo' ? '这不是照片' : '这不是语音';
  return null;
}
