import { fakeWx, Reply, signedInStaff } from './support/fake-wx';
import { fire, inside, render, settle, statusesOf, textOf, textsOf, until } from './support/render';

describe('home', () => {
  const login = (staff: object | null) => ({
    'POST /mp/login': () => ({ token: 'w_1', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: null }, staff, subscribeTemplateId: null }),
  });

  test('logs in silently and opens the staff binding for someone not yet bound', async () => {
    const fake = fakeWx(login(null));
    const page = render('pages/index/index');
    await page.instance.onShow();
    await settle();
    expect(fake.callsTo('POST /mp/login')).toHaveLength(1);
    expect(textOf(page, '.staff-entry')).toBe('工会工作人员入口');
    await fire(page, '.staff-entry', 'tap');
    await fire(page, '.tile-main', 'tap');
    expect(fake.navigations).toEqual(['/staff/bind/bind', '/pages/appeal/submit/submit']);
  });

  test('a bound staff member is offered their desk', async () => {
    const fake = fakeWx(login({ username: 'demo-gz', displayName: '广州市总工会 何丽' }));
    signedInStaff(fake);
    const page = render('pages/index/index');
    await page.instance.onShow();
    await settle();
    expect(textOf(page, '.staff-entry')).toBe('进入工作台（天河区总工会 吴芳）');
    await fire(page, '.staff-entry', 'tap');
    expect(fake.navigations).toEqual(['/staff/desk/desk']);
  });
});

describe('progress lookup', () => {
  const progress = {
    number: 'GD-20260302-000007', status: 'dispatched', createdAt: '2026-03-02T02:00:00.000Z',
    timeline: [{ at: '2026-03-02T02:00:00.000Z', text: '诉求已受理，生成工单' }, { at: '2026-03-02T03:00:00.000Z', text: '已交由广州市总工会办理' }],
  };

  async function lookup(number: string, last4: string, answer: () => unknown = () => progress) {
    const fake = fakeWx({ 'GET /mp/public/orders/GD-20260302-000007': answer });
    const page = render('pages/lookup/lookup');
    await settle();
    await fire(page, '.field-number', 'input', { value: number });
    await fire(page, '.field-phone', 'input', { value: last4 });
    await fire(page, '.search', 'tap');
    await until(() => !page.data.busy, 'lookup');
    return { fake, page };
  }

  test('without logging in, number and last four digits show the status and the timeline', async () => {
    const { fake, page } = await lookup(' gd-20260302-000007 ', '5678');
    const [call] = fake.calls;
    expect(call).toMatchObject({ method: 'GET', path: '/mp/public/orders/GD-20260302-000007', query: { phoneLast4: '5678' } });
    expect(call.header.authorization).toBeUndefined();
    expect(statusesOf(page)).toEqual(['待签收']);
    expect(textsOf(inside(page, '.steps'), '.step-text')).toEqual(['诉求已受理，生成工单', '已交由广州市总工会办理']);
  });

  test('checks the input before asking', async () => {
    const { fake, page } = await lookup('20260302', '5678');
    expect(textOf(page, '.lookup-error')).toContain('工单号格式');
    expect(fake.calls).toEqual([]);
  });

  test('a wrong pair reads as not found; being limited reads as the server says', async () => {
    const { page } = await lookup('GD-20260302-000007', '0000', () => new Reply(404, { error: { code: 'not_found', message: '工单不存在', details: [] } }));
    expect(textOf(page, '.lookup-error')).toBe('没有找到该工单，请核对工单号和电话后 4 位');
    expect(page.querySelector('.progress')).toBeUndefined();
    const limited = await lookup('GD-20260302-000007', '0000', () => new Reply(429, { error: { code: 'rate_limited', message: '请求过于频繁，请 6 秒后再试', details: [] } }));
    expect(textOf(limited.page, '.lookup-error')).toBe('请求过于频繁，请 6 秒后再试');
  });
});

describe('published results', () => {
  test('lists what the centre published, as the server words it', async () => {
    fakeWx({
      'GET /mp/public/results': () => ({
        total: 1,
        items: [{
          id: 1, category: 'wages', categoryLabel: '工资报酬', region: '广州市天河区', employer: '恒**子厂',
          summary: '某电子厂拖欠一名职工三个月工资约两万元。', result: '经区总工会协调，企业已全额补发拖欠工资。', publishedAt: '2026-03-10T02:00:00.000Z',
        }],
      }),
    });
    const page = render('pages/results/results');
    await page.instance.onLoad();
    await settle();
    expect(textOf(page, '.category')).toBe('工资报酬');
    expect(textOf(page, '.result .muted')).toBe('广州市天河区 · 2026-03-10');
    expect(textOf(page, '.employer')).toBe('恒**子厂');
    expect(textOf(page, '.outcome')).toBe('办理结果：经区总工会协调，企业已全额补发拖欠工资。');
  });
});

describe('common questions', () => {
  test('lists the knowledge base, searches it, and opens an answer', async () => {
    const article = (id: number, title: string) => ({ id, title, questions: [title], answer: `${title}的答案`, legalBasis: '《劳动法》', category: 'hours_leave' });
    const fake = fakeWx({
      'GET /public/knowledge': (call) => ({ items: call.query.q ? [article(9, '年休假有几天')] : [article(1, '加班费怎么算'), article(2, '试用期多长')], total: 2 }),
    });
    const page = render('pages/faq/faq');
    await page.instance.onLoad();
    await settle();
    expect(textsOf(page, '.title')).toEqual(['加班费怎么算', '试用期多长']);
    await fire(page, '.field-q', 'input', { value: '年休假' });
    await fire(page, '.field-q', 'confirm');
    await settle();
    expect(fake.calls.map((c) => c.query.q)).toEqual([undefined, '年休假']);
    expect(textsOf(page, '.title')).toEqual(['年休假有几天']);
    expect(page.querySelector('.answer')).toBeUndefined();
    await fire(page, '.article', 'tap');
    expect(textOf(page, '.answer-text')).toBe('年休假有几天的答案');
  });
});
