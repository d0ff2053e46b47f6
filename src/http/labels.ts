/**
 * How every code in the API reads to people, in one response, so clients (the console) show the
 * server's words and never keep a second copy of them. Statuses, actions, categories and contact
 * outcomes come from the modules that own them; the rest are only ever shown, so they live here.
 */
import type { AttachmentKind, UploaderKind } from '../attachments/attachment.entity';
import type { AuditAction } from '../audit/audit.entity';
import type { Kind } from '../classification/classifier';
import type { Referral } from '../intake/legal-opinion.entity';
import type { ContactChannel } from '../intake/inbound-message.entity';
import { OUTCOME_LABELS } from '../intake/intake.presenter';
import type { NotificationChannel, NotificationKind, NotificationStatus } from '../notifications/notification.entity';
import type { OrgLevel } from '../orgs/org-unit.entity';
import { ACTION_LABELS, CATEGORY_LABELS, STATUS_LABELS } from '../work-orders/labels';
import type { ExtensionState, SupervisionLevel } from '../work-orders/lifecycle';
import type { Channel, Difficulty } from '../work-orders/work-order.entity';
import type { Api } from './api';

const CHANNEL_LABELS: Record<Channel | ContactChannel, string> = {
  hotline: '热线电话', wechat: '微信', miniprogram: '小程序', walk_in: '来访', other: '其他',
};

const DIFFICULTY_LABELS: Record<Difficulty, string> = { normal: '一般', hard: '难点', complex: '特别复杂' };

const SUPERVISION_LABELS: Record<SupervisionLevel, string> = { urge: '催办', yellow: '黄牌督办', red: '红牌督办' };

const EXTENSION_STATUS_LABELS: Record<ExtensionState['status'], string> = {
  pending: '待审批', approved: '已同意', rejected: '已驳回', withdrawn: '已撤回',
};

const REFERRAL_LABELS: Record<Referral, string> = {
  legal_aid: '法律援助', arbitration: '劳动仲裁', 12348: '12348 公共法律服务热线', none: '无需转介',
};

const KIND_LABELS: Record<Kind, string> = { consultation: '咨询', complaint: '投诉求助', suggestion: '意见建议' };

const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  province: '省总工会', city: '市总工会', district: '区县总工会', town: '镇街总工会', enterprise: '企业工会',
};

const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = { photo: '照片', voice: '语音' };

const UPLOADER_LABELS: Record<UploaderKind, string> = { worker: '职工提交', staff: '工作人员上传' };

const NOTIFICATION_CHANNEL_LABELS: Record<NotificationChannel, string> = {
  bot: '微信机器人', wechat_subscribe: '小程序订阅消息', sms: '短信', webhook: '工作台推送',
};

const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  order_accepted: '受理告知', order_dispatched: '交办告知', order_extended: '延期告知', order_resolved: '办结告知',
  order_closed: '归档告知', order_status: '进展告知', reply_ready: '答复告知', desk_new: '新工单提醒', overdue: '超时提醒', escalated: '升级督办', urgent_alert: '紧急预警',
};

const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  pending: '待发送', sending: '发送中', sent: '已发送', dead: '发送失败',
};

const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  login: '登录', login_failed: '登录失败', logout: '退出登录', read_identity: '读取身份', reveal_identity: '查看完整身份',
  export: '导出', denied: '越权访问被拒', totp_enrolled: '绑定动态口令', totp_disabled: '停用动态口令',
  totp_reset: '重置动态口令', totp_failed: '动态口令错误',
};

/** What an audit row is about (`targetType`). */
const AUDIT_TARGET_LABELS: Record<string, string> = { worker: '职工', work_order: '工单', staff_user: '工作人员', kpis: '工作指标' };

export const LABELS = {
  statuses: STATUS_LABELS,
  actions: ACTION_LABELS,
  categories: CATEGORY_LABELS,
  outcomes: OUTCOME_LABELS,
  channels: CHANNEL_LABELS,
  difficulties: DIFFICULTY_LABELS,
  supervisionLevels: SUPERVISION_LABELS,
  extensionStatuses: EXTENSION_STATUS_LABELS,
  referrals: REFERRAL_LABELS,
  kinds: KIND_LABELS,
  orgLevels: ORG_LEVEL_LABELS,
  attachmentKinds: ATTACHMENT_KIND_LABELS,
  uploaders: UPLOADER_LABELS,
  notificationChannels: NOTIFICATION_CHANNEL_LABELS,
  notificationKinds: NOTIFICATION_KIND_LABELS,
  notificationStatuses: NOTIFICATION_STATUS_LABELS,
  auditActions: AUDIT_ACTION_LABELS,
  auditTargets: AUDIT_TARGET_LABELS,
};

export function labelRoutes(api: Api): void {
  api.route(
    { method: 'get', path: '/labels', tag: 'ops', summary: '各类代码的中文名称（状态、操作、类别、渠道等），供控制台显示' },
    async () => LABELS,
  );
}
