/**
 * Every text a notification carries. Only the order number, its status and plain facts about the
 * handling (days granted) go in: never a name, a phone number or what the worker complained about.
 */
import type { NotificationKind, WorkerKind } from './notification.entity';

export interface MessageFacts {
  number: string;
  statusLabel: string;
  /** Working days granted, for `order_extended`. */
  days?: number | null;
}

const TEXTS: Record<NotificationKind, (f: MessageFacts) => string> = {
  order_accepted: (f) => `您好，您反映的问题已受理，工单号 ${f.number}，当前状态：${f.statusLabel}。我们会尽快为您办理，请留意后续消息。`,
  order_dispatched: (f) => `您的工单 ${f.number} 已转交当地工会办理，当前状态：${f.statusLabel}。办理有进展会及时告诉您。`,
  order_extended: (f) =>
    `您的工单 ${f.number} 需要多一些时间办理，${f.days ? `办理期限延长 ${f.days} 个工作日` : '办理期限已适当延长'}，当前状态：${f.statusLabel}。感谢您的耐心等待。`,
  order_resolved: (f) => `您的工单 ${f.number} 已办理完毕，当前状态：${f.statusLabel}。我们稍后会回访，听听您的意见。`,
  order_closed: (f) => `您的工单 ${f.number} 已办结，当前状态：${f.statusLabel}。感谢您对 12351 职工服务热线的信任，有需要随时找我们。`,
  // Only through the bot (see triggers.replyReady): the worker reads the answer by asking for the order.
  order_status: (f) => `您的工单 ${f.number} 有新进展，当前状态：${f.statusLabel}。回复「查询 ${f.number}」可以看详细进度。`,
  reply_ready: (f) => `您之前咨询的问题，热线已经答复了（工单 ${f.number}，当前状态：${f.statusLabel}）。回复「查询 ${f.number}」就能看到答复内容。`,
  desk_new: (f) => `工单 ${f.number} 已到达本单位，当前状态：${f.statusLabel}，请及时登录系统处理。`,
  overdue: (f) => `工单 ${f.number} 已超过办理时限，当前状态：${f.statusLabel}，请尽快处理。`,
  escalated: (f) => `工单 ${f.number} 超时未办，已升级由本单位督办，当前状态：${f.statusLabel}，请督促承办单位尽快处理。`,
  urgent_alert: (f) => `紧急工单 ${f.number}（群体性事件或危急情况）已受理，当前状态：${f.statusLabel}，请值班督办人员立即跟进。`,
};

export function notificationText(kind: NotificationKind, facts: MessageFacts): string {
  return TEXTS[kind](facts);
}

/** Order numbers a digest names; the rest are counted. Keeps the text within its 200 characters. */
const DIGEST_NUMBERS = 3;

/** Several orders of one desk passing the same step in one sweep: one text for all of them. */
export function overdueDigestText(kind: 'overdue' | 'escalated', numbers: string[]): string {
  const named = numbers.slice(0, DIGEST_NUMBERS).join('、') + (numbers.length > DIGEST_NUMBERS ? ' 等' : '');
  return kind === 'overdue'
    ? `本单位有 ${numbers.length} 张工单已超过办理时限：${named}，请尽快处理。`
    : `${numbers.length} 张工单超时未办，已升级由本单位督办：${named}，请督促承办单位尽快处理。`;
}

/**
 * The subscribe message's template fields. They must match the template chosen in the
 * mini-program console (WECHAT_SUBSCRIBE_TEMPLATE_ID): 工单编号, 办理状态, 温馨提示.
 */
export const SUBSCRIBE_FIELDS = { number: 'character_string1', status: 'phrase2', tip: 'thing3' } as const;

/** WeChat caps a `thing` field at 20 characters. */
const TIPS: Record<WorkerKind, string> = {
  order_accepted: '诉求已受理，请留意后续消息',
  order_dispatched: '已转交当地工会办理',
  order_extended: '办理期限已延长，感谢您的耐心',
  order_resolved: '已办理完毕，稍后将回访您',
  order_closed: '工单已办结，感谢您的信任',
  order_status: '工单有新进展',
  reply_ready: '热线已答复，请查看',
};

export function subscribeData(kind: WorkerKind, facts: MessageFacts): Record<string, { value: string }> {
  return {
    [SUBSCRIBE_FIELDS.number]: { value: facts.number },
    [SUBSCRIBE_FIELDS.status]: { value: facts.statusLabel },
    [SUBSCRIBE_FIELDS.tip]: { value: TIPS[kind] },
  };
}
