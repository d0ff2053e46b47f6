import type { Attachment } from './attachment.entity';

/** What anyone who may see a file is told about it: no uploader, no original name. */
export const presentAttachment = (a: Attachment) => ({
  id: a.id,
  kind: a.kind,
  mime: a.mime,
  size: a.size,
  /** Staff attach result photos; the rest came with the worker's appeal. */
  from: a.uploaderKind,
  createdAt: a.createdAt.toISOString(),
  url: `/api/v1/attachments/${a.id}`,
});
