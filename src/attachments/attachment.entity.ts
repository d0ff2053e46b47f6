import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ATTACHMENT_KINDS = ['photo', 'voice'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const UPLOADER_KINDS = ['worker', 'staff'] as const;
export type UploaderKind = (typeof UPLOADER_KINDS)[number];

/**
 * An uploaded photo or voice note. Unlinked when uploaded; a worker's files are then linked to
 * their appeal (the contact, whose order they follow), a staff member's to the order they report on.
 * The file itself sits under UPLOAD_DIR by a random name; nothing of the sender's file name is kept.
 */
@Entity('attachment')
export class Attachment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Set for staff uploads (report photos). */
  @Index('ix_attachment_order')
  @Column({ type: 'integer', nullable: true })
  orderId: number | null;

  /** Set for a worker's uploads: the appeal (inbound_message) they came with. */
  @Index('ix_attachment_contact')
  @Column({ type: 'integer', nullable: true })
  contactId: number | null;

  @Column({ type: 'varchar', length: 8 })
  kind: AttachmentKind;

  /** The type read from the file's first bytes, never the client's claim. */
  @Column({ type: 'varchar', length: 32 })
  mime: string;

  @Column({ type: 'integer' })
  size: number;

  @Index('uq_attachment_stored_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'varchar', length: 8 })
  uploaderKind: UploaderKind;

  /** A worker id or a staff id, as uploaderKind says. */
  @Column({ type: 'integer' })
  uploaderId: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
