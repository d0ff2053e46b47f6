import type { HotlineBot } from '../../bot/bot';
import { BotTurn } from '../../src/bot-gateway/bot-turn.entity';
import { TEXTS } from '../../src/bot-gateway/messages';
import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { OrgUnit } from '../../src/orgs/org-unit.entity';
import { Worker as WorkerRow } from '../../src/workers/worker.entity';
import type { Harness } from '../support/harness';
import { freePort, PUSH_TOKEN, startBackend, Worker, World } from './support';

/**
 * The real bot on the mock puppet, talking to the real backend over HTTP: mock workers chat with
 * the hotline's account as they would on WeChat.
 */
let h: Harness;
let world: World;
let bot: HotlineBot;
let pushPort: number;
beforeAll(async () => {
  pushPort = await freePort();
  h = await startBackend(pushPort);
  world = new World();
  bot = await world.startBot(h, pushPort);
});
afterAll(async () => {
  await bot.stop();
  await h.stop();
});

const numberIn = (texts: string[]) => /GD-\d{8}-\d{6}/.exec(texts.join('\n'))![0];
const order = async (number: string) => {
  const found = await h.as('demo-agent', 'GET', `/api/v1/work-orders?q=${number}`);
  return (await h.as('demo-agent', 'GET', `/api/v1/work-orders/${found.body.items[0].id}`)).body;
};
const contactsOf = async (w: Worker) => {
  const row = await h.services.ds.getRepository(WorkerRow).findOneBy({ wechatId: w.id });
  return row ? h.services.ds.getRepository(InboundMessage).countBy({ workerId: row.id }) : 0;
};
const unitCode = async (name: string) => (await h.services.ds.getRepository(OrgUnit).findOneByOrFail({ name })).code;

/** Filed by the complaint test, followed by the progress and push tests. */
let filed: { worker: Worker; number: string };

test('a consultation the knowledge base covers is answered, citing the law, and asks whether that solved it', async () => {
  const w = world.worker('陈一');
  const replies = await w.say('入职三个月了公司一直没签劳动合同，能要双倍工资吗？');
  expect(replies.slice(0, 2)).toEqual([TEXTS.welcome, TEXTS.privacy]);
  expect(replies[2]).toMatch(/二倍工资[\s\S]*依据：.*劳动合同法/);
  expect(replies[3]).toBe(TEXTS.solvedQuestion);
  expect(await w.say('解决了，谢谢')).toEqual([TEXTS.solved]);
});

test('"没有解决" hands it to the lawyers; when a lawyer replies the worker is told in the chat and reads it', async () => {
  const w = world.worker('陈二');
  await w.say('入职半年了公司一直不跟我签劳动合同，能要双倍工资吗？');
  expect(await w.say('没有解决')).toEqual([TEXTS.handedOver]);

  const queue = await h.as('demo-lawyer', 'GET', '/api/v1/contacts?queue=lawyer');
  const contact = queue.body.items.find((c: any) => c.text.startsWith('入职半年了'));
  const reply = '您入职已满一个月仍未签书面合同，可以主张二倍工资，请保留工资流水和考勤记录，尽快申请劳动仲裁。';
  const answered = await h.as('demo-lawyer', 'POST', `/api/v1/contacts/${contact.id}/opinion`, {
    facts: '入职半年未签合同', legalBasis: '《劳动合同法》第八十二条', advice: '申请仲裁', referral: 'arbitration', reply,
  });
  const number = answered.body.order.number;

  await h.services.relay.deliverDue(new Date(), 50);
  const told = await w.inbox.read();
  expect(told.at(-1)).toBe(`您之前咨询的问题，热线已经答复了（工单 ${number}，当前状态：已解答）。回复「查询 ${number}」就能看到答复内容。`);
  expect((await w.say(`查询 ${number}`))[0]).toContain(reply);
});

test('a complaint is collected over several turns, asking only for what is missing, and becomes an order', async () => {
  const w = world.worker('王三');
  const opening = await w.say('我在东莞塘厦恒达电子厂上班，老板拖欠我三个月工资了');
  // The employer and the place were in the first message: only the head count and a phone are asked.
  expect(opening.slice(2)).toEqual([TEXTS.startComplaint, TEXTS.question('headcount')]);
  expect(await w.say('就我一个')).toEqual([TEXTS.question('phone')]);
  const summary = await w.say('138 1234 5678');
  expect(summary).toEqual([expect.stringContaining('请您核对一下'), TEXTS.confirmPrompt]);
  expect(summary[0]).toMatch(/单位：.*恒达电子厂\n.*地点：东莞市塘厦镇\n.*涉及人数：就我一个人\n.*联系电话：13812345678/);
  const done = await w.say('确认');
  const number = numberIn(done);
  expect(done).toEqual([TEXTS.filed(number)]);

  const o = await order(number);
  expect(o).toMatchObject({
    channel: 'wechat', category: 'wages', employer: expect.stringContaining('恒达电子厂'), regionCode: await unitCode('塘厦镇总工会'), anonymous: false,
    status: 'registered', suggestedUnit: { name: '塘厦镇总工会' }, worker: { phone: '138****5678' },
  });
  filed = { worker: w, number };
});

test('a complaint can be corrected before it is filed, and filed anonymously', async () => {
  const w = world.worker('赵四');
  await w.say('投诉');
  expect(await w.say('公司突然把我辞退了，没有任何理由，也不给经济补偿')).toEqual([TEXTS.question('employer')]);
  expect(await w.say('不知道')).toEqual([TEXTS.question('place')]);
  expect(await w.say('广州市天河区')).toEqual([TEXTS.question('headcount')]);
  expect(await w.say('很多')).toEqual([TEXTS.retry('headcount')]);
  expect(await w.say('五个')).toEqual([TEXTS.question('phone')]);
  expect(await w.say('匿名')).toEqual([expect.stringContaining('联系电话：不留（匿名）'), TEXTS.confirmPrompt]);
  expect(await w.say('不对')).toEqual([TEXTS.askFix]);
  expect(await w.say('3')).toEqual([TEXTS.question('place')]);
  expect((await w.say('广州市番禺区'))[0]).toContain('地点：广州市番禺区');
  const number = numberIn(await w.say('是'));
  expect(await order(number)).toMatchObject({ category: 'termination', regionCode: '440113', anonymous: true, employer: null });
});

test("a status change of the worker's order is pushed to their chat from the outbox", async () => {
  const o = await order(filed.number);
  await h.act('demo-agent', o.id, 'dispatch', { unitId: o.suggestedUnit.id });
  const result = await h.services.relay.deliverDue(new Date(), 50);
  expect(result.dead).toBe(0);
  const pushed = await filed.worker.inbox.read();
  expect(pushed).toContain(`您的工单 ${filed.number} 已转交当地工会办理，当前状态：待签收。办理有进展会及时告诉您。`);
});

test('the push receiver wants the token, says a repeated notification once and refuses unknown contacts', async () => {
  const post = (token: string, body: unknown) =>
    fetch(`http://127.0.0.1:${bot.pushPort}/push`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const push = { id: 990_001, contactId: filed.worker.id, orderId: null, kind: 'order_accepted', text: '测试推送' };
  expect((await post('wrong-token', push)).status).toBe(401);
  expect((await post(PUSH_TOKEN, push)).status).toBe(200);
  expect((await post(PUSH_TOKEN, push)).status).toBe(200);
  expect(await filed.worker.inbox.read()).toEqual(['测试推送']);
  expect((await post(PUSH_TOKEN, { ...push, id: 990_002, contactId: 'nobody-here' })).status).toBe(404);
  expect((await post(PUSH_TOKEN, { id: 'x' })).status).toBe(400);
});

test('"查询 GD-…" and "我的工单" show status, current unit and latest steps, only to the worker who filed it', async () => {
  const [detail] = await filed.worker.say(`查询 ${filed.number}`);
  expect(detail).toMatch(new RegExp(`工单 ${filed.number}（工资报酬）\\n当前状态：待签收\\n办理单位：塘厦镇总工会\\n最近进展：\\n· .* 交办 → 塘厦镇总工会\\n· .* 受理登记`));
  expect(await filed.worker.say('我的工单')).toEqual([detail]);

  const stranger = world.worker('路人');
  expect((await stranger.say(`查询 ${filed.number}`)).at(-1)).toBe(TEXTS.notYours(filed.number));
  expect(await stranger.say('我的工单')).toEqual([TEXTS.noOrders]);
});

test('crisis words are answered at once with concrete help, and the order is urgent', async () => {
  const w = world.worker('孙五');
  await w.say('投诉');
  await w.say('老板欠了我半年工资，在深圳市宝安区一家工地');
  const replies = await w.say('再不给钱我就从楼顶跳下去');
  const number = numberIn(replies);
  expect(replies).toEqual([TEXTS.crisis, TEXTS.crisisRaised(number)]);
  for (const help of ['110', '120', '12351']) expect(TEXTS.crisis).toContain(help);
  const o = await order(number);
  expect(o).toMatchObject({ urgent: true, crisis: true });
  // What the worker had already said goes with it, and the half-told complaint is closed.
  expect(o.description).toContain('老板欠了我半年工资');
  expect(await w.say('谢谢')).toEqual([TEXTS.thanks]);
});

test('a mass incident: the bot asks how many and where, then raises the urgent path', async () => {
  const w = world.worker('周六');
  const asked = await w.say('厂里拖欠工资，工人们明天要一起去堵路讨说法');
  expect(asked.slice(2)).toEqual([TEXTS.massCalm, TEXTS.massAsk(true)]);
  const raised = await w.say('在东莞市塘厦镇，三十多个人');
  const number = numberIn(raised);
  expect(raised).toEqual([TEXTS.massRaised(number)]);
  expect(await order(number)).toMatchObject({ urgent: true, mass: true, status: 'dispatched', currentUnit: { name: '塘厦镇总工会' } });
});

test('in a group chat the bot answers only when @-mentioned', async () => {
  const a = world.worker('吴七');
  const b = world.worker('郑八');
  const group = world.group('五金厂工友群', [a, b]);
  const before = await contactsOf(a);
  group.send(a, '请问加班费怎么算？', false);
  group.send(b, '今天几点下班', false);
  group.send(a, '请问加班费怎么算？', true);
  const replies = await group.inbox.read();
  // One answer, to the message that mentioned the bot, addressed to its sender.
  expect(replies).toHaveLength(2);
  expect(replies[0]).toMatch(/^@吴七 加班费/);
  expect(replies[1]).toBe(TEXTS.answeredInGroup);
  expect(await contactsOf(a)).toBe(before + 1);
  expect(await contactsOf(b)).toBe(0);
});

test('the same message delivered twice is one answer and one contact', async () => {
  const w = world.worker('冯九');
  const id = w.send('公司每个月都拖欠工资，被拖欠工资怎么办？');
  const first = await w.inbox.read();
  w.send('公司每个月都拖欠工资，被拖欠工资怎么办？', { id });
  expect(await w.inbox.quiet()).toEqual([]);
  // WeChat may also deliver the same words again under a new id: still one contact.
  await w.say('公司每个月都拖欠工资，被拖欠工资怎么办？');
  expect(first.slice(0, 2)).toEqual([TEXTS.welcome, TEXTS.privacy]);
  expect(await contactsOf(w)).toBe(1);
});

test('its own messages, system messages and messages from before it started are ignored; media get a hint', async () => {
  const w = world.worker('褚十');
  // Typed on the hotline's own phone: it reaches the worker, and the bot leaves it alone.
  world.deliver({ talkerId: world.hotline.id, listenerId: w.id, text: '投诉' });
  w.send('老板拖欠我工资三个月', { timestamp: Date.now() - 3600_000 });
  w.send('', { type: 13 /* Recalled */ });
  w.send('', { type: 0 /* Unknown: system notices */ });
  const wechatTeam = world.mocker.createContact({ name: '微信团队', type: 2 /* Official */ });
  world.deliver({ talkerId: wechatTeam.id, listenerId: world.hotline.id, text: '你的帐号存在异常登录行为，请注意帐号安全' });
  expect(await w.inbox.quiet()).toEqual(['投诉']);
  expect(await contactsOf(w)).toBe(0);
  const turns = h.services.ds.getRepository(BotTurn);
  expect([await turns.countBy({ senderId: world.hotline.id }), await turns.countBy({ senderId: wechatTeam.id })]).toEqual([0, 0]);

  w.send('', { type: 2 /* Audio */ });
  expect(await w.inbox.read()).toEqual([TEXTS.notText]);
  expect(await w.say('你好')).toEqual([TEXTS.welcome, TEXTS.privacy]);
});

test('a restart in the middle of a complaint resumes it where it was', async () => {
  const w = world.worker('卫十一');
  await w.say('投诉');
  const sentAt = Date.now();
  const storyId = w.send('单位一直不给我们交社保，已经两年了', { timestamp: sentAt });
  expect(await w.inbox.read()).toEqual([TEXTS.question('employer')]);

  bot = await world.restart(bot, h, pushPort);
  // WeChat replays what came before the restart: it is not answered again.
  w.send('单位一直不给我们交社保，已经两年了', { id: storyId, timestamp: sentAt });
  expect(await w.inbox.quiet()).toEqual([]);
  expect(await w.say('佛山市顺德区美达家具厂')).toEqual([TEXTS.question('headcount')]);
  expect(await w.say('20')).toEqual([TEXTS.question('phone')]);
});

test('a flooding sender is asked once to slow down, then ignored for a while', async () => {
  const other = new World();
  const limited = await other.startBot(h, 0, 3);
  try {
    const w = other.worker('蒋十二');
    for (let i = 0; i < 5; i++) w.send(`你好${'！'.repeat(i)}`);
    expect(await w.inbox.read()).toEqual([TEXTS.welcome, TEXTS.privacy, TEXTS.menu, TEXTS.menu, TEXTS.rateLimited]);
    expect(await h.services.ds.getRepository(BotTurn).countBy({ senderId: w.id })).toBe(3);
  } finally {
    await limited.stop();
  }
});
