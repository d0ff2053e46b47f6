/**
 * Everything the bot says, in one place: warm, plain Simplified Chinese, short enough to read on a
 * phone. Texts that carry facts are functions. The bot process imports the few it says on its own
 * (when it cannot reach the backend, or a sender floods it).
 */
import { ACTION_LABELS, CATEGORY_LABELS, STATUS_LABELS } from '../work-orders/labels';
import type { Category } from '../work-orders/work-order.entity';
import type { Status } from '../work-orders/lifecycle';
import { SLOTS, type Draft, type Slot } from './state';

/** An order as the worker sees it in the chat. */
export interface OrderView {
  number: string;
  category: Category;
  status: Status;
  unit: string | null;
  /** Newest first. */
  steps: Array<{ at: Date; action: string; unit: string | null; note: string | null }>;
  /** The answer given to the worker, once the order is answered. */
  answer: string | null;
}

const MENU = [
  '我可以帮您：',
  '1. 咨询：工资、劳动合同、社保、工伤等劳动方面的问题，直接把问题发给我；',
  '2. 投诉：单位欠薪、违法辞退等侵害您权益的事，发「投诉」，我一步一步帮您登记；',
  '3. 查进度：发「我的工单」，或发「查询」加工单号，比如「查询 GD-20260302-000001」。',
].join('\n');

const QUESTIONS: Record<Slot, string> = {
  story: '请先说说发生了什么事？比如从什么时候开始、欠了多少工资、有没有签劳动合同。',
  employer: '是哪家单位（公司、工厂或者老板）？知道全称最好；不清楚的话回复「不知道」。',
  place: '事情发生在哪里？请说到市、区（县）、镇（街道），比如「东莞市塘厦镇」「广州市天河区」。',
  headcount: '一共涉及多少人？只有您自己的话，回复「就我一个」。',
  phone: '方便留个电话吗？工作人员可能需要回电了解情况。不想留的话回复「匿名」，我们不会向单位透露您的身份。',
};

const RETRY: Partial<Record<Slot, string>> = {
  place: '没能认出这个地方，麻烦再说一下是哪个市、哪个区（县），比如「佛山市南海区」。实在不清楚就回复「不知道」。',
  headcount: '麻烦告诉我一个大概的人数，比如「5」或者「三十多」。',
  phone: '这个号码好像不太对，请发 11 位手机号，或者带区号的座机号；不想留就回复「匿名」。',
};

/** How the fields read in the summary; a worker may also name one to correct it. */
export const FIELD_LABELS: Record<Slot, string> = { story: '事情经过', employer: '单位', place: '地点', headcount: '涉及人数', phone: '联系电话' };

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** 3月2日 10:05, Beijing time. */
function when(at: Date): string {
  const t = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

function headcountText(n: number): string {
  return n === 1 ? '就我一个人' : `约 ${n} 人`;
}

export const TEXTS = {
  welcome: `您好！这里是 12351 职工服务热线（广东省总工会）的微信助手。${MENU}`,
  privacy: '温馨提示：您告诉我们的情况只用于办理您的事情，我们会依法保密，不会透露给用人单位；投诉时也可以选择匿名。遇到危险请直接拨打 110 或 120。',
  menu: MENU,
  thanks: '不客气！以后有需要随时找我。',
  askConsult: '好的，请直接把您想咨询的问题发给我，说得越具体，我答得越准。',
  expired: '您上次没说完的登记已经超过 30 分钟没有继续，我先帮您清空了，需要的话我们重新开始。',
  cancelled: '好的，这次登记已经取消。以后有需要随时找我。',
  tellMore: '能再具体说说吗？比如发生了什么事，或者您想了解什么，我好帮您。',
  goPrivate: '这件事涉及您的个人信息，为了保护隐私，请加我为好友后私聊我，我在私聊里帮您办理。',

  // Consultations
  solvedQuestion: '这个回答解决您的问题了吗？如果没有解决，回复「没有解决」或「转人工」，我帮您转给热线律师。',
  answeredInGroup: '如果还没解决，可以加我为好友私聊，我帮您转给热线律师。',
  solved: '太好了！以后有需要随时找我。',
  toLawyer: '这个问题我请热线律师帮您看看。律师答复后，我会第一时间在这里告诉您。',
  toLawyerFromGroup: '这个问题我请热线律师帮您看看，律师答复后我会私聊告诉您（请先加我为好友）。',
  askForPerson: '好的，请把您遇到的问题写下来发给我，我直接转给热线律师。',
  handedOver: '好的，已经帮您转给热线律师。律师答复后，我会第一时间在这里告诉您。',
  recorded: (number: string) => `您反映的情况我们已经记下了，工单号 ${number}。我们会尽快办理，有进展会在这里告诉您。`,

  // Complaints
  startComplaint: '好的，我来帮您登记投诉。',
  question: (slot: Slot) => QUESTIONS[slot],
  retry: (slot: Slot) => RETRY[slot] ?? QUESTIONS[slot],
  stillComplaining: '我们正在登记您的投诉，登记好后就会有工作人员跟进。',
  summary(draft: Draft): string {
    const value: Record<Slot, string> = {
      story: draft.story ?? '',
      employer: draft.employer ?? '不清楚',
      place: draft.place?.label ?? '不清楚',
      headcount: draft.headcount ? headcountText(draft.headcount) : '不清楚',
      phone: draft.phone ?? '不留（匿名）',
    };
    return ['请您核对一下：', ...SLOTS.map((slot) => `· ${FIELD_LABELS[slot]}：${value[slot]}`)].join('\n');
  },
  confirmPrompt: '没问题请回复「确认」；要修改请回复「修改」；不投诉了请回复「取消」。',
  askFix: `请问要改哪一项？回复数字：${SLOTS.map((slot, i) => `${i + 1} ${FIELD_LABELS[slot]}`).join('，')}。`,
  filed: (number: string) => `登记好了！您的工单号是 ${number}。我们会尽快交给当地工会办理，有进展会在这里告诉您，也可以随时发「查询 ${number}」看进度。`,
  filedUrgent: (number: string) => `登记好了！您的工单号是 ${number}。因为涉及的人比较多，这件事已按紧急事项交给当地工会，工作人员会尽快联系。有进展会在这里告诉您。`,
  filedMerged: (number: string) => `登记好了！其他工友也反映了同一件事，您的诉求已并入工单 ${number} 一起办理。有进展会在这里告诉您，也可以随时发「查询 ${number}」看进度。`,
  filedForDesk: '登记好了！您的情况已经交给热线工作人员，他们看过后会尽快跟进，有进展会在这里告诉您。',

  // The urgent path
  crisis: [
    '我们非常重视您说的话，也很担心您现在的情况。请先不要做伤害自己或别人的事，您遇到的难处，我们一起想办法。',
    '如果现在有危险，请马上拨打 110 报警；有人受伤请拨打 120。',
    '想找人说说话，可以直接拨打 12351 职工服务热线，有工作人员接听。',
  ].join('\n'),
  crisisRaised: (number: string) => `我们已经把您的情况作为紧急事项转给工作人员（工单号 ${number}），会尽快联系您。`,
  massCalm: '收到，谢谢您及时告诉我们。请大家先保持冷静，不要堵路、堵门或者采取过激的行动，以免自己受到伤害。工会会帮大家依法解决。',
  massAsk: (needHeadcount: boolean) => [
    '为了让当地工会尽快赶到处理，请告诉我：',
    ...(needHeadcount ? ['· 大概有多少人？'] : []),
    '· 具体在哪里？请说到市、区（县）、镇（街道）。',
  ].join('\n'),
  massRaised: (number: string) => `这件事已经按紧急事项交给当地工会处理（工单号 ${number}），工作人员会尽快联系。有进展会在这里告诉您。`,

  // Progress
  noOrders: '没有查到您名下的工单。如果是通过别的方式反映的（比如打电话），请拨打 12351 查询。',
  notYours: (number: string) => `没有查到您名下的工单 ${number}。请核对一下工单号，或者发「我的工单」看看您名下的全部工单。`,
  orderList: (orders: Array<Pick<OrderView, 'number' | 'category' | 'status'>>) => [
    `您名下的工单（最近 ${orders.length} 件）：`,
    ...orders.map((o, i) => `${i + 1}. ${o.number}（${CATEGORY_LABELS[o.category]}）${STATUS_LABELS[o.status]}`),
    '发「查询」加工单号，可以看详细进展。',
  ].join('\n'),
  orderDetail(o: OrderView): string {
    const steps = o.steps.map((s) => {
      const label = ACTION_LABELS[s.action as keyof typeof ACTION_LABELS] ?? s.action;
      return `· ${when(s.at)} ${label}${s.unit ? ` → ${s.unit}` : ''}${s.note ? `（${s.note}）` : ''}`;
    });
    return [
      `工单 ${o.number}（${CATEGORY_LABELS[o.category]}）`,
      `当前状态：${STATUS_LABELS[o.status]}`,
      ...(o.unit ? [`办理单位：${o.unit}`] : []),
      ...(steps.length ? ['最近进展：', ...steps] : []),
      ...(o.answer ? ['答复：', o.answer] : []),
    ].join('\n');
  },

  // For the desk: what the contact and the order record
  description: (d: Draft) => [
    d.story,
    d.employer ? `单位：${d.employer}` : null,
    d.place ? `事发地：${d.place.label}` : null,
    d.headcount ? `涉及人数：${headcountText(d.headcount)}` : null,
  ].filter((line): line is string => !!line).join('\n'),
  massStory: (report: string, answer: string) => `${report}\n补充：${answer}`,
  escalation: (question: string, number: string) => `${question}\n（机器人已按知识库答复，见工单 ${number}；职工表示没有解决，请律师解答。）`,

  // Said by the bot process itself
  notText: '我现在只能看懂文字消息，请用文字把情况告诉我；着急的话也可以直接拨打 12351 职工服务热线。',
  rateLimited: '您发消息有点快，我需要一点时间处理。请过几分钟再发；着急的话可以直接拨打 12351 职工服务热线。',
  unavailable: '系统有点忙，没能处理您刚才的消息，请稍后再发一次；着急的话可以直接拨打 12351 职工服务热线。',
};
