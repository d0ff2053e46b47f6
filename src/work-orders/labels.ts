import type { SLA_EVENT_ACTIONS } from '../sla/sweep';
import type { Action, Status } from './lifecycle';
import type { Category } from './work-order.entity';

/** How statuses and actions read to people: the console, the bot and the mini-program. */
export const STATUS_LABELS: Record<Status, string> = {
  registered: '已受理',
  answered: '已解答',
  cancelled: '不予受理',
  dispatched: '待签收',
  handling: '办理中',
  returned: '已退回',
  reviewing: '审核中',
  resolved: '待回访',
  closed: '已办结',
  merged: '已并单',
};

type SlaEventAction = (typeof SLA_EVENT_ACTIONS)[keyof typeof SLA_EVENT_ACTIONS];

export const ACTION_LABELS: Record<Action | 'register' | SlaEventAction, string> = {
  register: '受理登记',
  answer: '即时解答',
  cancel: '不予受理',
  dispatch: '交办',
  sign: '签收',
  return: '退单',
  approve_return: '同意退单',
  reject_return: '驳回退单',
  redispatch: '改派',
  take_over: '自行承办',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  reject_extension: '驳回延期',
  report: '办结上报',
  approve: '审核通过',
  reject: '审核退回',
  revisit: '回访',
  supervise: '督办',
  add_cohandler: '增加协办',
  cohandler_sign: '签收协办',
  cohandler_done: '协办办结',
  reclassify: '调整分类',
  merge: '并单',
  split: '拆分',
  remind: '到期催办',
  yellow_card: '超时黄牌',
  red_card: '超时红牌',
  escalate: '升级督办',
};

/** How issue categories read to people. */
export const CATEGORY_LABELS: Record<Category, string> = {
  wages: '工资报酬',
  contract: '劳动合同',
  termination: '解除终止劳动关系',
  social_insurance: '社会保险',
  injury: '工伤',
  hours_leave: '工时休假',
  safety: '劳动安全卫生',
  women: '女职工权益',
  training: '职业技能培训',
  union: '工会组织',
  other: '其他',
};
