import { FakeWx, fakeWx, Reply, signedInWorker } from './support/fake-wx';
import { fire, inside, render, settle, textOf, textsOf, until } from './support/render';

const REGIONS: Record<string, Array<{ code: string; name: string; level: string; hasChildren: boolean }>> = {
  '': [{ code: '440100', name: '广州市', level: 'city', hasChildren: true }, { code: '441900', name: '东莞市', level: 'city', hasChildren: true }],
  '440100': [{ code: '440104', name: '越秀区', level: 'district', hasChildren: true }, { code: '440106', name: '天河区', level: 'district', hasChildren: true }],
  '440106': [{ code: '440106001', name: '五山街道', level: 'town', hasChildren: false }, { code: '440106002', name: '员村街道', level: 'town', hasChildren: false }],
};

let fake: FakeWx;
/** WeChat's one recorder: stopping it hands the recording to whoever listens. */
const recorder = {
  listener: null as ((r: { tempFilePath: string }) => void) | null,
  onStop(listener: (r: { tempFilePath: string }) => void) {
    this.listener = listener;
  },
  start() {},
  stop() {
    this.listener?.({ tempFilePath: 'wxfile://tmp/voice.mp3' });
  },
};

function open() {
  fake = fakeWx({
    'GET /mp/public/regions': (call) => ({ items: REGIONS[call.query.parentCode ?? ''] ?? [] }),
    'POST /mp/appeals': () => new Reply(201, { id: 42, status: 'registered' }),
  });
  signedInWorker(fake);
  Object.assign(wx, { getRecorderManager: () => recorder });
  return render('pages/appeal/submit/submit');
}

async function loaded() {
  const page = open();
  await page.instance.onLoad({});
  await settle();
  return page;
}

const type = (page: ReturnType<typeof open>, field: string, value: string) => fire(page, `.field-${field}`, 'input', { value });
const pick = (page: ReturnType<typeof open>, level: string, index: number) => fire(page, `.picker-${level}`, 'change', { value: String(index) });

test('the form opens with the cities to pick from and the phone the worker gave last time', async () => {
  const page = await loaded();
  expect(page.data.options.city.map((r: { name: string }) => r.name)).toEqual(['广州市', '东莞市']);
  expect(page.data.form.phone).toBe('13912345678');
  expect(textOf(page, '.picker-city')).toBe('选择地市');
  expect(page.querySelector('.picker-district')).toBeUndefined();
});

test('picking city, district and street lists each next level and names the place', async () => {
  const page = await loaded();
  await pick(page, 'city', 0);
  await until(() => page.data.options.district.length > 0, 'districts');
  await pick(page, 'district', 1);
  await until(() => page.data.options.town.length > 0, 'towns');
  await pick(page, 'town', 0);
  expect(page.data.regionCode).toBe('440106001');
  expect(textOf(page, '.region-name')).toBe('广州市天河区五山街道');
  expect(fake.callsTo('GET /mp/public/regions').map((c) => c.query.parentCode)).toEqual([undefined, '440100', '440106']);

  // Picking another city clears the levels below.
  await pick(page, 'city', 1);
  expect(page.data.regionCode).toBe('441900');
  expect(page.data.options.town).toEqual([]);
});

test('an incomplete form shows what is missing and sends nothing', async () => {
  const page = await loaded();
  await type(page, 'text', '欠薪');
  await type(page, 'phone', '12345');
  await type(page, 'employer', '厂');
  await fire(page, '.submit', 'tap');
  expect(textsOf(page, '.error')).toEqual([
    '请至少用 10 个字说明情况', '请选择事发地', '单位名称应为 2–100 个字', '请填写正确的手机号或带区号的固定电话',
  ]);
  expect(fake.callsTo('POST /mp/appeals')).toEqual([]);
  expect(fake.subscriptions).toEqual([]);
});

test('a complete form asks for progress messages, then sends exactly the appeal, and opens it', async () => {
  const page = await loaded();
  await type(page, 'text', '  我在天河区一家电子厂上班，老板拖欠三个月工资  ');
  await type(page, 'employer', '恒达电子厂');
  await type(page, 'phone', '13800001111');
  await pick(page, 'city', 0);
  await until(() => page.data.options.district.length > 0, 'districts');
  await pick(page, 'district', 1);
  await fire(page, '.field-anonymous', 'change', { value: true });
  await fire(inside(page, '.photos'), '.add', 'tap');
  await until(() => page.data.photoIds.length === 2, 'photos uploaded');
  await fire(page, '.voice-start', 'tap');
  await fire(page, '.voice-stop', 'tap');
  await until(() => page.data.voice.state === 'done', 'voice uploaded');

  await fire(page, '.submit', 'tap');
  await until(() => fake.navigations.length > 0, 'redirect');

  expect(fake.subscriptions).toEqual([['tmpl-progress']]);
  const [sent] = fake.callsTo('POST /mp/appeals');
  expect(sent.header.authorization).toBe('Bearer w_test');
  expect(sent.data).toEqual({
    requestId: expect.stringMatching(/^[\w-]{8,64}$/),
    text: '我在天河区一家电子厂上班，老板拖欠三个月工资',
    employer: '恒达电子厂',
    regionCode: '440106',
    phone: '13800001111',
    anonymous: true,
    photoIds: [101, 102],
    voiceId: 103,
  });
  expect(fake.uploads.map((u) => u.filePath)).toEqual(['wxfile://tmp/chosen-0.jpg', 'wxfile://tmp/chosen-1.jpg', 'wxfile://tmp/voice.mp3']);
  expect(fake.navigations).toEqual(['/pages/appeal/detail/detail?id=42']);
});

test('the server\'s refusal lands on the field it names; a retry keeps the same request id', async () => {
  const page = await loaded();
  const refusal = { code: 'invalid_request', message: '请选择广东省内的地区', details: [{ path: 'body.regionCode', message: '请选择广东省内的地区' }] };
  fake.routes['POST /mp/appeals'] = () => new Reply(400, { error: refusal });
  await type(page, 'text', '我在天河区一家电子厂上班，老板拖欠三个月工资');
  await pick(page, 'city', 0);
  await fire(page, '.submit', 'tap');
  await until(() => fake.toasts.length > 0, 'refusal');
  expect(textOf(page, '.error-regionCode')).toBe('请选择广东省内的地区');
  expect(fake.toasts).toEqual(['请选择广东省内的地区']);

  fake.routes['POST /mp/appeals'] = () => new Reply(201, { id: 43 });
  await fire(page, '.submit', 'tap');
  await until(() => fake.navigations.length > 0, 'redirect');
  const [first, second] = fake.callsTo('POST /mp/appeals');
  expect(second.data.requestId).toBe(first.data.requestId);
});

test('a refusal says the reason, not the path the server names the field by', async () => {
  const page = await loaded();
  const refusal = {
    code: 'invalid_request', message: '请求参数有误：body.text, body.employer',
    details: [{ path: 'body.text', message: '内容过长' }, { path: 'body.employer', message: '单位名称过长' }],
  };
  fake.routes['POST /mp/appeals'] = () => new Reply(400, { error: refusal });
  await type(page, 'text', '我在天河区一家电子厂上班，老板拖欠三个月工资');
  await pick(page, 'city', 0);
  await fire(page, '.submit', 'tap');
  await until(() => fake.toasts.length > 0, 'refusal');
  expect(fake.toasts).toEqual(['内容过长；单位名称过长']);
  expect(textOf(page, '.error-text')).toBe('内容过长');
});
