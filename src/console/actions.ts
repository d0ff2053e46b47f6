/**
 * What each work-order action asks for, so one dialog can take any of them. Which actions a user
 * may take is the server's answer (`allowedActions`); this table only describes their fields,
 * mirroring the request bodies in /openapi.json.
 */
import type { LabelGroup, OrderDetail, User } from './types';

export type Field =
  | { key: string; kind: 'text'; label: string; required: boolean; rows?: number; max: number }
  /** No max: the server's limit applies, which a province may change (the longest extension). */
  | { key: string; kind: 'number'; label: string; required: boolean; min: number; max?: number; precision: number }
  | { key: string; kind: 'rating'; label: string }
  | { key: string; kind: 'choice'; label: string; options: LabelGroup; required: boolean }
  | { key: string; kind: 'flag'; label: string }
  /** A union unit: where the order goes (dispatch) or who helps (co-handling). */
  | { key: string; kind: 'unit'; label: string; reach: 'down' | 'anywhere' }
  /** A region, picked as the union unit of that place; sent as its GB/T 2260 code. */
  | { key: string; kind: 'region'; label: string }
  | { key: string; kind: 'petitioner'; label: string };

const note: Field = { key: 'note', kind: 'text', label: '备注', required: false, rows: 2, max: 1000 };
const reason = (label = '理由'): Field => ({ key: 'reason', kind: 'text', label, required: true, rows: 3, max: 1000 });
const result = (label: string): Field => ({ key: 'result', kind: 'text', label, required: true, rows: 4, max: 5000 });
const target = (label: string): Field => ({ key: 'unitId', kind: 'unit', label, reach: 'down' });

export const ACTION_FIELDS = {
  answer: [{ key: 'answer', kind: 'text', label: '答复内容', required: true, rows: 5, max: 5000 }],
  cancel: [reason('不予受理的理由'), { key: 'route', kind: 'text', label: '告知的依法途径', required: true, max: 200 }],
  dispatch: [target('交办给'), note],
  sign: [note],
  return: [reason('退单理由')],
  approve_return: [note],
  reject_return: [reason('驳回理由')],
  redispatch: [target('改派给'), note],
  take_over: [note],
  request_extension: [
    { key: 'days', kind: 'number', label: '延期工作日', required: true, min: 1, precision: 0 },
    reason('延期理由'),
  ],
  approve_extension: [note],
  reject_extension: [reason('驳回理由')],
  report: [result('办理结果'), { key: 'recoveredAmount', kind: 'number', label: '追回工资（元）', required: false, min: 0, max: 1e10, precision: 2 }],
  approve: [note],
  reject: [reason('退回重办的理由')],
  revisit: [
    { key: 'resultRating', kind: 'rating', label: '结果满意度' },
    { key: 'serviceRating', kind: 'rating', label: '服务满意度' },
    { key: 'comment', kind: 'text', label: '回访记录', required: false, rows: 2, max: 1000 },
  ],
  supervise: [
    { key: 'level', kind: 'choice', label: '督办方式', options: 'supervisionLevels', required: true },
    { key: 'note', kind: 'text', label: '督办意见', required: true, rows: 2, max: 1000 },
  ],
  add_cohandler: [{ key: 'unitId', kind: 'unit', label: '协办单位', reach: 'anywhere' }, { key: 'task', kind: 'text', label: '协办任务', required: true, rows: 2, max: 1000 }],
  cohandler_sign: [note],
  cohandler_done: [result('协办结果')],
  merge: [{ key: 'masterId', kind: 'number', label: '并入的工单（编号 ID）', required: true, min: 1, max: 1e12, precision: 0 }],
  split: [{ key: 'petitionerId', kind: 'petitioner', label: '拆出的诉求人' }],
  reclassify: [
    { key: 'category', kind: 'choice', label: '类别', options: 'categories', required: false },
    { key: 'regionCode', kind: 'region', label: '发生地' },
    { key: 'employer', kind: 'text', label: '用人单位', required: false, max: 200 },
    { key: 'difficulty', kind: 'choice', label: '难度', options: 'difficulties', required: false },
    { key: 'mass', kind: 'flag', label: '群体性' },
    { key: 'crisis', kind: 'flag', label: '危机' },
    { key: 'platform', kind: 'flag', label: '平台用工' },
  ],
} satisfies Record<string, Field[]>;

export type Action = keyof typeof ACTION_FIELDS;

export const isKnownAction = (a: string): a is Action => a in ACTION_FIELDS;

/** Actions that move the order on get the primary colour; ones that send it back, the warning one. */
export const FORWARD = new Set<string>(['answer', 'dispatch', 'sign', 'redispatch', 'report', 'approve', 'revisit', 'cohandler_done', 'approve_extension', 'approve_return']);
export const BACKWARD = new Set<string>(['cancel', 'return', 'reject', 'reject_return', 'reject_extension']);

/** What the form starts with: the routing suggestion for a hand-down, the card for supervision. */
export function initialValues(action: Action, order: OrderDetail, user: User): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of ACTION_FIELDS[action] as Field[]) values[f.key] = f.kind === 'flag' ? order[f.key as 'mass' | 'crisis' | 'platform'] : undefined;
  if ((action === 'dispatch' || action === 'redispatch') && user.unit.isCentre && order.suggestedUnit) values.unitId = order.suggestedUnit.id;
  if (action === 'supervise') values.level = superviseLevel(order.slaLevel);
  if (action === 'reclassify') Object.assign(values, { category: order.category, difficulty: order.difficulty, regionCode: order.regionCode, employer: order.employer ?? '' });
  return values;
}

/** 督办 matches the card the deadline sweep gave: red after a red card, yellow after a yellow one. */
export const superviseLevel = (slaLevel: number) => (slaLevel >= 3 ? 'red' : slaLevel === 2 ? 'yellow' : 'urge');
