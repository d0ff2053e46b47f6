import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { DeadlineSweep } from '../../src/sla/sweep';
import { MpWorld, SAMPLES } from './support';

const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
let now = sh('2026-03-02 10:00');
let w: MpWorld;
beforeAll(async () => {
  w = await MpWorld.start(() => now);
});
afterAll(() => w.stop());

const contacts = () => w.h.services.ds.getRepository(InboundMessage).count();

describe('submitting an appeal', () => {
  test('the picked place and employer decide the routing; photos and the voice note come with it', async () => {
    const token = await w.login('o-appeal-1');
    const photos = [await w.uploaded(token, SAMPLES.jpg()), await w.uploaded(token, SAMPLES.png())];
    const voice = (await w.upload(token, SAMPLES.mp3(), 'voice.mp3', 'audio/mpeg')).body.id;
    // The text says 天河区; the worker picked a street in 越秀区: what they picked wins.
    const res = await w.appeal(token, {
      text: '我在天河区一家电子厂上班，老板拖欠我们三个月工资，问了几次都说没钱',
      employer: '恒达电子厂', regionCode: '440104001', photoIds: photos, voiceId: voice,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'registered', orderNumber: expect.stringMatching(/^GD-\d{8}-\d{6}$/), employer: '恒达电子厂', anonymous: false,
      ownOrder: true, result: null, rating: null, allowedActions: [],
      timeline: [{ text: '诉求已受理，生成工单' }],
    });
    expect(res.body.region.name).toMatch(/^广州市越秀区/);
    expect(res.body.attachments.map((a: any) => [a.kind, a.mime, a.from])).toEqual([
      ['photo', 'image/jpeg', 'worker'], ['photo', 'image/png', 'worker'], ['voice', 'audio/mpeg', 'worker'],
    ]);

    const order = await w.h.as('demo-agent', 'GET', `/api/v1/work-orders/${await w.orderId(res.body.orderNumber)}`);
    expect(order.body).toMatchObject({
      channel: 'miniprogram', category: 'wages', employer: '恒达电子厂', regionCode: '440104001', anonymous: false,
      worker: { phone: '139****5678' },
    });
    expect(order.body.suggestedUnit.name).toMatch(/总工会$/);
    expect(order.body.routeReason).toContain(order.body.suggestedUnit.name);
  });

  test('the same requestId again returns the first appeal (200) and stores nothing new', async () => {
    const token = await w.login('o-appeal-2');
    const first = await w.appeal(token, { requestId: 'retry-0001' });
    const before = await contacts();
    const again = await w.appeal(token, { requestId: 'retry-0001', text: '我在天河区一家保安公司上班，老板拖欠我三个月工资，再发一次' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await contacts()).toBe(before);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['too short a text', { text: '欠薪' }, 'body.text'],
    ['a phone that is no phone', { phone: '12345' }, 'body.phone'],
    ['a place outside Guangdong', { regionCode: '110101' }, 'body.regionCode'],
    ['ten photos', { photoIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, 'body.photoIds'],
    ['the same photo twice', { photoIds: [1, 1] }, 'body.photoIds'],
    ['an unknown field', { name: '张三' }, 'body'],
  ])('%s is refused with 400 on the field', async (_what, fields, path) => {
    const token = await w.login('o-appeal-bad');
    const before = await contacts();
    const res = await w.appeal(token, fields);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.path).join(' ')).toContain(path);
    expect(await contacts()).toBe(before);
  });

  test('files must be the worker\'s own, unused, and of the right kind; a refusal stores nothing', async () => {
    const mine = await w.login('o-appeal-3');
    const other = await w.login('o-appeal-4');
    const theirPhoto = await w.uploaded(other, SAMPLES.jpg());
    const myPhoto = await w.uploaded(mine, SAMPLES.jpg());
    const before = await contacts();

    const foreign = await w.appeal(mine, { photoIds: [theirPhoto] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('body.photoIds.0');
    const photoAsVoice = await w.appeal(mine, { voiceId: myPhoto });
    expect(photoAsVoice.body.error.details[0]).toEqual({ path: 'body.voiceId', message: '这不是语音' });
    expect(await contacts()).toBe(before);

    expect((await w.appeal(mine, { photoIds: [myPhoto], employer: '越秀某五金店' })).status).toBe(201);
    const reused = await w.appeal(mine, { photoIds: [myPhoto], employer: '越秀另一五金店', text: '五金店老板也欠我工资两个月，请工会帮忙讨要' });
    expect(reused.body.error).toMatchObject({ code: 'invalid_request', message: '附件已被使用' });
  });
});

describe('following an appeal', () => {
  test('my appeals are mine only, newest first; another worker\'s is 404', async () => {
    const a = await w.login('o-follow-1');
    const b = await w.login('o-follow-2');
    const first = await w.orderedAppeal(a, { employer: '跟进甲公司' });
    const second = await w.orderedAppeal(a, { employer: '跟进乙公司', text: '我在天河区一家物流公司上班，公司拖欠两个月工资还不签合同' });
    const mine = await w.h.request('GET', '/api/v1/mp/appeals', { token: a });
    expect(mine.body).toMatchObject({ total: 2, items: [{ id: second.id }, { id: first.id }] });
    expect(mine.body.items[0].summary.length).toBeLessThanOrEqual(41);
    expect((await w.h.request('GET', '/api/v1/mp/appeals', { token: b })).body).toEqual({ items: [], total: 0 });
    expect((await w.h.request('GET', `/api/v1/mp/appeals/${first.id}`, { token: b })).status).toBe(404);
    expect((await w.h.request('POST', `/api/v1/mp/appeals/${first.id}/rate`, { token: b, body: { resultRating: 5, serviceRating: 5 } })).status).toBe(404);
  });

  test('the timeline follows the order in plain words, naming unions but no person', async () => {
    const token = await w.login('o-follow-3');
    const appeal = await w.orderedAppeal(token, { employer: '天河时间线餐饮店' });
    await w.h.resolve(await w.orderId(appeal.orderNumber));
    const res = await w.h.request('GET', `/api/v1/mp/appeals/${appeal.id}`, { token });
    expect(res.body.timeline.map((s: any) => s.text)).toEqual([
      '诉求已受理，生成工单',
      '已交由广州市总工会办理', '广州市总工会正在办理', '已交由天河区总工会办理', '天河区总工会正在办理',
      '承办单位已办结，办理结果正在审核', '办理结果已审核通过，等待评价',
    ]);
    expect(res.body).toMatchObject({ status: 'resolved', result: '经协调，企业已补发工资。', allowedActions: ['revisit'] });
    const text = JSON.stringify(res.body);
    for (const staffName of ['陈晓', '何丽', '吴芳']) expect(text).not.toContain(staffName);
  });

  test('co-handling, a longer deadline and a report sent back read in plain words; internal steps are left out', async () => {
    const token = await w.login('o-follow-steps');
    const appeal = await w.orderedAppeal(token, { employer: '天河协办测试厂' });
    const id = await w.orderId(appeal.orderNumber);
    const steps: Array<[string, string, Record<string, unknown>]> = [
      ['demo-agent', 'dispatch', { unitId: await w.h.unitId('440100') }],
      ['demo-gz', 'sign', {}],
      ['demo-gz', 'add_cohandler', { unitId: await w.h.unitId('440106'), task: '核实考勤记录' }],
      ['demo-gz-tianhe', 'cohandler_sign', {}],
      ['demo-gz-tianhe', 'cohandler_done', { result: '考勤记录已核实' }],
      ['demo-gz', 'request_extension', { days: 3, reason: '需等待企业提供工资台账' }],
      ['demo-agent', 'approve_extension', {}],
      ['demo-agent', 'reclassify', { difficulty: 'hard' }],
      ['demo-gz', 'report', { result: '企业承诺月底前补发。' }],
      ['demo-agent', 'reject', { reason: '请附上补发凭证' }],
    ];
    for (const [who, action, fields] of steps) expect([action, (await w.h.act(who, id, action, fields)).status]).toEqual([action, 200]);
    const res = await w.h.request('GET', `/api/v1/mp/appeals/${appeal.id}`, { token });
    expect(res.body.timeline.map((s: any) => s.text)).toEqual([
      '诉求已受理，生成工单', '已交由广州市总工会办理', '广州市总工会正在办理', '已请天河区总工会协助办理',
      '办理期限延长 3 个工作日', '承办单位已办结，办理结果正在审核', '办理结果需进一步完善，继续办理',
    ]);
    for (const internal of ['核实考勤记录', '考勤记录已核实', '工资台账', '补发凭证']) expect(JSON.stringify(res.body.timeline)).not.toContain(internal);
  });

  test('不予受理: the worker reads the reason and the lawful route; a lookup by number reads only that it was not accepted', async () => {
    const token = await w.login('o-follow-cancel');
    const appeal = await w.orderedAppeal(token, { employer: '天河仲裁测试厂' });
    const id = await w.orderId(appeal.orderNumber);
    expect((await w.h.act('demo-agent', id, 'cancel', { reason: '该争议已进入劳动仲裁程序', route: '请等待仲裁裁决' })).status).toBe(200);
    const own = await w.h.request('GET', `/api/v1/mp/appeals/${appeal.id}`, { token });
    expect(own.body.timeline.at(-1).text).toBe('不予受理：该争议已进入劳动仲裁程序；建议途径：请等待仲裁裁决');
    const lookup = await w.h.request('GET', `/api/v1/mp/public/orders/${appeal.orderNumber}?phoneLast4=5678`, { headers: { 'x-forwarded-for': '198.51.100.200' } });
    expect(lookup.body.timeline.at(-1).text).toBe('不予受理');
  });

  test('an order the city union leaves unsigned past its red card reads once as urged on from above', async () => {
    const token = await w.login('o-follow-red');
    const appeal = await w.orderedAppeal(token, { employer: '天河超时便利店' });
    expect((await w.h.act('demo-agent', await w.orderId(appeal.orderNumber), 'dispatch', { unitId: await w.h.unitId('440100') })).status).toBe(200);
    const later = sh('2026-03-12 10:00');
    try {
      now = later;
      expect(await new DeadlineSweep(w.h.services.ds, w.h.services.tx).processDue(later)).toMatchObject({ ran: true });
    } finally {
      now = sh('2026-03-02 10:00');
    }
    const res = await w.h.request('GET', `/api/v1/mp/appeals/${appeal.id}`, { token });
    expect(res.body.timeline.map((s: any) => s.text)).toEqual(['诉求已受理，生成工单', '已交由广州市总工会办理', '上级工会已督促加快办理']);
  });

  test('satisfied: the worker\'s rating closes the order and reaches the centre', async () => {
    const token = await w.login('o-rate-1');
    const appeal = await w.orderedAppeal(token, { employer: '天河评价超市' });
    const orderId = await w.orderId(appeal.orderNumber);
    const early = await w.h.request('POST', `/api/v1/mp/appeals/${appeal.id}/rate`, { token, body: { resultRating: 5, serviceRating: 5 } });
    expect(early.status).toBe(409);

    await w.h.resolve(orderId);
    const low = await w.h.request('POST', `/api/v1/mp/appeals/${appeal.id}/rate`, { token, body: { resultRating: 2, serviceRating: 5 } });
    expect(low.status).toBe(400);
    const rated = await w.h.request('POST', `/api/v1/mp/appeals/${appeal.id}/rate`, { token, body: { resultRating: 5, serviceRating: 4, comment: '谢谢工会' } });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({
      status: 'closed', rating: { resultRating: 5, serviceRating: 4, comment: '谢谢工会' }, allowedActions: [],
    });
    expect(rated.body.timeline.at(-1).text).toBe('已评价，工单办结');

    const staffView = await w.h.as('demo-agent', 'GET', `/api/v1/work-orders/${orderId}`);
    expect(staffView.body).toMatchObject({ status: 'closed', resultRating: 5, serviceRating: 4, revisitComment: '谢谢工会' });
    // The worker holds no staff account: the event names nobody.
    expect(staffView.body.timeline.at(-1)).toMatchObject({ action: 'revisit', actor: null, detail: 'satisfied' });
    expect((await w.h.request('POST', `/api/v1/mp/appeals/${appeal.id}/rate`, { token, body: { resultRating: 5, serviceRating: 5 } })).status).toBe(409);
  });

  test('unsatisfied: asking for re-handling sends it back to the unit that handled it', async () => {
    const token = await w.login('o-rate-2');
    const appeal = await w.orderedAppeal(token, { employer: '天河重办装修公司' });
    const orderId = await w.orderId(appeal.orderNumber);
    await w.h.resolve(orderId);
    const satisfied = await w.h.request('POST', `/api/v1/mp/appeals/${appeal.id}/rehandle`, { token, body: { resultRating: 4, serviceRating: 4, reason: '还行' } });
    expect(satisfied.status).toBe(400);

    const res = await w.h.request('POST', `/api/v1/mp/appeals/${appeal.id}/rehandle`, {
      token, body: { resultRating: 1, serviceRating: 3, reason: '工资只补发了一半，请打我电话13712345678' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'handling', allowedActions: [] });
    expect(res.body.timeline.at(-1).text).toBe('对办理结果不满意，已安排重新办理');
    const order = await w.h.as('demo-gz-tianhe', 'GET', `/api/v1/work-orders/${orderId}`);
    expect(order.body).toMatchObject({ status: 'handling', currentUnit: { name: '天河区总工会' }, rehandleCount: 1, revisitComment: '工资只补发了一半，请打我电话137****5678' });
  });

  test('a question nobody can answer at once waits for a lawyer, and says so', async () => {
    const token = await w.login('o-queue-1');
    const res = await w.appeal(token, { text: '想咨询一下单位里面的一些事情，不知道应该怎么办才好', employer: undefined });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'lawyer_queue', orderNumber: null, allowedActions: [], timeline: [{ text: '诉求已提交，等待律师解答' }] });
    expect((await w.h.request('POST', `/api/v1/mp/appeals/${res.body.id}/rate`, { token, body: { resultRating: 5, serviceRating: 5 } })).status).toBe(409);
  });

  test('an appeal merged into another worker\'s open order is followed, not rated, and shows only its own files', async () => {
    const first = await w.login('o-merge-1');
    const second = await w.login('o-merge-2');
    const firstPhoto = await w.uploaded(first, SAMPLES.jpg());
    const master = await w.orderedAppeal(first, { employer: '天河并单制衣厂', photoIds: [firstPhoto] });
    now = new Date(now.getTime() + 60_000);
    const joined = await w.orderedAppeal(second, {
      employer: '天河并单制衣厂', text: '天河区这家制衣厂也拖欠我两个月工资了，和工友们情况一样',
    });
    expect(joined).toMatchObject({ orderNumber: master.orderNumber, ownOrder: false, allowedActions: [], attachments: [] });
    expect(joined.text).toContain('工友们');
    expect(joined.timeline[0].text).toBe('诉求已提交，与同类诉求合并办理');

    await w.h.resolve(await w.orderId(master.orderNumber));
    const followed = await w.h.request('GET', `/api/v1/mp/appeals/${joined.id}`, { token: second });
    expect(followed.body).toMatchObject({ status: 'resolved', result: null, allowedActions: [] });
    expect(followed.body.timeline.at(-1).text).toBe('办理结果已审核通过，等待评价');
    expect((await w.h.request('POST', `/api/v1/mp/appeals/${joined.id}/rate`, { token: second, body: { resultRating: 5, serviceRating: 5 } })).status).toBe(409);
  });
});
