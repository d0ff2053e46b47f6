/**
 * An order's timeline in plain words, for the worker and for the public lookup. Only what a
 * worker needs to follow their matter: which union has it, what happened, what comes next.
 * Never a person (no staff names), never the complaint; internal steps (退单 requests, reminders,
 * yellow cards, co-handlers' parts, reclassification) are left out.
 */
import { DataSource, In } from 'typeorm';
import { OrgUnit } from '../orgs/org-unit.entity';
import { WorkOrderEvent } from '../work-orders/event.entity';

/** The worker reads their own order's notes where they are addressed to them (不予受理's reason). */
export type Audience = 'owner' | 'public';

export interface Step {
  at: string;
  text: string;
}

type UnitName = (id: number | null) => string;

function sentence(e: WorkOrderEvent, unit: UnitName, audience: Audience): string | null {
  switch (e.action) {
    case 'register': return '诉求已受理，生成工单';
    case 'answer': return '热线中心已答复';
    case 'cancel': return audience === 'owner' && e.note ? `不予受理：${e.note}` : '不予受理';
    case 'dispatch':
    case 'redispatch': return `已交由${unit(e.targetUnitId)}办理`;
    case 'sign':
    case 'take_over': return `${unit(e.actorUnitId)}正在办理`;
    case 'approve_extension': return `办理期限延长 ${e.detail} 个工作日`;
    case 'report': return '承办单位已办结，办理结果正在审核';
    case 'approve': return e.toStatus === 'resolved' ? '办理结果已审核通过，等待评价' : null;
    case 'reject': return '办理结果需进一步完善，继续办理';
    case 'revisit': return e.detail === 'satisfied' ? '已评价，工单办结' : '对办理结果不满意，已安排重新办理';
    // A red card is told by the escalation that comes with it; at the top of the chain there is
    // no union above to urge anyone.
    case 'supervise':
    case 'escalate': return '上级工会已督促加快办理';
    case 'add_cohandler': return `已请${unit(e.targetUnitId)}协助办理`;
    case 'merge': return '同类诉求已合并办理';
    default: return null;
  }
}

/** The order's steps in plain words, oldest first. */
export async function plainTimeline(ds: DataSource, orderId: number, audience: Audience): Promise<Step[]> {
  const events = await ds.getRepository(WorkOrderEvent).find({ where: { orderId }, order: { id: 'ASC' } });
  const unitIds = [...new Set(events.flatMap((e) => [e.actorUnitId, e.targetUnitId]).filter((u): u is number => u !== null))];
  const units = new Map((unitIds.length ? await ds.getRepository(OrgUnit).findBy({ id: In(unitIds) }) : []).map((u) => [u.id, u.name]));
  const unit: UnitName = (id) => (id === null ? undefined : units.get(id)) ?? '承办单位';
  return events.flatMap((e) => {
    const text = sentence(e, unit, audience);
    return text ? [{ at: e.createdAt.toISOString(), text }] : [];
  });
}
