import type { AuditLog } from './audit.entity';

export const presentAudit = (a: AuditLog) => ({
  id: a.id,
  at: a.at.toISOString(),
  action: a.action,
  actor: a.actorId === null && a.actorName === null ? null : { id: a.actorId, name: a.actorName, unitId: a.actorUnitId },
  target: a.targetType ? { type: a.targetType, id: a.targetId } : null,
  ip: a.ip,
  detail: a.detail ? (JSON.parse(a.detail) as unknown) : null,
  hash: a.hash,
});
