import { BotConversation } from '../../src/bot-gateway/bot-conversation.entity';
import { TEXTS } from '../../src/bot-gateway/messages';
import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Harness, SERVICE_TOKEN } from '../support/harness';

/** The backend's turn endpoint on its own, with a clock the tests move. */
let now = new Date('2026-03-02T02:00:00Z');
let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
});
afterAll(() => h.stop());

let seq = 0;
const turn = (senderId: string, text: string, fields: Record<string, unknown> = {}) =>
  h.request('POST', '/api/v1/bot/turns', { token: SERVICE_TOKEN, body: { senderId, messageId: `t-${++seq}`, text, ...fields } });
const says = async (senderId: string, text: string) => (await turn(senderId, text)).body.replies as string[];
const contacts = () => h.services.ds.getRepository(InboundMessage).count();

test('needs the service token', async () => {
  const res = await h.request('POST', '/api/v1/bot/turns', { token: 'wrong', body: { senderId: 'wx-x', messageId: 'm', text: '你好' } });
  expect(res.status).toBe(401);
  expect(await h.services.ds.getRepository(BotConversation).countBy({ senderId: 'wx-x' })).toBe(0);
});

test('names the field that is wrong', async () => {
  const res = await h.request('POST', '/api/v1/bot/turns', { token: SERVICE_TOKEN, body: { senderId: 'wx-x', messageId: 'm' } });
  expect(res.status).toBe(400);
  expect(res.body.error.details.map((d: any) => d.path)).toContain('body.text');
});

test('a first-time contact is greeted with what the bot does and the privacy notice, once', async () => {
  expect(await says('wx-new', '你好')).toEqual([TEXTS.welcome, TEXTS.privacy]);
  expect(await says('wx-new', '你好')).toEqual([TEXTS.menu]);
  expect(TEXTS.welcome).toMatch(/咨询[\s\S]*投诉[\s\S]*查进度/);
});

test('the same message id twice gets the same replies and makes one contact', async () => {
  const body = { senderId: 'wx-dup', messageId: 'dup-1', text: '入职三个月了公司一直没签劳动合同，能要双倍工资吗？' };
  const before = await contacts();
  const first = await h.request('POST', '/api/v1/bot/turns', { token: SERVICE_TOKEN, body });
  const again = await h.request('POST', '/api/v1/bot/turns', { token: SERVICE_TOKEN, body });
  expect(first.body.repeated).toBe(false);
  expect(again.body).toEqual({ replies: first.body.replies, repeated: true });
  expect(await contacts()).toBe(before + 1);
});

test('two messages of one sender handled at once act on one conversation: the greeting comes once', async () => {
  const [a, b] = await Promise.all([turn('wx-race', '你好'), turn('wx-race', '帮助')]);
  expect([a.status, b.status]).toEqual([200, 200]);
  const replies = [...a.body.replies, ...b.body.replies];
  expect(replies.filter((r: string) => r === TEXTS.welcome)).toHaveLength(1);
  expect(replies.filter((r: string) => r === TEXTS.menu)).toHaveLength(1);
  expect(await h.services.ds.getRepository(BotConversation).findOneByOrFail({ senderId: 'wx-race' })).toMatchObject({ version: 2 });
});

test('a half-finished complaint lapses after 30 idle minutes; a mass report is never dropped', async () => {
  await says('wx-idle', '老板拖欠我三个月工资，一直不给');
  now = new Date(now.getTime() + 29 * 60_000);
  expect(await says('wx-idle', '恒达电子厂')).toEqual([TEXTS.question('place')]);
  now = new Date(now.getTime() + 31 * 60_000);
  const lapsed = await says('wx-idle', '谢谢');
  expect(lapsed).toEqual([TEXTS.expired, TEXTS.thanks]);

  await says('wx-mass', '我们厂三十多个工人明天要去堵路讨薪');
  now = new Date(now.getTime() + 3 * 3600_000);
  const raised = await says('wx-mass', '在佛山市南海区狮山镇');
  expect(raised[0]).toMatch(/紧急事项.*GD-/);
});

test('in a group nothing personal is handled and no conversation is kept', async () => {
  expect(await (await turn('wx-group', '我的工单', { group: true })).body.replies).toEqual([TEXTS.goPrivate]);
  expect((await turn('wx-group', '老板拖欠我们工资两个月了', { group: true })).body.replies).toEqual([TEXTS.goPrivate]);
  expect(await h.services.ds.getRepository(BotConversation).countBy({ senderId: 'wx-group' })).toBe(0);
  // Later, in private, they are greeted as anyone writing for the first time.
  expect((await says('wx-group', '你好'))[0]).toBe(TEXTS.welcome);
});

test('a lawyer answers a queued question: the worker is told through the bot and reads it with 查询', async () => {
  const asked = await says('wx-q', '公司让我签自愿放弃社保的协议，这个协议有效吗？');
  expect(asked.at(-1)).toBe(TEXTS.toLawyer);
  const queue = await h.as('demo-lawyer', 'GET', '/api/v1/contacts?queue=lawyer');
  const contact = queue.body.items.find((c: any) => c.text.includes('自愿放弃社保'));
  const reply = '这种协议无效，缴纳社保是公司的法定义务。您可以向当地社保部门投诉。';
  const answered = await h.as('demo-lawyer', 'POST', `/api/v1/contacts/${contact.id}/opinion`, {
    facts: '单位要求签放弃社保协议', legalBasis: '《社会保险法》第五十八条', advice: '协议无效', referral: 'none', reply,
  });
  const number = answered.body.order.number;

  const told = await h.services.ds.getRepository(Notification).findOneByOrFail({ kind: 'reply_ready', orderId: answered.body.order.id });
  expect(told).toMatchObject({ channel: 'bot', recipient: 'wx-q' });
  expect(told.text).toContain(`查询 ${number}`);
  expect(told.text).not.toContain('社保');

  expect((await says('wx-q', `查询 ${number}`))[0]).toContain(`答复：\n${reply}`);
  expect(await says('wx-other', `查询 ${number}`)).toContain(TEXTS.notYours(number));
});

test('"没有解决" after an answer queues the question for a lawyer, with the answer it got', async () => {
  const answer = await says('wx-unsolved', '入职半年了公司一直不跟我签劳动合同，能要双倍工资吗？');
  expect(answer.at(-1)).toBe(TEXTS.solvedQuestion);
  expect(await says('wx-unsolved', '没有解决')).toEqual([TEXTS.handedOver]);
  const queue = await h.as('demo-lawyer', 'GET', '/api/v1/contacts?queue=lawyer');
  const escalated = queue.body.items.find((c: any) => c.text.startsWith('入职半年了'));
  expect(escalated.text).toMatch(/工单 GD-\d{8}-\d{6}；职工表示没有解决/);
  expect(escalated).toMatchObject({ outcome: 'lawyer_queue', channel: 'wechat' });
});
