/**
 * The server's status strings as the mini-program shows them: the one map every page and
 * component reads. `lawyer_queue` is an appeal no order has been made of yet.
 */
export const STATUS_LABELS = {
  lawyer_queue: '待律师解答',
  registered: '已受理',
  answered: '已答复',
  cancelled: '不予受理',
  dispatched: '待签收',
  handling: '办理中',
  returned: '已退回',
  reviewing: '审核中',
  resolved: '待评价',
  closed: '已办结',
  merged: '已并单',
} as const;

export type Status = keyof typeof STATUS_LABELS;

/** How a status looks: waiting for someone, being worked on, finished, or stopped. */
const TONES: Record<Status, 'waiting' | 'working' | 'done' | 'stopped'> = {
  lawyer_queue: 'waiting', registered: 'waiting', dispatched: 'waiting', returned: 'waiting',
  handling: 'working', reviewing: 'working', resolved: 'working',
  answered: 'done', closed: 'done',
  cancelled: 'stopped', merged: 'stopped',
};

const known = (status: string): status is Status => status in STATUS_LABELS;

export const statusLabel = (status: string): string => (known(status) ? STATUS_LABELS[status] : status);

export const statusTone = (status: string): string => (known(status) ? TONES[status] : 'waiting');

/**
 * The staff actions the mini-program offers, as their buttons read; the server's
 * `allowedActions` decides which show. The rest (co-handling, extensions…) stay in the console.
 */
export const ACTION_LABELS: Record<string, string> = {
  sign: '签收',
  return: '退单',
  dispatch: '下派',
  report: '办结上报',
  approve: '审核通过',
  reject: '审核退回',
};
