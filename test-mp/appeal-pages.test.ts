import { fakeWx, FakeWx, Reply, signedInWorker } from './support/fake-wx';
import { fire, inside, render, settle, statusesOf, textOf, textsOf, until } from './support/render';

const appeal = (extra: Record<string, unknown> = {}) => ({
  id: 42,
  submittedAt: '2026-03-02T02:00:00.000Z',
  summary: '我在天河区一家电子厂上班，老板拖欠三个月工资',
  status: 'resolved',
  orderNumber: 'GD-20260302-000007',
  text: '我在天河区一家电子厂上班，老板拖欠三个月工资',
  employer: '恒达电子厂',
  region: { code: '440106001', name: '广州市天河区五山街道' },
  anonymous: true,
  ownOrder: true,
  result: '经协调，企业已补发拖欠工资。',
  rating: null,
  timeline: [
    { at: '2026-03-02T02:00:00.000Z', text: '诉求已受理，生成工单' },
    { at: '2026-03-02T03:00:00.000Z', text: '已交由天河区总工会办理' },
    { at: '2026-03-04T08:00:00.000Z', text: '办理结果已审核通过，等待评价' },
  ],
  attachments: [
    { id: 5, kind: 'photo', mime: 'image/jpeg', size: 1000, from: 'worker', createdAt: '2026-03-02T02:00:00.000Z', url: '/api/v1/attachments/5' },
    { id: 6, kind: 'voice', mime: 'audio/mpeg', size: 1000, from: 'worker', createdAt: '2026-03-02T02:00:00.000Z', url: '/api/v1/attachments/6' },
  ],
  allowedActions: ['revisit'],
  ...extra,
});

let fake: FakeWx;

describe('my appeals', () => {
  test('lists the worker\'s appeals with their status words, newest first; a tap opens one', async () => {
    fake = fakeWx({
      'GET /mp/appeals': () => ({
        total: 2,
        items: [
          { id: 43, submittedAt: '2026-03-03T02:00:00.000Z', summary: '想咨询年休假', status: 'lawyer_queue', orderNumber: null },
          { id: 42, submittedAt: '2026-03-02T02:00:00.000Z', summary: '老板拖欠三个月工资', status: 'handling', orderNumber: 'GD-20260302-000007' },
        ],
      }),
    });
    signedInWorker(fake);
    const page = render('pages/appeal/mine/mine');
    await page.instance.onShow();
    await settle();
    expect(textsOf(page, '.number')).toEqual(['等待受理', 'GD-20260302-000007']);
    expect(textsOf(page, '.summary')).toEqual(['想咨询年休假', '老板拖欠三个月工资']);
    expect(statusesOf(page)).toEqual(['待律师解答', '办理中']);
    await fire(page, '.appeal', 'tap');
    expect(fake.navigations).toEqual(['/pages/appeal/detail/detail?id=43']);
  });

  test('a first-time worker is logged in silently, then sees an invitation to write', async () => {
    fake = fakeWx({
      'POST /mp/login': () => ({ token: 'w_new', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: null }, staff: null, subscribeTemplateId: null }),
      'GET /mp/appeals': () => ({ items: [], total: 0 }),
    }, { loginCode: 'code-from-wx-login' });
    const page = render('pages/appeal/mine/mine');
    await page.instance.onShow();
    await settle();
    expect(fake.callsTo('POST /mp/login')[0].data).toEqual({ code: 'code-from-wx-login' });
    expect(fake.callsTo('GET /mp/appeals')[0].header.authorization).toBe('Bearer w_new');
    expect(textOf(page, '.empty')).toContain('还没有反映过问题');
  });

  test('a token the server forgot is replaced by a new silent login, once', async () => {
    let seen = 0;
    fake = fakeWx({
      'POST /mp/login': () => ({ token: 'w_fresh', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: null }, staff: null, subscribeTemplateId: null }),
      'GET /mp/appeals': (call) => (++seen === 1 ? new Reply(401, { error: { code: 'unauthorized', message: '请重新进入小程序登录', details: [] } }) : { items: [], total: 0, token: call.header.authorization }),
    });
    signedInWorker(fake);
    const page = render('pages/appeal/mine/mine');
    await page.instance.onShow();
    await settle();
    expect(fake.callsTo('GET /mp/appeals').map((c) => c.header.authorization)).toEqual(['Bearer w_test', 'Bearer w_fresh']);
    expect(page.data.failed).toBe('');
  });
});

describe('an appeal', () => {
  async function open(served: Record<string, unknown>) {
    fake = fakeWx({
      'GET /mp/appeals/42': () => served,
      'POST /mp/appeals/42/rate': (call) => appeal({ status: 'closed', allowedActions: [], rating: { ...call.data, comment: call.data.comment ?? null } }),
      'POST /mp/appeals/42/rehandle': () => appeal({ status: 'handling', allowedActions: [], result: null }),
    });
    signedInWorker(fake);
    const page = render('pages/appeal/detail/detail');
    await page.instance.onLoad({ id: '42' });
    await settle(10);
    return page;
  }

  test('shows the order, the worker\'s words, the answer, the files and the server\'s timeline', async () => {
    const page = await open(appeal());
    expect(textOf(page, '.number')).toBe('GD-20260302-000007');
    expect(statusesOf(page)).toEqual(['待评价']);
    expect(textOf(page, '.text')).toBe('我在天河区一家电子厂上班，老板拖欠三个月工资');
    expect(textOf(page, '.place')).toBe('事发地：广州市天河区五山街道');
    expect(textOf(page, '.result-text')).toBe('经协调，企业已补发拖欠工资。');
    const timeline = inside(page, '.steps');
    expect(textsOf(timeline, '.step-text')).toEqual(['诉求已受理，生成工单', '已交由天河区总工会办理', '办理结果已审核通过，等待评价']);
    expect(textsOf(timeline, '.step-time')).toEqual(['2026-03-02 10:00', '2026-03-02 11:00', '2026-03-04 16:00']);
    const files = inside(page, '.files');
    await until(() => files.data.photos.length === 1, 'photo downloaded');
    expect(files.data.photos[0].path).toBe('wxfile://tmp/5');
    expect(textsOf(files, '.voice')).toEqual(['▶语音说明']);
  });

  test('without `revisit` allowed, there is nothing to rate', async () => {
    const page = await open(appeal({ status: 'handling', allowedActions: [], result: null }));
    expect(page.querySelector('.rate-form')).toBeUndefined();
    expect(page.querySelector('.result')).toBeUndefined();
  });

  test('satisfied: both ratings go to /rate and the page shows the closed order', async () => {
    const page = await open(appeal());
    await fire(page, '.submit-rating', 'tap');
    expect(textOf(page, '.rating-error')).toBe('请为办理结果和服务态度都打分');
    await fire(page, '.star-resultRating-5', 'tap');
    await fire(page, '.star-serviceRating-4', 'tap');
    await fire(page, '.field-comment', 'input', { value: '谢谢工会' });
    expect(textOf(page, '.submit-rating')).toBe('提交评价');
    await fire(page, '.submit-rating', 'tap');
    await until(() => page.data.appeal.status === 'closed', 'rated');
    expect(fake.callsTo('POST /mp/appeals/42/rate')[0].data).toEqual({ resultRating: 5, serviceRating: 4, comment: '谢谢工会' });
    expect(page.querySelector('.rate-form')).toBeUndefined();
    expect(textOf(page, '.rating')).toContain('办理结果 5 分 · 服务态度 4 分');
  });

  test('unsatisfied: a reason is required, then it goes to /rehandle', async () => {
    const page = await open(appeal());
    await fire(page, '.star-resultRating-2', 'tap');
    await fire(page, '.star-serviceRating-4', 'tap');
    expect(page.querySelector('.hint-unsatisfied')).toBeDefined();
    expect(textOf(page, '.submit-rating')).toBe('申请重新办理');
    await fire(page, '.submit-rating', 'tap');
    expect(textOf(page, '.rating-error')).toBe('请说明不满意的原因，我们会安排重新办理');
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);
    await fire(page, '.field-comment', 'input', { value: '工资只补发了一半' });
    await fire(page, '.submit-rating', 'tap');
    await until(() => page.data.appeal.status === 'handling', 'rehandled');
    expect(fake.callsTo('POST /mp/appeals/42/rehandle')[0].data).toEqual({ resultRating: 2, serviceRating: 4, reason: '工资只补发了一半' });
    expect(fake.callsTo('POST /mp/appeals/42/rate')).toEqual([]);
    expect(statusesOf(page)).toEqual(['办理中']);
  });
});
