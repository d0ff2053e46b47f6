import { fakeWx, FakeWx, Reply, signedInStaff } from './support/fake-wx';
import { fire, inside, render, settle, statusesOf, textOf, textsOf, until } from './support/render';

const summary = (id: number, status: string, nextDueAt: string | null, extra: Record<string, unknown> = {}) => ({
  id, number: `GD-20260302-00000${id}`, status, version: 3, category: 'wages', urgent: false, summary: `工单${id}`, anonymous: false,
  currentUnit: { id: 7, name: '天河区总工会' },
  deadlines: { signDueAt: null, handleDueAt: null, reviewDueAt: null, nextDueAt },
  allowedActions: [], ...extra,
});

let fake: FakeWx;

describe('binding', () => {
  test('username and password with a fresh wx.login code; the staff token is kept and the desk opens', async () => {
    fake = fakeWx({
      'POST /mp/login': () => ({ token: 'w_1', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: null }, staff: null, subscribeTemplateId: null }),
      'POST /mp/staff/bind': () => ({ token: 'staff-token', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 3, username: 'demo-gz-tianhe' } }),
    }, { loginCode: 'bind-code' });
    const page = render('staff/bind/bind');
    await page.instance.onLoad();
    await fire(page, '.bind', 'tap');
    expect(textOf(page, '.bind-error')).toBe('请输入用户名和密码');
    await fire(page, '.field-username', 'input', { value: 'demo-gz-tianhe' });
    await fire(page, '.field-password', 'input', { value: 'demo12351' });
    await fire(page, '.bind', 'tap');
    await until(() => fake.navigations.length > 0, 'desk');
    expect(fake.callsTo('POST /mp/staff/bind')[0].data).toEqual({ username: 'demo-gz-tianhe', password: 'demo12351', code: 'bind-code' });
    expect(fake.storage.get('session.staff')).toMatchObject({ token: 'staff-token' });
    expect(fake.navigations).toEqual(['/staff/desk/desk']);
  });

  test('a wrong password is said and cleared', async () => {
    fake = fakeWx({
      'POST /mp/login': () => ({ token: 'w_1', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: null }, staff: { username: 'demo-gz', displayName: '何丽' }, subscribeTemplateId: null }),
      'POST /mp/staff/bind': () => new Reply(401, { error: { code: 'unauthorized', message: '用户名或密码错误', details: [] } }),
    });
    const page = render('staff/bind/bind');
    await page.instance.onLoad();
    expect(page.data.username).toBe('demo-gz');
    await fire(page, '.field-password', 'input', { value: 'wrong' });
    await fire(page, '.bind', 'tap');
    await until(() => !page.data.busy && page.data.error !== '', 'refusal');
    expect(textOf(page, '.bind-error')).toBe('用户名或密码错误');
    expect(page.data.password).toBe('');
  });

  test('an account with TOTP: the code is asked for when the server wants it, and sent with the next try', async () => {
    const refusals = [
      new Reply(401, { error: { code: 'totp_required', message: '请输入身份验证器中的 6 位动态口令', details: [] } }),
      new Reply(401, { error: { code: 'totp_invalid', message: '动态口令不正确或已使用，请输入新的动态口令', details: [] } }),
    ];
    fake = fakeWx({
      'POST /mp/login': () => ({ token: 'w_1', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: null }, staff: null, subscribeTemplateId: null }),
      'POST /mp/staff/bind': () => refusals.shift() ?? { token: 'staff-token', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 5, username: 'demo-gz-supervisor' } },
    }, { loginCode: 'bind-code' });
    const page = render('staff/bind/bind');
    await page.instance.onLoad();
    expect(page.querySelector('.field-totp')).toBeFalsy();
    await fire(page, '.field-username', 'input', { value: 'demo-gz-supervisor' });
    await fire(page, '.field-password', 'input', { value: 'demo12351' });
    await fire(page, '.bind', 'tap');
    await until(() => page.data.askCode, 'code asked for');
    expect(textOf(page, '.bind-hint')).toBe('请输入身份验证器中的 6 位动态口令');

    await fire(page, '.field-totp', 'input', { value: '111111' });
    await fire(page, '.bind', 'tap');
    await until(() => !page.data.busy && page.data.error !== '', 'wrong code');
    expect(textOf(page, '.bind-error')).toBe('动态口令不正确或已使用，请输入新的动态口令');
    expect(page.data).toMatchObject({ password: 'demo12351', totpCode: '' });

    await fire(page, '.field-totp', 'input', { value: '246810' });
    await fire(page, '.bind', 'tap');
    await until(() => fake.navigations.length > 0, 'desk');
    expect(fake.callsTo('POST /mp/staff/bind').map((c) => c.data)).toEqual([
      { username: 'demo-gz-supervisor', password: 'demo12351', code: 'bind-code' },
      { username: 'demo-gz-supervisor', password: 'demo12351', code: 'bind-code', totpCode: '111111' },
      { username: 'demo-gz-supervisor', password: 'demo12351', code: 'bind-code', totpCode: '246810' },
    ]);
    expect(fake.navigations).toEqual(['/staff/desk/desk']);
  });

  test('an account yet to enrol TOTP is told, in the server\'s words, to do so at the console', async () => {
    fake = fakeWx({
      'POST /mp/login': () => ({ token: 'w_1', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: null }, staff: null, subscribeTemplateId: null }),
      'POST /mp/staff/bind': () => new Reply(403, { error: { code: 'totp_enrolment_required', message: '您的账户须先在电脑端工作台绑定动态口令（TOTP），然后才能绑定微信', details: [] } }),
    });
    const page = render('staff/bind/bind');
    await page.instance.onLoad();
    await fire(page, '.field-username', 'input', { value: 'new-supervisor' });
    await fire(page, '.field-password', 'input', { value: 'demo12351' });
    await fire(page, '.bind', 'tap');
    await until(() => !page.data.busy && page.data.error !== '', 'refusal');
    expect(textOf(page, '.bind-error')).toBe('您的账户须先在电脑端工作台绑定动态口令（TOTP），然后才能绑定微信');
    expect(fake.navigations).toEqual([]);
  });
});

describe('the desk', () => {
  test('groups what waits at the unit, each with its deadline; a passed one stands out', async () => {
    fake = fakeWx({
      'GET /mp/staff/desk': () => ({
        unit: { id: 7, name: '天河区总工会' },
        toSign: [summary(1, 'dispatched', '2020-03-03T15:59:59.999Z', { urgent: true }), summary(2, 'dispatched', '2099-03-05T15:59:59.999Z')],
        toHandle: [summary(3, 'handling', '2099-03-09T15:59:59.999Z')],
        toReview: [],
      }),
    });
    signedInStaff(fake);
    const page = render('staff/desk/desk');
    await page.instance.onShow();
    await settle();
    expect(fake.calls[0].header.authorization).toBe('Bearer staff-token');
    expect(textOf(page, '.unit')).toBe('天河区总工会');
    expect(textsOf(page, '.group-title')).toEqual(['待签收（2）', '待办理（1）', '待审核（0）']);
    expect(textsOf(page, '.number')).toEqual(['GD-20260302-000001', 'GD-20260302-000002', 'GD-20260302-000003']);
    expect(statusesOf(page)).toEqual(['待签收', '待签收', '办理中']);
    expect(textsOf(page, '.due')).toEqual(['已超期：3月3日 23:59 前', '期限：3月5日 23:59 前', '期限：3月9日 23:59 前']);
    expect(textsOf(page, '.due-over')).toHaveLength(1);
    expect(textsOf(page, '.urgent')).toEqual(['紧急']);
    await fire(page, '.group-toHandle .order', 'tap');
    expect(fake.navigations).toEqual(['/staff/order/order?id=3']);
  });

  test('without a live staff session it sends them to bind', async () => {
    fake = fakeWx({});
    const page = render('staff/desk/desk');
    await page.instance.onShow();
    expect(fake.navigations).toEqual(['/staff/bind/bind']);
    expect(fake.calls).toEqual([]);
  });
});

describe('an order at the unit', () => {
  const detail = (extra: Record<string, unknown> = {}) => ({
    ...summary(3, 'handling', '2099-03-09T15:59:59.999Z'),
    description: '老板拖欠三个月工资', employer: '恒达电子厂', worker: null, anonymous: true, result: null,
    allowedActions: ['dispatch', 'return', 'request_extension', 'report', 'add_cohandler', 'supervise'],
    timeline: [
      { id: 1, action: 'register', actionLabel: '受理登记', unit: { id: 1, name: '广东省总工会' }, targetUnit: null, note: null, at: '2026-03-02T02:00:00.000Z' },
      { id: 2, action: 'dispatch', actionLabel: '交办', unit: { id: 1, name: '广东省总工会' }, targetUnit: { id: 7, name: '天河区总工会' }, note: '请尽快核实', at: '2026-03-02T03:00:00.000Z' },
    ],
    ...extra,
  });

  async function open(served = detail()) {
    fake = fakeWx({
      'GET /work-orders/3': () => served,
      'GET /attachments': () => ({ items: [] }),
      'GET /orgs/7/children': () => ({ items: [{ id: 70, name: '五山街道总工会' }, { id: 71, name: '员村街道总工会' }] }),
      'POST /work-orders/3/actions/sign': () => detail({ allowedActions: [] }),
      'POST /work-orders/3/actions/return': () => detail({ status: 'returned', allowedActions: [] }),
      'POST /work-orders/3/actions/dispatch': () => detail({ status: 'dispatched', allowedActions: [] }),
      'POST /work-orders/3/actions/report': () => detail({ status: 'reviewing', allowedActions: [], result: '已补发' }),
    });
    signedInStaff(fake);
    const page = render('staff/order/order');
    await page.instance.onLoad({ id: '3' });
    await settle();
    return page;
  }

  const buttons = (page: Awaited<ReturnType<typeof open>>) => textsOf(inside(page, '.actions'), '.action');

  test('shows the order as the server gives it: no worker for an anonymous one, the timeline in one line per step', async () => {
    const page = await open();
    expect(textOf(page, '.description')).toBe('老板拖欠三个月工资');
    expect(page.querySelector('.worker')).toBeUndefined();
    expect(textOf(page, '.anonymous')).toContain('匿名');
    expect(textsOf(inside(page, '.steps'), '.step-text')).toEqual(['广东省总工会受理登记', '广东省总工会交办至天河区总工会：请尽快核实']);
  });

  test('the buttons are the server\'s allowedActions the mini-program offers, nothing else', async () => {
    expect(buttons(await open())).toEqual(['下派', '退单', '办结上报']);
    expect(buttons(await open(detail({ status: 'dispatched', allowedActions: ['sign', 'return'] })))).toEqual(['签收', '退单']);
    const none = await open(detail({ allowedActions: [] }));
    expect(inside(none, '.actions').querySelector('.action-bar')).toBeUndefined();
  });

  test('signing goes at the tap, with the version the page shows', async () => {
    const page = await open(detail({ status: 'dispatched', allowedActions: ['sign', 'return'] }));
    await fire(inside(page, '.actions'), '.action-sign', 'tap');
    await until(() => fake.callsTo('POST /work-orders/3/actions/sign').length === 1 && !page.data.busy, 'signed');
    expect(fake.callsTo('POST /work-orders/3/actions/sign')[0].data).toEqual({ version: 3 });
    expect(fake.toasts).toEqual(['已签收']);
  });

  test('returning needs a reason', async () => {
    const page = await open();
    await fire(inside(page, '.actions'), '.action-return', 'tap');
    expect(textOf(page, '.form-return .card-title')).toBe('退单');
    await fire(page, '.confirm', 'tap');
    expect(textOf(page, '.form-error')).toBe('请填写原因');
    await fire(page, '.field-reason', 'input', { value: '用人单位不在本区' });
    await fire(page, '.confirm', 'tap');
    await until(() => !page.data.pending, 'returned');
    expect(fake.callsTo('POST /work-orders/3/actions/return')[0].data).toEqual({ reason: '用人单位不在本区', version: 3 });
  });

  test('handing down offers the units below and sends the one picked', async () => {
    const page = await open();
    await fire(inside(page, '.actions'), '.action-dispatch', 'tap');
    await until(() => page.data.units.length === 2, 'units below');
    await fire(page, '.field-unit', 'change', { value: '1' });
    await fire(page, '.confirm', 'tap');
    await until(() => !page.data.pending, 'dispatched');
    expect(fake.callsTo('POST /work-orders/3/actions/dispatch')[0].data).toEqual({ unitId: 71, version: 3 });
  });

  test('reporting sends the result with the photos uploaded as the staff member', async () => {
    const page = await open();
    await fire(inside(page, '.actions'), '.action-report', 'tap');
    await fire(page, '.field-result', 'input', { value: '已协调企业补发全部工资' });
    await fire(page, '.field-amount', 'input', { value: '12600' });
    await fire(inside(page, '.photos'), '.add', 'tap');
    await until(() => page.data.photoIds.length === 2, 'photos uploaded');
    expect(fake.uploads.every((u) => u.header.authorization === 'Bearer staff-token')).toBe(true);
    await fire(page, '.confirm', 'tap');
    await until(() => !page.data.pending, 'reported');
    expect(fake.callsTo('POST /work-orders/3/actions/report')[0].data).toEqual({
      result: '已协调企业补发全部工资', recoveredAmount: 12600, attachmentIds: [101, 102], version: 3,
    });
    expect(statusesOf(page)).toEqual(['审核中']);
  });
});
